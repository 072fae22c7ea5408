import { Injectable } from '@nestjs/common';
import type { CasePriority, DeadlinePolicyDto } from '@taizhang/contracts';
import { DeadlinePolicyEntity } from '@taizhang/db';
import type { CaseLevel } from '@taizhang/domain';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { AuditService } from '../audit/audit.service';
import { ReferenceCache } from '../reference/reference-cache.service';
import { PutDeadlinePoliciesDto } from './dto/deadline-policies.dto';

/** Deadline policies per level and priority: what new and moved cases' deadlines are computed from. */
@Injectable()
export class DeadlinePoliciesService {
  constructor(
    private readonly ds: DataSource,
    private readonly refs: ReferenceCache,
    private readonly audit: AuditService,
  ) {}

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
      nearLeadHours: r.nearLeadHours ?? null,
    }));
  }

  async update(actor: AuthUser, dto: PutDeadlinePoliciesDto): Promise<DeadlinePolicyDto[]> {
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
    const kept = new Map(before.map((p) => [`${p.level}/${p.priority}`, p]));
    // … and without nearLeadHours its own lead (null: the worker's default)
    const rows = dto.policies.map((p) => ({
      ...p,
      maxExtensionDays: p.maxExtensionDays ?? kept.get(`${p.level}/${p.priority}`)?.maxExtensionDays ?? 5,
      nearLeadHours:
        p.nearLeadHours !== undefined
          ? p.nearLeadHours
          : (kept.get(`${p.level}/${p.priority}`)?.nearLeadHours ?? null),
    }));
    await this.ds.transaction(async (m) => {
      await m.getRepository(DeadlinePolicyEntity).upsert(rows, ['level', 'priority']);
      await this.audit.record(m, actor, 'deadline_policies', null, 'update', before, rows);
    });
    this.refs.invalidate();
    return this.list();
  }
}
