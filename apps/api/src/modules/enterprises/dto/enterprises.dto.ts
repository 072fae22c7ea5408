import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  CreateEnterpriseRequest,
  ENTERPRISE_SCALES,
  EnterpriseScale,
  RESUMPTION_STATUSES,
  ResumptionStatus,
  UpdateEnterpriseRequest,
} from '@taizhang/contracts';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { PageQuery, SearchText } from '../../../core/page';
import { toBool } from '../../../core/validation';

export class CreateEnterpriseDto implements CreateEnterpriseRequest {
  @ApiProperty({ example: '郑州万达重工股份有限公司' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: '91410100MA44XXXXXX', description: '18 characters, GB 32100-2015 check character' })
  @IsString()
  @Length(1, 40)
  creditCode!: string;
  @ApiProperty({ enum: ENTERPRISE_SCALES })
  @IsIn(ENTERPRISE_SCALES, { message: 'scale must be above (规上) or below (规下)' })
  scale!: EnterpriseScale;
  @ApiProperty({ example: '装备制造' }) @IsString() @Length(0, 100) industry!: string;
  @ApiProperty({ format: 'uuid', description: 'the town or grid' })
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId!: string;
  @ApiProperty() @IsString() @Length(0, 300) address!: string;
  @ApiProperty() @IsString() @Length(0, 50) contactName!: string;
  @ApiProperty() @IsString() @Length(0, 30) contactPhone!: string;
  @ApiProperty({ description: '重点保障企业 (its cases count as urgent)' })
  @IsBoolean({ message: 'key must be true or false' })
  key!: boolean;
  @ApiProperty({ enum: RESUMPTION_STATUSES })
  @IsIn(RESUMPTION_STATUSES, { message: `resumption must be one of ${RESUMPTION_STATUSES.join(', ')}` })
  resumption!: ResumptionStatus;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10_000_000 })
  @IsInt({ message: 'headcount must be a whole number' })
  @Min(0)
  @Max(10_000_000)
  headcount!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 10_000_000 })
  @IsInt({ message: 'returnedHeadcount must be a whole number' })
  @Min(0)
  @Max(10_000_000)
  returnedHeadcount!: number;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'instructorIds must be user ids (UUIDs)' })
  instructorIds!: string[];
}

export class UpdateEnterpriseDto
  extends PartialType(CreateEnterpriseDto)
  implements UpdateEnterpriseRequest {}

export class ListEnterprisesQuery extends PageQuery({ pageSize: 20, max: 200 }) {
  @SearchText('name or credit code')
  q?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
  @ApiPropertyOptional({ enum: ENTERPRISE_SCALES })
  @IsOptional()
  @IsIn(ENTERPRISE_SCALES, { message: 'scale must be above or below' })
  scale?: EnterpriseScale;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'key must be true or false' })
  key?: boolean;
}
