import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  CASE_PRIORITIES,
  CasePriority,
  DeadlinePolicyDto,
  PutDeadlinePoliciesRequest,
} from '@taizhang/contracts';
import { DeadlinePolicyEntity } from '@taizhang/db';
import type { CaseLevel } from '@taizhang/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser, Roles } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { validateBody } from '../../core/validation';
import { AuditService } from '../audit/audit.service';
import { ReferenceCache } from '../cases/reference-cache';

const TEN_YEARS = 10 * 365 * 24 * 60;

export class DeadlinePolicyItem implements DeadlinePolicyDto {
  @ApiProperty({ type: 'integer', enum: [0, 1, 2] })
  @IsIn([0, 1, 2], { message: 'level must be 0 (town), 1 (county) or 2 (city)' })
  level!: CaseLevel;
  @ApiProperty({ enum: CASE_PRIORITIES })
  @IsIn(CASE_PRIORITIES, { message: 'priority must be normal or urgent' })
  priority!: CasePriority;
  @ApiProperty({ type: Number, minimum: 0.01, maximum: TEN_YEARS, description: 'minutes; fractions allowed' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'respondMinutes must be a number' })
  @Min(0.01, { message: 'respondMinutes must be at least 0.01' })
  @Max(TEN_YEARS, { message: 'respondMinutes must be at most ten years' })
  respondMinutes!: number;
  @ApiProperty({ type: Number, minimum: 0.01, maximum: TEN_YEARS, description: 'minutes; fractions allowed' })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'resolveMinutes must be a number' })
  @Min(0.01, { message: 'resolveMinutes must be at least 0.01' })
  @Max(TEN_YEARS, { message: 'resolveMinutes must be at most ten years' })
  resolveMinutes!: number;
  @ApiProperty() @IsBoolean({ message: 'workingTime must be true or false' }) workingTime!: boolean;
  @ApiProperty()
  @IsBoolean({ message: 'respondByEndOfDay must be true or false' })
  respondByEndOfDay!: boolean;
  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: 60,
    default: 5,
    description:
      'extension requests (延期申请): the most working days one extension may add (one per level); left out: unchanged',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'maxExtensionDays must be a number' })
  @Min(0, { message: 'maxExtensionDays must be at least 0' })
  @Max(60, { message: 'maxExtensionDays must be at most 60' })
  maxExtensionDays?: number;
}

export class PutDeadlinePoliciesDto implements PutDeadlinePoliciesRequest {
  @ApiProperty({ type: [DeadlinePolicyItem] })
  @IsArray()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => DeadlinePolicyItem)
  policies!: DeadlinePolicyItem[];
}

@ApiTags('administration')
@ApiBearerAuth()
@ApiExtraModels(PutDeadlinePoliciesDto)
@Controller('deadline-policies')
export class DeadlinePoliciesController {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceCache,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'listDeadlinePolicies',
    summary: 'Deadline policies per level and priority',
    description: 'The whole set, as PUT takes it back.',
  })
  @ApiOkResponse({ type: DeadlinePolicyItem, isArray: true })
  async list(): Promise<DeadlinePolicyDto[]> {
    const rows = await this.ds
      .getRepository(DeadlinePolicyEntity)
      .find({ order: { level: 'ASC', priority: 'ASC' } });
    return rows.map((r) => ({
      level: r.level as CaseLevel,
      priority: r.priority as CasePriority,
      respondMinutes: r.respondMinutes,
      resolveMinutes: r.resolveMinutes,
      workingTime: r.workingTime,
      respondByEndOfDay: r.respondByEndOfDay,
      maxExtensionDays: r.maxExtensionDays,
    }));
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    operationId: 'updateDeadlinePolicies',
    summary:
      'Change deadline policies (admin); policies not listed stay as they are. Applies to cases opened or moved afterwards.',
    description: 'Send the list as GET answers it (or wrapped, `{ policies: [...] }`).',
  })
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'array', maxItems: 6, items: { $ref: getSchemaPath(DeadlinePolicyItem) } },
        { $ref: getSchemaPath(PutDeadlinePoliciesDto) },
      ],
    },
  })
  @ApiOkResponse({ type: DeadlinePolicyItem, isArray: true })
  async put(@CurrentUser() actor: AuthUser, @Body() body: unknown): Promise<DeadlinePolicyDto[]> {
    const dto = await validateBody(PutDeadlinePoliciesDto, body, (v) =>
      Array.isArray(v) ? { policies: v } : v,
    );
    const seen = new Set<string>();
    dto.policies.forEach((p, i) => {
      const key = `${p.level}/${p.priority}`;
      if (seen.has(key))
        throw ApiError.invalid(`policies[${i}]`, `level ${p.level} ${p.priority} is listed twice`);
      seen.add(key);
      if (p.resolveMinutes < p.respondMinutes)
        throw ApiError.invalid(`policies[${i}].resolveMinutes`, 'must not be shorter than respondMinutes');
    });
    this.refs.invalidate();
    // the policies this request changes, as they were (the others stay as they are)
    const before = (await this.list()).filter((p) => seen.has(`${p.level}/${p.priority}`));
    // a policy sent without maxExtensionDays keeps its own
    const kept = new Map(before.map((p) => [`${p.level}/${p.priority}`, p.maxExtensionDays]));
    const rows = dto.policies.map((p) => ({
      ...p,
      maxExtensionDays: p.maxExtensionDays ?? kept.get(`${p.level}/${p.priority}`) ?? 5,
    }));
    await this.ds.transaction(async (m) => {
      await m.getRepository(DeadlinePolicyEntity).upsert(rows, ['level', 'priority']);
      await this.audit.record(m, actor, 'deadline_policies', null, 'update', before, rows);
    });
    this.refs.invalidate();
    return this.list();
  }
}
