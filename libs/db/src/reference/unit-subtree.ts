/** SQL: the ids of a unit and every unit under it. `p` is the unit id (a parameter or an expression). */
export const unitSubtree = (p: string) =>
  `(WITH RECURSIVE sub AS (SELECT id FROM units WHERE id = ${p} UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) SELECT id FROM sub)`;
