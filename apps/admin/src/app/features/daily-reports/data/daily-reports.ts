import type { DailyReportDto, Role, UnitDto } from '@taizhang/contracts';
import { addDays, isDate, shanghaiDate } from '../../../shared/util/day';

/** Days shown when the address names no range. */
export const DEFAULT_DAYS = 14;
const REPORT_KINDS: readonly UnitDto['kind'][] = ['city', 'county', 'town'];

/** A day is frozen after it ends: the default range is the last 14 days up to yesterday. */
export function defaultRange(now: Date, days = DEFAULT_DAYS): { from: string; to: string } {
  const to = addDays(shanghaiDate(now), -1);
  return { from: addDays(to, -(days - 1)), to };
}

/**
 * The range to ask for: the address's dates when they are dates, otherwise the default; a range the
 * wrong way round is swapped rather than refused.
 */
export function effectiveRange(
  now: Date,
  from: string | null | undefined,
  to: string | null | undefined,
): { from: string; to: string } {
  const fallback = defaultRange(now);
  const t = isDate(to) ? to : isDate(from) ? addDays(from, DEFAULT_DAYS - 1) : fallback.to;
  const f = isDate(from) ? from : addDays(t, -(DEFAULT_DAYS - 1));
  return f <= t ? { from: f, to: t } : { from: t, to: f };
}

/**
 * The towns, counties and cities whose reports the user may read, in tree order (city, its counties,
 * each county's towns): an admin all of them, anyone else his own unit and what lies below it.
 */
export function reportUnits(units: readonly UnitDto[], role: Role | null, unitId: string | null): UnitDto[] {
  const children = new Map<string | null, UnitDto[]>();
  for (const u of units) {
    if (!REPORT_KINDS.includes(u.kind)) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u);
    children.set(u.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  const byId = new Map(units.map((u) => [u.id, u]));
  let roots: UnitDto[];
  if (role === 'admin') {
    const isReportUnit = (id: string | null) => {
      const u = id ? byId.get(id) : undefined;
      return !!u && REPORT_KINDS.includes(u.kind);
    };
    roots = units.filter((u) => REPORT_KINDS.includes(u.kind) && !isReportUnit(u.parentId));
    roots.sort((a, b) => a.code.localeCompare(b.code));
  } else {
    const own = unitId ? byId.get(unitId) : undefined;
    roots = own && REPORT_KINDS.includes(own.kind) ? [own] : [];
  }
  const out: UnitDto[] = [];
  const walk = (u: UnitDto, depth: number) => {
    if (depth > 10) return;
    out.push(u);
    for (const c of children.get(u.id) ?? []) walk(c, depth + 1);
  };
  roots.forEach((r) => walk(r, 0));
  return out;
}

/** How deep a unit sits in the picker (city 0, county 1, town 2), for indenting. */
export function unitDepth(kind: UnitDto['kind']): number {
  return kind === 'city' ? 0 : kind === 'county' ? 1 : 2;
}

export interface DayRow {
  date: string;
  report: DailyReportDto | null;
}

/**
 * One row per day of the range, newest first, with the unit's frozen figures (null: not frozen, e.g. a
 * day before the system ran).
 */
export function dayRows(
  reports: readonly DailyReportDto[],
  unitId: string,
  from: string,
  to: string,
): DayRow[] {
  const byDate = new Map(reports.filter((r) => r.unitId === unitId).map((r) => [r.reportDate, r]));
  const rows: DayRow[] = [];
  for (let d = to, i = 0; d >= from && i < 400; d = addDays(d, -1), i++)
    rows.push({ date: d, report: byDate.get(d) ?? null });
  return rows;
}

/** Opened and solved add up over the days; pending and overdue are the last frozen day's. */
export function totals(rows: readonly DayRow[]): {
  opened: number;
  solved: number;
  pending: number | null;
  overdue: number | null;
} {
  const frozen = rows.filter((r): r is { date: string; report: DailyReportDto } => r.report !== null);
  const latest = frozen[0]?.report ?? null;
  return {
    opened: frozen.reduce((s, r) => s + r.report.opened, 0),
    solved: frozen.reduce((s, r) => s + r.report.solved, 0),
    pending: latest?.pending ?? null,
    overdue: latest?.overdue ?? null,
  };
}
