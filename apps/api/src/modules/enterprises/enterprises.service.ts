import { Injectable } from '@nestjs/common';
import type { EnterpriseDto, EnterpriseScale, Page, ResumptionStatus } from '@taizhang/contracts';
import {
  EnterpriseEntity,
  EnterpriseInstructorEntity,
  UnitEntity,
  UserEntity,
  enterpriseIsVisible,
  enterprisePage,
  enterpriseRows,
  usersInUnitTree,
} from '@taizhang/db';
import { checkCreditCode } from '@taizhang/domain';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError, fromRefusal } from '../../core/errors';
import { CreateEnterpriseDto, ListEnterprisesQuery, UpdateEnterpriseDto } from './dto/enterprises.dto';

@Injectable()
export class EnterprisesService {
  constructor(private readonly ds: DataSource) {}

  async list(user: AuthUser, q: ListEnterprisesQuery): Promise<Page<EnterpriseDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { ids, total } = await enterprisePage(this.ds, user, q, page, pageSize);
    return { items: await this.load(ids), total, page, pageSize };
  }

  async get(user: AuthUser, id: string): Promise<EnterpriseDto> {
    if (!(await enterpriseIsVisible(this.ds, user, id)))
      throw new ApiError('ENTERPRISE.NOT_FOUND', 'No enterprise with this id in your jurisdiction');
    return (await this.load([id]))[0];
  }

  async create(user: AuthUser, dto: CreateEnterpriseDto): Promise<EnterpriseDto> {
    const id = await this.ds.transaction(async (m) => {
      const values = await this.validate(m, user, dto, null);
      const saved = await m
        .getRepository(EnterpriseEntity)
        .save(m.getRepository(EnterpriseEntity).create(values.row));
      await this.setInstructors(m, saved.id, values.instructorIds);
      return saved.id;
    });
    return (await this.load([id]))[0];
  }

  async update(user: AuthUser, id: string, dto: UpdateEnterpriseDto): Promise<EnterpriseDto> {
    await this.get(user, id);
    await this.ds.transaction(async (m) => {
      const current = await m
        .getRepository(EnterpriseEntity)
        .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const values = await this.validate(m, user, dto, current);
      await m.getRepository(EnterpriseEntity).update({ id }, values.row);
      if (dto.instructorIds) await this.setInstructors(m, id, values.instructorIds);
    });
    return (await this.load([id]))[0];
  }

  private async validate(
    m: EntityManager,
    user: AuthUser,
    dto: UpdateEnterpriseDto,
    current: EnterpriseEntity | null,
  ) {
    // PATCH fields are optional, which lets `null` through validation: no enterprise field may be null.
    for (const [field, value] of Object.entries(dto)) {
      if (value === null)
        throw ApiError.invalid(field, 'must not be null: leave the field out to keep its value');
    }
    const row: Partial<EnterpriseEntity> = {};
    if (dto.name !== undefined) row.name = dto.name.trim();
    if (dto.creditCode !== undefined) {
      const checked = checkCreditCode(dto.creditCode);
      if (!checked.ok) throw fromRefusal(checked);
      const clash = await m.getRepository(EnterpriseEntity).findOne({ where: { creditCode: checked.code } });
      if (clash && clash.id !== current?.id) {
        // Name the other enterprise only to a caller who may see it.
        const seen = await enterpriseIsVisible(m, user, clash.id);
        const detail = seen
          ? `Enterprise ${clash.name} already has credit code ${checked.code}`
          : `Credit code ${checked.code} is already registered to another enterprise (outside your jurisdiction)`;
        throw new ApiError('ENTERPRISE.DUPLICATE', detail, {
          errors: [{ field: 'creditCode', message: 'already registered' }],
        });
      }
      row.creditCode = checked.code;
    }
    for (const k of [
      'scale',
      'industry',
      'address',
      'contactName',
      'contactPhone',
      'key',
      'resumption',
      'headcount',
      'returnedHeadcount',
    ] as const) {
      if (dto[k] !== undefined)
        (row as Record<string, unknown>)[k] = typeof dto[k] === 'string' ? dto[k].trim() : dto[k];
    }
    const headcount = row.headcount ?? current?.headcount ?? 0;
    const returned = row.returnedHeadcount ?? current?.returnedHeadcount ?? 0;
    if (returned > headcount) throw ApiError.invalid('returnedHeadcount', 'cannot be larger than headcount');
    if (dto.unitId !== undefined) {
      const unit = await m.getRepository(UnitEntity).findOne({ where: { id: dto.unitId } });
      if (!unit || (unit.kind !== 'town' && unit.kind !== 'grid'))
        throw ApiError.invalid('unitId', 'must be a town or a grid');
      // A disabled town or grid (or a grid of a disabled town) takes no enterprise; one already there stays
      // (sending its unit again is no move). The message names no unit: it may be outside the caller's town.
      if (unit.id !== current?.unitId) {
        const town =
          unit.kind === 'grid' && unit.parentId
            ? await m.getRepository(UnitEntity).findOne({ where: { id: unit.parentId } })
            : unit;
        if (!unit.active || !town?.active)
          throw ApiError.invalid('unitId', 'this town or grid is disabled: pick an enabled one');
      }
      row.unitId = unit.id;
      row.townId = unit.kind === 'town' ? unit.id : (unit.parentId as string);
    }
    const townId = row.townId ?? current?.townId;
    if (user.role === 'coordinator' && townId !== user.unitId)
      throw ApiError.invalid('unitId', 'must be in your own town');
    if (user.role !== 'admin' && user.role !== 'coordinator')
      throw new ApiError('AUTH.FORBIDDEN', 'Only admins and town coordinators manage enterprises');
    const instructorIds = [...new Set(dto.instructorIds ?? [])];
    if (instructorIds.length) {
      const found = await m
        .getRepository(UserEntity)
        .count({ where: { id: In(instructorIds), role: 'instructor', active: true } });
      if (found !== instructorIds.length)
        throw ApiError.invalid('instructorIds', 'every id must be an active instructor');
    }
    // Instructors serve the enterprises of their own town (or of a grid in it): checked whenever the
    // instructors or the town change, so no one from elsewhere is attached (and so reads its cases).
    const moved = current !== null && row.townId !== undefined && row.townId !== current.townId;
    if (townId && (dto.instructorIds !== undefined || moved)) {
      const ids =
        dto.instructorIds !== undefined
          ? instructorIds
          : await this.instructorsOf(m, (current as EnterpriseEntity).id);
      if (ids.length) {
        const n = await usersInUnitTree(m, ids, townId);
        if (n !== ids.length) {
          throw ApiError.invalid(
            'instructorIds',
            dto.instructorIds !== undefined
              ? "every instructor must belong to the enterprise's town (or a grid in it)"
              : "the enterprise's instructors belong to its old town: send the new town's instructors in instructorIds with the move",
          );
        }
      }
    }
    return { row, instructorIds };
  }

  private async instructorsOf(m: EntityManager, enterpriseId: string): Promise<string[]> {
    const rows = await m.getRepository(EnterpriseInstructorEntity).find({ where: { enterpriseId } });
    return rows.map((r) => r.userId);
  }

  private async setInstructors(m: EntityManager, enterpriseId: string, userIds: string[]) {
    await m.getRepository(EnterpriseInstructorEntity).delete({ enterpriseId });
    if (userIds.length)
      await m
        .getRepository(EnterpriseInstructorEntity)
        .insert(userIds.map((userId) => ({ enterpriseId, userId })));
  }

  async load(ids: string[]): Promise<EnterpriseDto[]> {
    const rows = await enterpriseRows(this.ds, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => {
      const r = byId.get(id) as (typeof rows)[number];
      return {
        id,
        name: r.name,
        creditCode: r.credit_code,
        scale: r.scale as EnterpriseScale,
        industry: r.industry,
        unitId: r.unit_id,
        address: r.address,
        contactName: r.contact_name,
        contactPhone: r.contact_phone,
        key: r.key,
        resumption: r.resumption as ResumptionStatus,
        headcount: r.headcount,
        returnedHeadcount: r.returned_headcount,
        instructorIds: r.instructor_ids,
        openCases: r.open_cases,
      };
    });
  }
}
