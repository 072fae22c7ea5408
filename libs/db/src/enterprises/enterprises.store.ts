import { PENDING_STATUSES, sqlStatusList } from '@taizhang/domain';
import type { EntityManager } from 'typeorm';
import type { LedgerViewer } from '../cases/ledger-filter';
import { unitSubtree } from '../reference/units.store';
import { containsPattern } from '../sql/like';

/**
 * Reads of the enterprises feature: who may see an enterprise, the list's page, the rows it answers with.
 * Creating and updating enterprises go through the TypeORM repositories (EnterpriseEntity, …).
 */

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

/** SQL condition on alias `e` for the enterprises this viewer may see; pushes its parameters. */
export function enterpriseVisibility(viewer: LedgerViewer, params: unknown[]): string {
  if (viewer.role === 'admin') return 'TRUE';
  if (!viewer.unitId && viewer.role !== 'instructor') return 'FALSE';
  switch (viewer.role) {
    case 'instructor':
      params.push(viewer.id);
      return `e.id IN (SELECT enterprise_id FROM enterprise_instructors WHERE user_id = $${params.length})`;
    case 'coordinator':
      params.push(viewer.unitId);
      return `e.town_id = $${params.length}`;
    case 'bureau_officer':
      // a bureau serves the county or city it is attached to
      params.push(viewer.unitId);
      return `e.town_id IN ${unitSubtree(`(SELECT parent_id FROM units WHERE id = $${params.length})`)}`;
    case 'manager':
      params.push(viewer.unitId);
      return `e.town_id IN ${unitSubtree(`$${params.length}`)}`;
    default:
      return 'FALSE';
  }
}

/** The list's filters. */
export interface EnterpriseFilters {
  /** name or credit code contains */
  q?: string;
  /** the unit, or a unit above the enterprise's town */
  unitId?: string;
  scale?: string;
  key?: boolean;
}

/** One page of the enterprises the viewer may see (key ones first, then by name): their ids and the total. */
export async function enterprisePage(
  q: Queryable,
  viewer: LedgerViewer,
  f: EnterpriseFilters,
  page: number,
  pageSize: number,
): Promise<{ ids: string[]; total: number }> {
  const params: unknown[] = [];
  const where = [enterpriseVisibility(viewer, params)];
  if (f.q) {
    params.push(containsPattern(f.q));
    where.push(`(e.name ILIKE $${params.length} OR e.credit_code ILIKE $${params.length})`);
  }
  if (f.unitId) {
    params.push(f.unitId);
    where.push(`(e.unit_id = $${params.length} OR e.town_id IN ${unitSubtree(`$${params.length}`)})`);
  }
  if (f.scale) {
    params.push(f.scale);
    where.push(`e.scale = $${params.length}`);
  }
  if (f.key !== undefined) {
    params.push(f.key);
    where.push(`e.key = $${params.length}`);
  }
  const cond = where.join(' AND ');
  const [{ total }]: { total: number }[] = await q.query(
    `SELECT count(*)::int AS total FROM enterprises e WHERE ${cond}`,
    params,
  );
  const rows: { id: string }[] = await q.query(
    `SELECT e.id FROM enterprises e WHERE ${cond} ORDER BY e.key DESC, e.name ASC, e.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
  return { ids: rows.map((r) => r.id), total };
}

/** May the viewer see this enterprise (false too when there is none)? */
export async function enterpriseIsVisible(q: Queryable, viewer: LedgerViewer, id: string): Promise<boolean> {
  const params: unknown[] = [id];
  const cond = enterpriseVisibility(viewer, params);
  const found: unknown[] = await q.query(
    `SELECT e.id FROM enterprises e WHERE e.id = $1 AND ${cond}`,
    params,
  );
  return found.length > 0;
}

/** How many of these users belong to the unit or a unit under it. */
export async function usersInUnitTree(q: Queryable, userIds: string[], unitId: string): Promise<number> {
  const [{ n }]: { n: number }[] = await q.query(
    `SELECT count(*)::int AS n FROM users WHERE id = ANY($1::uuid[]) AND unit_id IN ${unitSubtree('$2')}`,
    [userIds, unitId],
  );
  return n;
}

/** An `enterprises` row with its instructors and its number of pending cases. */
export interface EnterpriseRow {
  id: string;
  name: string;
  credit_code: string;
  scale: string;
  industry: string;
  unit_id: string;
  town_id: string;
  address: string;
  contact_name: string;
  contact_phone: string;
  key: boolean;
  resumption: string;
  headcount: number;
  returned_headcount: number;
  instructor_ids: string[];
  open_cases: number;
}

/** These enterprises' rows, in no particular order (the caller orders them). */
export async function enterpriseRows(q: Queryable, ids: string[]): Promise<EnterpriseRow[]> {
  if (!ids.length) return [];
  return q.query(
    `SELECT e.*, COALESCE((SELECT array_agg(ei.user_id) FROM enterprise_instructors ei WHERE ei.enterprise_id = e.id), '{}') AS instructor_ids,
              (SELECT count(*)::int FROM cases c WHERE c.enterprise_id = e.id AND c.status IN ${sqlStatusList(PENDING_STATUSES)}) AS open_cases
         FROM enterprises e WHERE e.id = ANY($1::uuid[])`,
    [ids],
  );
}
