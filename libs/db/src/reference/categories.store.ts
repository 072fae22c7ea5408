import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/** The codes of the categories open for new cases (the active ones). */
export async function activeCategoryCodes(q: Queryable): Promise<Set<string>> {
  const rows = await q.query<{ code: string }[]>(`SELECT code FROM categories WHERE active`);
  return new Set(rows.map((r) => r.code));
}
