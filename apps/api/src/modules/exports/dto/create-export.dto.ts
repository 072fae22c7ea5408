import { OmitType } from '@nestjs/swagger';
import type { CreateExportRequest } from '@taizhang/contracts';
import { ListCasesQuery } from '../../cases/cases.dto';

/** The filters of GET /api/cases (same validation), without paging and sort: the body of POST /api/exports. */
export class CreateExportDto
  extends OmitType(ListCasesQuery, ['page', 'pageSize', 'sort', 'cursor'] as const)
  implements CreateExportRequest {}
