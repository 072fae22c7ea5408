import { PENDING_STATUSES } from '@taizhang/domain';
import { EntityManager } from 'typeorm';
import { containsPattern } from '../sql/like';

/**
 * Reads of issue 14's supervision features (escalation target names, the assignee picker), each one query
 * with a typed row and its mapper.
 */

export interface UnitNameRow {
  id: string;
  name: string;
}

/** The names of these units (for the escalate dialog's "will go to …"). */
export async function unitNames(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows: UnitNameRow[] = await m.query(`SELECT id, name FROM units WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface AssigneeRow {
  id: string;
  display_name: string;
  username: string;
  role: string;
  open_cases: number;
}

export interface Assignee {
  id: string;
  displayName: string;
  username: string;
  role: string;
  openCases: number;
}

export const toAssignee = (r: AssigneeRow): Assignee => ({
  id: r.id,
  displayName: r.display_name,
  username: r.username,
  role: r.role,
  openCases: Number(r.open_cases),
});

/** The roles a case may be assigned to (the same as the assign command checks). */
export const ASSIGNABLE_ROLES = ['coordinator', 'bureau_officer'] as const;

/**
 * The active users of a unit a case can be assigned to, matching `q` (name or user name contains), each with
 * the number of pending cases assigned to him; the least busy first, then by name.
 */
export async function assigneesOfUnit(
  m: EntityManager,
  unitId: string,
  q: string | undefined,
  limit: number,
  offset: number,
): Promise<{ rows: Assignee[]; total: number }> {
  const params: unknown[] = [unitId, [...ASSIGNABLE_ROLES]];
  let search = '';
  if (q?.trim()) {
    params.push(containsPattern(q.trim()));
    search = ` AND (u.display_name ILIKE $${params.length} OR u.username ILIKE $${params.length})`;
  }
  const where = `u.unit_id = $1 AND u.active AND u.role = ANY($2::text[])${search}`;
  const [rows, count]: [AssigneeRow[], { n: number }[]] = await Promise.all([
    m.query(
      `SELECT u.id, u.display_name, u.username, u.role,
              (SELECT count(*)::int FROM cases c WHERE c.assignee_id = u.id AND c.status = ANY($${params.length + 1}::text[])) AS open_cases
         FROM users u WHERE ${where}
        ORDER BY open_cases, u.display_name, u.id LIMIT ${limit} OFFSET ${offset}`,
      [...params, [...PENDING_STATUSES]],
    ),
    m.query(`SELECT count(*)::int AS n FROM users u WHERE ${where}`, params),
  ]);
  return { rows: rows.map(toAssignee), total: Number(count[0]?.n ?? 0) };
}
