import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ENTERPRISE_SCALES,
  EnterpriseDto,
  EnterpriseScale,
  RESUMPTION_STATUSES,
  ResumptionStatus,
} from '@taizhang/contracts';
import { CountProp, UuidProp } from '../../../core/api-props';
import { PageOf } from '../../../core/page';

export class Enterprise implements EnterpriseDto {
  @UuidProp() id!: string;
  @ApiProperty({ example: '郑州万达重工股份有限公司' }) name!: string;
  @ApiProperty({ example: '91410100MA44XXXXXX' }) creditCode!: string;
  @ApiProperty({ enum: ENTERPRISE_SCALES }) scale!: EnterpriseScale;
  @ApiProperty() industry!: string;
  @UuidProp({ description: 'the town or grid' }) unitId!: string;
  @ApiProperty() address!: string;
  @ApiProperty() contactName!: string;
  @ApiProperty() contactPhone!: string;
  @ApiProperty({ description: '重点保障企业' }) key!: boolean;
  @ApiProperty({ enum: RESUMPTION_STATUSES }) resumption!: ResumptionStatus;
  @CountProp() headcount!: number;
  @CountProp() returnedHeadcount!: number;
  @ApiProperty({ type: String, format: 'uuid', isArray: true }) instructorIds!: string[];
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'cases still pending' })
  openCases?: number;
}

export const EnterprisePage = PageOf(Enterprise, 'EnterprisePage');
