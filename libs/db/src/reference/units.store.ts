/**
 * The units' jurisdiction rule, written once: a unit and every unit under it (its subtree, through
 * `parent_id`). A manager or coordinator sees his unit's subtree.
 */

/** SQL condition "`column` is the unit `$n` or a unit under it", pushing the unit id. */
export function inUnitSubtree(column: string, unitId: string, params: unknown[]): string {
  params.push(unitId);
  return `${column} IN (WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = $${params.length}
                          UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
                        SELECT id FROM sub)`;
}

/** SQL: the ids of a unit and every unit under it, as a subquery. `p` is the unit id (a parameter or an expression). */
export const unitSubtree = (p: string) =>
  `(WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = ${p} UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub)`;
