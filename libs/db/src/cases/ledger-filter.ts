import { CASE_STATUSES, type Role } from '@taizhang/domain';
import type { EntityManager } from 'typeorm';
import { containsPattern, escapeLike } from '../sql/like';

/**
 * The ledger's WHERE clause — jurisdiction plus list filters — in one place: GET /api/cases, its direct
 * download (GET /api/cases/export.xlsx) and the worker's export job (which stores the requester and the
 * filters, never SQL, and rebuilds the clause here when it runs) all call `ledgerWhere`.
 */

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

/** Who reads the ledger: what the jurisdiction rule needs of a user. */
export interface LedgerViewer {
  id: string;
  role: Role;
  unitId: string | null;
}

/** The ledger's filters (GET /api/cases without paging and sort; the body of POST /api/exports). */
export interface LedgerFilters {
  status?: string[];
  category?: string;
  /** cases of this unit and the units under it, or held by it */
  unitId?: string;
  level?: number;
  overdue?: boolean;
  enterpriseId?: string;
  assigneeId?: string;
  /** ledger number, title or enterprise name contains */
  q?: string;
}

/** unit id → kind (town, county, city, bureau, …) of the units a filter names. */
export type UnitKinds = Map<string, string>;

/**
 * SQL condition on a case aliased `c` for "this user may see this case" (DESIGN §6), pushing parameters.
 * instructor: cases of his enterprises · coordinator: cases of enterprises in his town · bureau officer:
 * cases that are or were at his bureau · manager: everything under his unit · admin: everything.
 * The one jurisdiction rule of the ledger; the API's case reads and the exports use it.
 */
export function caseVisibility(user: LedgerViewer, params: unknown[]): string {
  if (user.role === 'admin') return 'TRUE';
  if (user.role === 'instructor') {
    params.push(user.id);
    return `c.enterprise_id IN (SELECT enterprise_id FROM enterprise_instructors WHERE user_id = $${params.length})`;
  }
  if (!user.unitId) return 'FALSE';
  params.push(user.unitId);
  const u = `$${params.length}`;
  const hop = `EXISTS (SELECT 1 FROM case_hops h WHERE h.case_id = c.id AND h.unit_id = ${u})`;
  switch (user.role) {
    case 'coordinator':
      return `c.town_id = ${u}`;
    case 'bureau_officer':
      return hop;
    case 'manager':
      return `(c.town_id = ${u} OR c.county_id = ${u} OR c.city_id = ${u} OR ${hop})`;
    default:
      return 'FALSE';
  }
}

/**
 * `caseVisibility`, with a manager's jurisdiction matched on the column of his unit's kind. Equivalent:
 * towns hold only their own cases, and counties and cities never hold one (escalation goes to bureaus),
 * so the case_hops arm only adds cases for a manager of a bureau (or a unit of another kind).
 */
function visibility(user: LedgerViewer, params: unknown[], kind: string | undefined): string {
  if (user.role !== 'manager' || !user.unitId || !kind || !['town', 'county', 'city'].includes(kind)) {
    return caseVisibility(user, params);
  }
  params.push(user.unitId);
  return `c.${kind}_id = $${params.length}`;
}

/**
 * The condition "in unit `p`" on the one column that holds a unit of this kind: a town's cases carry its
 * town_id (a town holds only its own), a county or city is never the holder (escalation goes to bureaus),
 * a bureau holds. Anything else keeps the general form.
 */
function unitCondition(kind: string | undefined, p: string): string {
  switch (kind) {
    case 'town':
      return `c.town_id = ${p}`;
    case 'county':
      return `c.county_id = ${p}`;
    case 'city':
      return `c.city_id = ${p}`;
    case 'bureau':
      return `c.unit_id = ${p}`;
    default:
      return `(c.unit_id = ${p} OR c.town_id = ${p} OR c.county_id = ${p} OR c.city_id = ${p})`;
  }
}

interface UnitKindRow {
  id: string;
  kind: string;
}

/** The kind of each unit the ledger's filters name (the viewer's own, and `unitId`). */
export async function ledgerUnitKinds(
  db: Queryable,
  user: LedgerViewer,
  f: LedgerFilters,
): Promise<UnitKinds> {
  const ids = [f.unitId, user.unitId].filter((x): x is string => !!x);
  const kinds: UnitKinds = new Map();
  if (!ids.length) return kinds;
  const rows = await db.query<UnitKindRow[]>(`SELECT id, kind FROM units WHERE id = ANY($1::uuid[])`, [ids]);
  for (const r of rows) kinds.set(r.id, r.kind);
  return kinds;
}

/**
 * The WHERE clause of the ledger on `cases c` for this user and these filters, pushing its parameters.
 * A unit (the manager's, or `unitId`) is matched on the one column that holds it for its kind, so the
 * (town|county|city)_id indexes serve the list in order; an OR over all four columns could not.
 * `kinds` from `ledgerUnitKinds` (read when not given).
 */
export async function ledgerWhere(
  db: Queryable,
  user: LedgerViewer,
  f: LedgerFilters,
  params: unknown[],
  known?: UnitKinds,
): Promise<string> {
  const kinds = known ?? (await ledgerUnitKinds(db, user, f));
  const where = [visibility(user, params, user.unitId ? kinds.get(user.unitId) : undefined)];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.status?.length) add((p) => `c.status = ANY(${p}::text[])`, f.status);
  if (f.category) add((p) => `c.category_code = ${p}`, f.category);
  if (f.unitId) add((p) => unitCondition(kinds.get(f.unitId as string), p), f.unitId);
  if (f.level !== undefined) add((p) => `c.level = ${p}`, f.level);
  // spelled out, not a parameter: `WHERE overdue` is the partial index of the overdue list
  if (f.overdue !== undefined) where.push(f.overdue ? 'c.overdue' : 'NOT c.overdue');
  if (f.enterpriseId) add((p) => `c.enterprise_id = ${p}`, f.enterpriseId);
  if (f.assigneeId) add((p) => `c.assignee_id = ${p}`, f.assigneeId);
  if (f.q) {
    const arms = await ledgerSearchArms(db, f, params);
    where.push(`(${arms.numberOrTitle} OR ${arms.enterprise})`);
  }
  return where.join(' AND ');
}

/** The arms of a search (`q`): its ledger number or title contains the text; its enterprise's name does. */
export interface LedgerSearchArms {
  numberOrTitle: string;
  enterprise: string;
}

/** The arms of the search `f.q` as conditions on `cases c`, pushing their parameters (see `ledgerWhere`). */
export async function ledgerSearchArms(
  db: Queryable,
  f: LedgerFilters,
  params: unknown[],
): Promise<LedgerSearchArms> {
  const text = (f.q ?? '').trim();
  const like = containsPattern(text);
  const starts = text.includes('-') ? await startsOnce(db, f, text) : null;
  params.push(like);
  const p = `$${params.length}`;
  // Each arm has an index; `= ANY(ARRAY(…))` lets the enterprise arm join the bitmap OR too.
  const ledgerNo = starts ? ledgerNoArm(starts, p, params) : `c.ledger_no ILIKE ${p}`;
  return {
    numberOrTitle: `${ledgerNo} OR c.title ILIKE ${p}`,
    enterprise: `c.enterprise_id = ANY(ARRAY(SELECT id FROM enterprises WHERE name ILIKE ${p}))`,
  };
}

/**
 * The lowered ledger number up to its last hyphen (`bk1t01-2026-`: one value per town and year), the first
 * column of `ix_cases_ledger_no_prefix` (migration LedgerNoPrefixIndex); `lower(c.ledger_no)` is the second.
 * Spelled as the index spells it, so that the planner matches it.
 */
const LEDGER_HEAD = `regexp_replace(lower(c.ledger_no), '[^-]*$', '')`;

/** Above this many places a search text can sit in, the trigram index serves the ledger-number arm. */
export const LEDGER_NO_MAX_STARTS = 64;

/** Where a search text can sit in the ledger numbers: a head (`LEDGER_HEAD`) and what a number starts with. */
export interface LedgerNoStart {
  head: string;
  start: string;
}

/**
 * The places a search text with a hyphen can sit in a ledger number, or null when there are more than
 * `LEDGER_NO_MAX_STARTS`. Split a lowered number at its last hyphen into a head and a tail (no hyphen):
 * a text with a hyphen that occurs in it lies within the head, or is a piece ending the head followed by a
 * start of the tail. So every number containing the text (case-insensitively, as ILIKE) starts with
 * `head` (the text within it) or `head || rest` (the text's `rest` after a piece that ends the head), for
 * some head of the ledger. The heads (towns × years, whatever the number of cases) are the rows of
 * `ledger_heads`, which a trigger on `cases` keeps (migration LedgerProvinceScale: 5,001 rows at 5M cases,
 * read in about 2 ms, where a skip scan of the index took 50).
 */
export async function ledgerNoStarts(db: Queryable, text: string): Promise<LedgerNoStart[] | null> {
  const rows = await db.query<LedgerNoStart[]>(
    `WITH t(s) AS (SELECT lower($1::text))
     SELECT h.head, h.head AS start FROM ledger_heads h, t WHERE strpos(h.head, s) > 0
     UNION
     SELECT h.head, h.head || substr(s, k + 1) FROM ledger_heads h, t, generate_series(1, length(s) - 1) k
      WHERE right(h.head, k) = left(s, k) AND strpos(substr(s, k + 1), '-') = 0
     ORDER BY 1, 2
     LIMIT ${LEDGER_NO_MAX_STARTS + 1}`,
    [text],
  );
  return rows.length > LEDGER_NO_MAX_STARTS ? null : rows;
}

/** `ledgerNoStarts` per filters object: a page and its count (built from the same filters) read the heads once. */
const startsOfFilters = new WeakMap<LedgerFilters, Promise<LedgerNoStart[] | null>>();

function startsOnce(db: Queryable, f: LedgerFilters, text: string): Promise<LedgerNoStart[] | null> {
  let starts = startsOfFilters.get(f);
  if (!starts) {
    starts = ledgerNoStarts(db, text);
    startsOfFilters.set(f, starts);
    starts.catch(() => startsOfFilters.delete(f));
  }
  return starts;
}

/**
 * The ledger-number arm of a search on `ix_cases_ledger_no_prefix`: the numbers that start where the text can
 * sit (`ledgerNoStarts`), each a prefix range of the index, checked by the same ILIKE (`p`, the pattern).
 */
function ledgerNoArm(starts: LedgerNoStart[], p: string, params: unknown[]): string {
  if (!starts.length) return 'FALSE';
  const ranges = starts.map(({ head, start }) => {
    params.push(head, `${escapeLike(start)}%`);
    return `(${LEDGER_HEAD} = $${params.length - 1} AND lower(c.ledger_no) LIKE $${params.length})`;
  });
  return `(c.ledger_no ILIKE ${p} AND (${ranges.join(' OR ')}))`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Stored filters (exports.filters, jsonb) back into `LedgerFilters`, checked as the list's DTO checks them
 * (the API validated them when the export was asked; this guards against rows written otherwise).
 * Throws on anything else, naming the field.
 */
export function parseLedgerFilters(raw: unknown): LedgerFilters {
  const bad = (field: string): never => {
    throw new Error(`stored export filters: ${field} is not valid`);
  };
  if (raw == null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return bad('the filters');
  const r = raw as Record<string, unknown>;
  const f: LedgerFilters = {};
  const str = (k: 'category' | 'q', max: number) => {
    const v = r[k];
    if (v === undefined || v === null) return;
    if (typeof v !== 'string' || !v.length || v.length > max) bad(k);
    f[k] = v as string;
  };
  const uuid = (k: 'unitId' | 'enterpriseId' | 'assigneeId') => {
    const v = r[k];
    if (v === undefined || v === null) return;
    if (typeof v !== 'string' || !UUID.test(v)) bad(k);
    f[k] = v as string;
  };
  if (r['status'] !== undefined && r['status'] !== null) {
    const s = r['status'];
    if (!Array.isArray(s) || !s.every((x) => (CASE_STATUSES as readonly unknown[]).includes(x)))
      bad('status');
    f.status = s as string[];
  }
  str('category', 32);
  str('q', 100);
  uuid('unitId');
  uuid('enterpriseId');
  uuid('assigneeId');
  if (r['level'] !== undefined && r['level'] !== null) {
    if (![0, 1, 2].includes(r['level'] as number)) bad('level');
    f.level = r['level'] as number;
  }
  if (r['overdue'] !== undefined && r['overdue'] !== null) {
    if (typeof r['overdue'] !== 'boolean') bad('overdue');
    f.overdue = r['overdue'] as boolean;
  }
  return f;
}

/**
 * A ledger listing: who reads, with which filters — what GET /api/cases, its download and an export job select
 * (`kinds` from `ledgerUnitKinds`, read when not given).
 */
export interface LedgerListing {
  viewer: LedgerViewer;
  filters: LedgerFilters;
  kinds?: UnitKinds;
}

/** `ledgerWhere` of a listing: the one condition the list, its download and the export job all select on. */
export function ledgerCondition(db: Queryable, l: LedgerListing, params: unknown[]): Promise<string> {
  return ledgerWhere(db, l.viewer, l.filters, params, l.kinds);
}
