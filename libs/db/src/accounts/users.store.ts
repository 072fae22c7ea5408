import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Create the `admin` user (系统管理员) with this password hash if there is no user at all — atomically, so two
 * processes starting on an empty database create one. Answers whether this call created it.
 */
export async function createFirstAdmin(q: Queryable, passwordHash: string): Promise<boolean> {
  const created = await q.query<{ id: string }[]>(
    `INSERT INTO users (username, display_name, role, unit_id, password_hash)
     SELECT 'admin', '系统管理员', 'admin', NULL, $1 WHERE NOT EXISTS (SELECT 1 FROM users) ON CONFLICT DO NOTHING RETURNING id`,
    [passwordHash],
  );
  return created.length > 0;
}
