import { Injectable } from '@nestjs/common';
import type { AuditEntity, AuditLogEntryDto, AuditLogQuery, Page } from '@taizhang/contracts';
import { listAudit, writeAudit } from '@taizhang/db';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';

/** Fields that never go into the audit log, whatever entity they belong to. */
const SECRET_KEYS = new Set(['password', 'passwordHash', 'password_hash', 'newPassword', 'currentPassword']);

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEYS.has(k))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    );
  }
  return value;
}

@Injectable()
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  /**
   * One administrative change, written with `m` (the change's own transaction), secrets removed. An
   * `update` that changed nothing is not written.
   */
  record(
    m: EntityManager | DataSource,
    actor: AuthUser,
    entity: AuditEntity,
    entityId: string | null,
    action: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    if (action === 'update' && JSON.stringify(before) === JSON.stringify(after)) return Promise.resolve();
    return writeAudit(m, {
      actorId: actor.id,
      actorUsername: actor.username,
      entity,
      entityId,
      action,
      before: before === null || before === undefined ? null : withoutSecrets(before),
      after: after === null || after === undefined ? null : withoutSecrets(after),
    });
  }

  async list(query: AuditLogQuery): Promise<Page<AuditLogEntryDto>> {
    const { page = 1, pageSize = 20 } = query;
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from >= to) throw ApiError.invalid('to', 'must be later than from');
    const { rows, total } = await listAudit(this.ds, {
      entity: query.entity,
      entityId: query.entityId,
      actorId: query.actorId,
      from,
      to,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return {
      items: rows.map((r) => ({
        ...r,
        at: r.at.toISOString(),
        entity: r.entity as AuditEntity,
        // jsonb columns: an object, a list or null (what the writer stored)
        before: r.before as AuditLogEntryDto['before'],
        after: r.after as AuditLogEntryDto['after'],
      })),
      total,
      page,
      pageSize,
    };
  }
}
