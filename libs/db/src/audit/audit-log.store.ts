import { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  actorId: string | null;
  actorUsername: string;
  entity: string;
  entityId: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AuditRow extends AuditEntry {
  id: string;
  at: Date;
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

type Queryable = DataSource | EntityManager;

/** An audit_log row as read. */
interface AuditLogDbRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_username: string;
  entity: string;
  entity_id: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

/** Append one administrative change; call it in the transaction that makes the change. */
export async function writeAudit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (actor_id, actor_username, entity, entity_id, action, before, after) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
    [
      e.actorId,
      e.actorUsername,
      e.entity,
      e.entityId,
      e.action,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  );
}

/** Newest first, filtered, one page; with the count of all matching rows. */
export async function listAudit(q: Queryable, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.entity) add('entity = ?', f.entity);
  if (f.entityId) add('entity_id = ?', f.entityId);
  if (f.actorId) add('actor_id = ?', f.actorId);
  if (f.from) add('at >= ?', f.from);
  if (f.to) add('at < ?', f.to);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }] = await q.query(`SELECT count(*)::int AS total FROM audit_log ${clause}`, params);
  const rows: AuditLogDbRow[] = await q.query(
    `SELECT id, at, actor_id, actor_username, entity, entity_id, action, before, after FROM audit_log ${clause}
      ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorUsername: r.actor_username,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      before: r.before,
      after: r.after,
    })),
  };
}
