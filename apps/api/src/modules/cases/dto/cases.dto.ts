import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CASE_ACTIONS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CaseAction,
  CaseActionRequest,
  CasePriority,
  CaseStatus,
  CreateCaseRequest,
} from '@taizhang/contracts';
import { LEDGER_SORT_KEYS } from '@taizhang/db';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageQuery, SearchText } from '../../../core/page';
import { toBool, toInt } from '../../../core/validation';

export class CreateCaseDto implements CreateCaseRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'enterpriseId must be a UUID' })
  enterpriseId!: string;
  @ApiProperty({ example: 'labor' }) @IsString() @Length(1, 32) categoryCode!: string;
  @ApiProperty({ example: '春节后返岗员工不足，缺少熟练焊工30名' })
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @Length(1, 200, { message: 'title must have 1–200 characters' })
  title!: string;
  @ApiProperty({ example: '企业订单已恢复，但外地员工返岗率仅60%，急需招聘焊工。' })
  @IsString()
  @Length(0, 5000, { message: 'description must have at most 5000 characters' })
  description!: string;
  @ApiPropertyOptional({ enum: CASE_PRIORITIES, default: 'normal' })
  @IsOptional()
  @IsIn(CASE_PRIORITIES, { message: 'priority must be normal or urgent' })
  priority?: CasePriority;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the visit (走访) the problem was raised in: a visit to the same enterprise',
  })
  @IsOptional()
  @IsUUID('all', { message: 'visitId must be a UUID' })
  visitId?: string;
}

export class CaseActionDto implements CaseActionRequest {
  @ApiProperty({ enum: CASE_ACTIONS })
  @IsIn(CASE_ACTIONS, { message: `action must be one of ${CASE_ACTIONS.join(', ')}` })
  action!: CaseAction;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'the case version the client saw; a stale one is a 409',
  })
  @IsInt({ message: 'version must be a whole number' })
  @Min(1)
  version!: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'assign: the user who is to handle the case' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;
  @ApiPropertyOptional({
    description: 'escalate, return, reopen, cancel (required); urge, assign (optional)',
  })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  reason?: string;
  @ApiPropertyOptional({ description: 'resolve: how the problem was solved' })
  @IsOptional()
  @IsString()
  @Length(0, 5000)
  resolution?: string;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 5,
    description:
      "confirm (required) and reopen (optional): the enterprise's rating of the handling, 1–5 (never pre-set)",
  })
  @IsOptional()
  @IsInt({ message: 'rating must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating must be a whole number from 1 to 5' })
  @Max(5, { message: 'rating must be a whole number from 1 to 5' })
  rating?: number;
  @ApiPropertyOptional({
    description: "comment: the text; confirm: the enterprise's comment on its rating (optional)",
  })
  @IsOptional()
  @IsString()
  @Length(0, 5000)
  comment?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      "request_extension: the new resolve-by asked for (at most the policy's maxExtensionDays working days later)",
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an ISO 8601 date and time' })
  until?: string;
}

/** The actions the inbox applies to many cases at once. */
export const BULK_ACTIONS = ['assign', 'urge'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export class BulkCaseActionDto {
  @ApiProperty({ enum: BULK_ACTIONS })
  @IsIn(BULK_ACTIONS, { message: `action must be one of ${BULK_ACTIONS.join(', ')}` })
  action!: BulkAction;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, minItems: 1, maxItems: 100 })
  @IsArray({ message: 'caseIds must be a list of case ids' })
  @ArrayMinSize(1, { message: 'caseIds must name at least one case' })
  @ArrayMaxSize(100, { message: 'caseIds may name at most 100 cases' })
  @IsUUID('all', { each: true, message: 'each of caseIds must be a UUID' })
  caseIds!: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'assign: the user who is to handle the cases' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;
  @ApiPropertyOptional({ description: 'urge: what the bureau or unit is urged to do; assign: a note' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  reason?: string;
}

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

const SORT_VALUES = LEDGER_SORT_KEYS.flatMap((k) => [k, `-${k}`]);

export class ListCasesQuery extends PageQuery({ pageSize: 20, max: 200, maxPage: 1_000_000 }) {
  @ApiPropertyOptional({
    enum: CASE_STATUSES,
    isArray: true,
    description: 'one status or several (repeated, or comma-separated in one value)',
  })
  @IsOptional()
  @Transform(toList)
  @IsIn(CASE_STATUSES, { each: true, message: `status must be among ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus[];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) category?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'cases of this unit and the units under it, or held by it',
  })
  @IsOptional()
  @IsUUID('all', { message: 'unitId must be a UUID' })
  unitId?: string;
  @ApiPropertyOptional({ type: 'integer', enum: [0, 1, 2] })
  @IsOptional()
  @Transform(toInt)
  @IsIn([0, 1, 2], { message: 'level must be 0, 1 or 2' })
  level?: 0 | 1 | 2;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
  @SearchText('ledger number, title or enterprise name')
  q?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'enterpriseId must be a UUID' })
  enterpriseId?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;
  @ApiPropertyOptional({ enum: SORT_VALUES, default: '-openedAt' })
  @IsOptional()
  @IsIn(SORT_VALUES, { message: `sort must be one of ${SORT_VALUES.join(', ')}` })
  sort?: string;
  @ApiPropertyOptional({
    description:
      'keyset paging: the `nextCursor` of the previous page (same filters and sort). The page after it is read by seeking ' +
      'on an index, so deep pages cost what the first one does, and `page` ' +
      'is ignored. Without a cursor, `page`/`pageSize` page by offset. `total` is exact, except with a cursor when the filters ' +
      'need a count over the ledger (a search, an enterprise or assignee): then it is an estimate (`totalEstimated: true`).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}
