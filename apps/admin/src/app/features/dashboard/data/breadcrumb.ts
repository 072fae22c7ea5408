import type { UnitDto } from '@taizhang/contracts';

/**
 * The dashboard's breadcrumb: the current unit's ancestors, from the user's own unit down to the
 * current one (both included). No current unit → the user's own. A user without a unit (admin) gets
 * the path from the root. A unit that is not (known to be) under the user's own gives no crumbs: the
 * API answers 404 for it and the page shows the error. Cycles in the data end the walk.
 */
export function unitBreadcrumb(
  units: readonly UnitDto[],
  ownUnitId: string | null | undefined,
  currentUnitId: string | null | undefined,
): UnitDto[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const startId = currentUnitId || ownUnitId;
  if (!startId) return [];
  const path: UnitDto[] = [];
  const seen = new Set<string>();
  let unit = byId.get(startId);
  while (unit && !seen.has(unit.id)) {
    seen.add(unit.id);
    path.push(unit);
    if (ownUnitId && unit.id === ownUnitId) return path.reverse();
    unit = unit.parentId ? byId.get(unit.parentId) : undefined;
  }
  return ownUnitId ? [] : path.reverse();
}
