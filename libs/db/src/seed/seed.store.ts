import type { Role } from '@taizhang/domain';
import type { EntityManager } from 'typeorm';

/**
 * The demo world's writes and the few reads it drives the case service with (apps/api's `seedDemoData`).
 * Demo data only: the real directory is kept through the API.
 */
type Queryable = Pick<EntityManager, 'query'>;

/** How many units there are (the demo world is loaded only into a database without any). */
export async function countUnits(q: Queryable): Promise<number> {
  const [{ n }]: { n: number }[] = await q.query(`SELECT count(*)::int AS n FROM units`);
  return n;
}

/** Add a unit; answers its id. */
export async function insertDemoUnit(
  q: Queryable,
  u: { code: string; name: string; kind: string; parentId: string | null; categoryCodes: string[] },
): Promise<string> {
  const rows: { id: string }[] = await q.query(
    `INSERT INTO units (code, name, kind, parent_id, category_codes) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [u.code, u.name, u.kind, u.parentId, u.categoryCodes],
  );
  return rows[0].id;
}

/** Route a category's cases over `unitId` to `bureauId`. */
export async function insertDemoRoutingRule(
  q: Queryable,
  r: { categoryCode: string; unitId: string; bureauId: string },
): Promise<void> {
  await q.query(`INSERT INTO routing_rules (category_code, unit_id, bureau_id) VALUES ($1, $2, $3)`, [
    r.categoryCode,
    r.unitId,
    r.bureauId,
  ]);
}

/** Add a user (the password already hashed); answers its id. */
export async function insertDemoUser(
  q: Queryable,
  u: {
    username: string;
    displayName: string;
    role: Role;
    unitId: string | null;
    phone: string | null;
    passwordHash: string;
  },
): Promise<string> {
  const rows: { id: string }[] = await q.query(
    `INSERT INTO users (username, display_name, role, unit_id, phone, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [u.username, u.displayName, u.role, u.unitId, u.phone, u.passwordHash],
  );
  return rows[0].id;
}

/** An enterprise of the demo directory, with its figures as the directory first had them. */
export interface DemoEnterprise {
  name: string;
  creditCode: string;
  scale: 'above' | 'below';
  industry: string;
  unitId: string;
  townId: string;
  address: string;
  contactName: string;
  contactPhone: string;
  key: boolean;
  resumption: string;
  headcount: number;
  returnedHeadcount: number;
}

/** Add an enterprise; answers its id. */
export async function insertDemoEnterprise(q: Queryable, e: DemoEnterprise): Promise<string> {
  const rows: { id: string }[] = await q.query(
    `INSERT INTO enterprises (name, credit_code, scale, industry, unit_id, town_id, address, contact_name, contact_phone, key, resumption, headcount, returned_headcount)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      e.name,
      e.creditCode,
      e.scale,
      e.industry,
      e.unitId,
      e.townId,
      e.address,
      e.contactName,
      e.contactPhone,
      e.key,
      e.resumption,
      e.headcount,
      e.returnedHeadcount,
    ],
  );
  return rows[0].id;
}

/** Make `userId` an instructor of the enterprise. */
export async function insertDemoInstructor(
  q: Queryable,
  enterpriseId: string,
  userId: string,
): Promise<void> {
  await q.query(`INSERT INTO enterprise_instructors (enterprise_id, user_id) VALUES ($1, $2)`, [
    enterpriseId,
    userId,
  ]);
}

/** A user as the case service's callers are (id, name, role, unit); null if there is no such user. */
export interface DemoActor {
  id: string;
  username: string;
  role: Role;
  unitId: string | null;
}

export async function loadDemoActor(q: Queryable, userId: string): Promise<DemoActor | null> {
  const rows: { id: string; username: string; role: Role; unit_id: string | null }[] = await q.query(
    `SELECT id, username, role, unit_id FROM users WHERE id = $1`,
    [userId],
  );
  const u = rows[0];
  return u ? { id: u.id, username: u.username, role: u.role, unitId: u.unit_id } : null;
}

/** The unit's first coordinator or bureau officer by user name (the one who works its demo cases); null if none. */
export async function firstOfficerOf(q: Queryable, unitId: string): Promise<string | null> {
  const rows: { id: string }[] = await q.query(
    `SELECT id FROM users WHERE unit_id = $1 AND role IN ('coordinator','bureau_officer') ORDER BY username LIMIT 1`,
    [unitId],
  );
  return rows[0]?.id ?? null;
}

/** The enterprises an instructor covers (in the database's order, as the demo's draws expect). */
export async function enterprisesOfInstructor(q: Queryable, userId: string): Promise<string[]> {
  const rows: { enterprise_id: string }[] = await q.query(
    `SELECT enterprise_id FROM enterprise_instructors WHERE user_id = $1`,
    [userId],
  );
  return rows.map((x) => x.enterprise_id);
}
