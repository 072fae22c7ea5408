import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { CASE_STATUSES, CaseStatus } from '@taizhang/contracts';
import type { CreateExportRequest } from '@taizhang/contracts';
import { ListCasesQuery } from '../../cases/dto/cases.dto';

/** The filters of GET /api/cases (same validation), without paging and sort: the body of POST /api/exports. */
export class CreateExportDto
  extends OmitType(ListCasesQuery, ['page', 'pageSize', 'sort', 'cursor'] as const)
  implements CreateExportRequest
{
  // one shape in the document: a list (a comma-separated string is still read, as in the query)
  @ApiPropertyOptional({ enum: CASE_STATUSES, isArray: true, description: 'one status or several' })
  declare status?: CaseStatus[];
}
