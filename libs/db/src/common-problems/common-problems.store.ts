import type { CommonProblemDto } from '@taizhang/contracts';
import { PENDING_STATUSES, sqlStatusList } from '@taizhang/domain';
import type { EntityManager } from 'typeorm';
import type { CasesRow } from '../cases/case-rows';
import { containsPattern } from '../sql/like';

/**
 * The SQL of 共性问题 (common problems): groups of cases handled once, and the candidates of similar-case
 * suggestions. Case changes of a group's action go through `applyTransitions` like any other.
 */

type Db = Pick<EntityManager, 'query'>;
/** A common_problems row as GROUP_COLUMNS reads it. */
interface GroupDbRow {
  id: string;
  title: string;
  unit_id: string | null;
  unit_name: string | null;
  created_by_id: string;
  created_by_name: string | null;
  created_at: Date;
  updated_at: Date;
  members: number | string;
  pending: number | string;
  enterprises: number | string;
  holder_unit_ids: string[] | null;
}

const PENDING = sqlStatusList(PENDING_STATUSES);

export interface GroupViewer {
  id: string;
  role: string;
  unitId: string | null;
}

/**
 * SQL condition on a group aliased `g` for "this user may see it", pushing parameters: the coordinators and
 * officers of its unit or of a unit holding one of its members now, the managers of its unit or a unit above
 * it, admins. Instructors see none.
 */
export function commonProblemVisibility(user: GroupViewer, params: unknown[]): string {
  if (user.role === 'admin') return 'TRUE';
  if (!user.unitId || !['coordinator', 'bureau_officer', 'manager'].includes(user.role)) return 'FALSE';
  params.push(user.unitId);
  const u = `$${params.length}`;
  if (user.role !== 'manager')
    return `(g.unit_id = ${u} OR EXISTS (SELECT 1 FROM common_problem_members hm JOIN cases hc ON hc.id = hm.case_id
                                          WHERE hm.common_problem_id = g.id AND hc.unit_id = ${u}))`;
  return `(g.unit_id = ${u} OR g.unit_id IN (
            WITH RECURSIVE sub AS (SELECT id FROM units WHERE parent_id = ${u}
                                   UNION ALL SELECT x.id FROM units x JOIN sub ON x.parent_id = sub.id)
            SELECT id FROM sub))`;
}

// ------------------------------------------------------------------ suggestions

export interface SimilarCandidateRow {
  id: string;
  ledgerNo: string;
  title: string;
  description: string;
  status: string;
  enterpriseId: string;
  enterpriseName: string;
  categoryCode: string;
  openedAt: Date;
  commonProblemId: string | null;
}

/** The town of an enterprise (the unit a new case of it goes to), or null. */
export async function enterpriseTown(db: Db, enterpriseId: string): Promise<string | null> {
  const rows: { town_id: string }[] = await db.query(`SELECT town_id FROM enterprises WHERE id = $1`, [
    enterpriseId,
  ]);
  return rows[0]?.town_id ?? null;
}

/**
 * A case's holder, category, title and description, if `visibleWhere` (a condition on `cases c`, the caller's
 * jurisdiction) lets it through; null otherwise.
 */
export async function similarityProbe(
  db: Db,
  caseId: string,
  visibleWhere: string,
  params: unknown[],
): Promise<{ unitId: string; categoryCode: string; title: string; description: string } | null> {
  const p = [...params];
  const rows: Pick<CasesRow, 'unit_id' | 'category_code' | 'title' | 'description'>[] = await db.query(
    `SELECT c.unit_id, c.category_code, c.title, c.description FROM cases c WHERE c.id = $${p.push(caseId)} AND ${visibleWhere}`,
    p,
  );
  const r = rows[0];
  return r
    ? {
        unitId: r.unit_id,
        categoryCode: r.category_code,
        title: r.title,
        description: r.description ?? '',
      }
    : null;
}

/**
 * The pending cases in one category `visibleWhere` (a condition on `cases c`, e.g. the ledger's
 * jurisdiction) lets through, newest first, at most `limit`: what the similarity is computed over.
 */
export async function similarCandidates(
  db: Db,
  opts: {
    visibleWhere: string;
    params: unknown[];
    categoryCode: string;
    /** The unit holding them (the probe's jurisdiction). */
    holderUnitId: string;
    excludeCaseId?: string;
    limit: number;
  },
): Promise<SimilarCandidateRow[]> {
  const params = [...opts.params];
  const cond = [
    opts.visibleWhere,
    `c.status IN ${PENDING}`,
    `c.category_code = $${params.push(opts.categoryCode)}`,
    `c.unit_id = $${params.push(opts.holderUnitId)}`,
  ];
  if (opts.excludeCaseId) cond.push(`c.id <> $${params.push(opts.excludeCaseId)}`);
  const rows: (Pick<
    CasesRow,
    'id' | 'ledger_no' | 'title' | 'description' | 'status' | 'enterprise_id' | 'category_code' | 'opened_at'
  > & { enterprise_name: string; common_problem_id: string | null })[] = await db.query(
    `SELECT c.id, c.ledger_no, c.title, c.description, c.status, c.enterprise_id, e.name AS enterprise_name,
            c.category_code, c.opened_at, m.common_problem_id
       FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
       LEFT JOIN common_problem_members m ON m.case_id = c.id
      WHERE ${cond.join(' AND ')}
      ORDER BY c.opened_at DESC LIMIT ${Math.max(1, Math.floor(opts.limit))}`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    ledgerNo: r.ledger_no,
    title: r.title,
    description: r.description ?? '',
    status: r.status,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    categoryCode: r.category_code,
    openedAt: new Date(r.opened_at),
    commonProblemId: r.common_problem_id ?? null,
  }));
}

// ------------------------------------------------------------------ groups

export interface CommonProblemRow extends Pick<
  CommonProblemDto,
  'id' | 'title' | 'unitId' | 'unitName' | 'createdById' | 'createdByName'
> {
  createdAt: Date;
  updatedAt: Date;
  members: number;
  pending: number;
  enterprises: number;
  /** The units holding its members now. */
  holderUnitIds: string[];
}

const GROUP_COLUMNS = `g.id, g.title, g.unit_id, un.name AS unit_name, g.created_by_id, us.display_name AS created_by_name,
       g.created_at, g.updated_at,
       (SELECT count(*) FROM common_problem_members m WHERE m.common_problem_id = g.id)::int AS members,
       (SELECT count(*) FROM common_problem_members m JOIN cases c ON c.id = m.case_id
         WHERE m.common_problem_id = g.id AND c.status IN ${PENDING})::int AS pending,
       (SELECT count(DISTINCT c.enterprise_id) FROM common_problem_members m JOIN cases c ON c.id = m.case_id
         WHERE m.common_problem_id = g.id)::int AS enterprises,
       ARRAY(SELECT DISTINCT c.unit_id FROM common_problem_members m JOIN cases c ON c.id = m.case_id
              WHERE m.common_problem_id = g.id) AS holder_unit_ids`;
const GROUP_FROM = `common_problems g LEFT JOIN units un ON un.id = g.unit_id LEFT JOIN users us ON us.id = g.created_by_id`;

function toGroup(r: GroupDbRow): CommonProblemRow {
  return {
    id: r.id,
    title: r.title,
    unitId: r.unit_id ?? null,
    unitName: r.unit_name ?? null,
    createdById: r.created_by_id,
    createdByName: r.created_by_name ?? null,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    members: Number(r.members),
    pending: Number(r.pending),
    enterprises: Number(r.enterprises),
    holderUnitIds: r.holder_unit_ids ?? [],
  };
}

/** One group the viewer may see (null: none, or not his), optionally locked for a change. */
export async function findCommonProblem(
  db: Db,
  viewer: GroupViewer,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<CommonProblemRow | null> {
  const params: unknown[] = [id];
  const vis = commonProblemVisibility(viewer, params);
  if (opts.lock) {
    // lock the group row first (FOR UPDATE cannot go with the aggregates)
    const locked: { id: string }[] = await db.query(
      `SELECT g.id FROM common_problems g WHERE g.id = $1 AND ${vis} FOR UPDATE`,
      params,
    );
    if (!locked.length) return null;
  }
  const rows: GroupDbRow[] = await db.query(
    `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM} WHERE g.id = $1 AND ${vis}`,
    params,
  );
  return rows[0] ? toGroup(rows[0]) : null;
}

/** The groups the viewer may see, newest first, paged; `q`: the title contains. */
export async function listCommonProblems(
  db: Db,
  viewer: GroupViewer,
  opts: { page: number; pageSize: number; q?: string },
): Promise<{ items: CommonProblemRow[]; total: number }> {
  const params: unknown[] = [];
  const cond = [commonProblemVisibility(viewer, params)];
  if (opts.q) cond.push(`g.title ILIKE $${params.push(containsPattern(opts.q))}`);
  const where = cond.join(' AND ');
  const [rows, count] = await Promise.all([
    db.query<GroupDbRow[]>(
      `SELECT ${GROUP_COLUMNS} FROM ${GROUP_FROM} WHERE ${where} ORDER BY g.created_at DESC, g.id
        LIMIT ${opts.pageSize} OFFSET ${(opts.page - 1) * opts.pageSize}`,
      params,
    ),
    db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM common_problems g WHERE ${where}`, params),
  ]);
  return { items: rows.map(toGroup), total: Number(count[0]?.n ?? 0) };
}

export interface CommonProblemMemberRow {
  caseId: string;
  ledgerNo: string;
  title: string;
  status: string;
  level: number;
  unitId: string;
  unitName: string;
  enterpriseId: string;
  enterpriseName: string;
  version: number;
  resolveBy: Date | null;
  overdue: boolean;
  addedAt: Date;
}

/**
 * The members of a group that `visibleWhere` (a condition on `cases c`, the viewer's jurisdiction) lets
 * through, with their cases, in the order they were added.
 */
export async function commonProblemMembers(
  db: Db,
  id: string,
  visibleWhere: string,
  params: unknown[],
): Promise<CommonProblemMemberRow[]> {
  const p = [...params];
  const rows: (Pick<
    CasesRow,
    | 'id'
    | 'ledger_no'
    | 'title'
    | 'status'
    | 'level'
    | 'unit_id'
    | 'enterprise_id'
    | 'version'
    | 'resolve_by'
    | 'overdue'
  > & { unit_name: string; enterprise_name: string; added_at: Date })[] = await db.query(
    `SELECT c.id, c.ledger_no, c.title, c.status, c.level, c.unit_id, u.name AS unit_name, c.enterprise_id,
            e.name AS enterprise_name, c.version, c.resolve_by, c.overdue, m.added_at
       FROM common_problem_members m JOIN cases c ON c.id = m.case_id
       JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id
      WHERE m.common_problem_id = $${p.push(id)} AND ${visibleWhere} ORDER BY m.added_at, c.ledger_no`,
    p,
  );
  return rows.map((r) => ({
    caseId: r.id,
    ledgerNo: r.ledger_no,
    title: r.title,
    status: r.status,
    level: Number(r.level),
    unitId: r.unit_id,
    unitName: r.unit_name,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    version: Number(r.version),
    resolveBy: r.resolve_by ? new Date(r.resolve_by) : null,
    overdue: Boolean(r.overdue),
    addedAt: new Date(r.added_at),
  }));
}

/** The case ids of a group's members. */
export async function commonProblemMemberIds(db: Db, id: string): Promise<string[]> {
  const rows: { case_id: string }[] = await db.query(
    `SELECT case_id FROM common_problem_members WHERE common_problem_id = $1 ORDER BY added_at, case_id`,
    [id],
  );
  return rows.map((r) => r.case_id);
}

export interface MemberCandidateRow {
  id: string;
  ledgerNo: string;
  status: string;
  unitId: string;
  townId: string;
  groupId: string | null;
}

/**
 * The cases among `ids` that `visibleWhere` (a condition on `cases c`) lets through, with the group each is
 * in, locked (FOR UPDATE of the case rows) so that a concurrent grouping waits.
 */
export async function memberCandidates(
  db: Db,
  ids: string[],
  visibleWhere: string,
  params: unknown[],
): Promise<MemberCandidateRow[]> {
  const p = [...params];
  const rows: (Pick<CasesRow, 'id' | 'ledger_no' | 'status' | 'unit_id' | 'town_id'> & {
    common_problem_id: string | null;
  })[] = await db.query(
    `SELECT c.id, c.ledger_no, c.status, c.unit_id, c.town_id, m.common_problem_id
       FROM cases c LEFT JOIN common_problem_members m ON m.case_id = c.id
      WHERE c.id = ANY($${p.push(ids)}::uuid[]) AND ${visibleWhere}
      ORDER BY c.id FOR UPDATE OF c`,
    p,
  );
  return rows.map((r) => ({
    id: r.id,
    ledgerNo: r.ledger_no,
    status: r.status,
    unitId: r.unit_id,
    townId: r.town_id,
    groupId: r.common_problem_id ?? null,
  }));
}

export async function insertCommonProblem(
  db: Db,
  g: { title: string; unitId: string | null; createdById: string; at: Date },
): Promise<string> {
  const rows: { id: string }[] = await db.query(
    `INSERT INTO common_problems (title, unit_id, created_by_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [g.title, g.unitId, g.createdById, g.at],
  );
  return rows[0]?.id;
}

/**
 * Add members; answers the case ids added. A case already in a group (another transaction got there first)
 * is left out by the key on the case, so the caller can tell and roll back.
 */
export async function insertCommonProblemMembers(
  db: Db,
  id: string,
  caseIds: string[],
  addedById: string,
  at: Date,
): Promise<string[]> {
  if (!caseIds.length) return [];
  const rows: { case_id: string }[] = await db.query(
    `INSERT INTO common_problem_members (case_id, common_problem_id, added_by_id, added_at)
     SELECT x, $2, $3, $4 FROM unnest($1::uuid[]) AS x
     ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
    [caseIds, id, addedById, at],
  );
  await db.query(`UPDATE common_problems SET updated_at = $2 WHERE id = $1`, [id, at]);
  return rows.map((r) => r.case_id);
}

/** Remove a member; answers whether it was one. */
export async function deleteCommonProblemMember(
  db: Db,
  id: string,
  caseId: string,
  at: Date,
): Promise<boolean> {
  const [, n]: [unknown, number] = await db.query(
    `DELETE FROM common_problem_members WHERE common_problem_id = $1 AND case_id = $2`,
    [id, caseId],
  );
  if (n) await db.query(`UPDATE common_problems SET updated_at = $2 WHERE id = $1`, [id, at]);
  return n > 0;
}

/**
 * The dashboard's figures: groups with at least one member case in the unit's area (or anywhere: null), and
 * those member cases. A unit's area: the cases of its town, county or city, and those it holds.
 */
export async function commonProblemCounts(
  db: Db,
  unitId: string | null,
): Promise<{ groups: number; members: number }> {
  const params: unknown[] = [];
  const where = unitId
    ? `WHERE (c.town_id = $1 OR c.county_id = $1 OR c.city_id = $1 OR c.unit_id = $1)`
    : '';
  if (unitId) params.push(unitId);
  const rows: { groups: number; members: number }[] = await db.query(
    `SELECT count(DISTINCT m.common_problem_id)::int AS groups, count(*)::int AS members
       FROM common_problem_members m JOIN cases c ON c.id = m.case_id ${where}`,
    params,
  );
  return { groups: Number(rows[0]?.groups ?? 0), members: Number(rows[0]?.members ?? 0) };
}
