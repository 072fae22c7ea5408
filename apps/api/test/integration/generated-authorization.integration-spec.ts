import type { CaseDto } from '@taizhang/contracts';
import { QUEUES } from '@taizhang/queue';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { PASSWORD, World, act, buildWorld, creditCode, openCase } from './harness';
import {
  Answer,
  Doc,
  Operation,
  exampleOf,
  fill,
  multipartOf,
  operationsOf,
  raw,
  sessionEndingLast,
  startIsolatedApi,
  victims,
} from './openapi-walk';

/**
 * Built from the OpenAPI document the API serves: every operation × every role (and no token), against
 * objects inside the role's jurisdiction (world A, where the users live) and outside it (world B, a
 * separate city). Known operations have exact expectations; an operation added later gets the generic
 * ones: no 5xx, 401 without a token, no 2xx for non-admins on administrative paths or on objects outside
 * their jurisdiction, and no answer to a non-admin that carries world B's enterprises or cases.
 */

const ROLES = ['instructor', 'coordinator', 'bureau_officer', 'manager', 'admin', 'none'] as const;
type Role = (typeof ROLES)[number];
type Where = 'inside' | 'outside';
/** ok: 2xx · allowed: past the authorization gate (no 401/403/404, no 5xx; a 400/409/429 is fine) · a status */
type Expect = 'ok' | 'allowed' | 401 | 403 | 404;

/** Paths only an admin may use (besides the ones listed below): no 2xx for anyone else. */
function adminOnly(op: Operation): boolean {
  if (/^\/api\/(admin|audit)/.test(op.path)) return true;
  if (/\/me\b|password|logout|sign-?out/.test(op.path)) return false;
  return (
    op.method !== 'GET' &&
    /^\/api\/(users|units|categories|routing-rules|deadline-policies|calendar)\b/.test(op.path)
  );
}

const ALL_READ: Record<Role, Expect> = {
  instructor: 'ok',
  coordinator: 'ok',
  bureau_officer: 'ok',
  manager: 'ok',
  admin: 'ok',
  none: 401,
};
const ADMIN_WRITE: Record<Role, Expect> = {
  instructor: 403,
  coordinator: 403,
  bureau_officer: 403,
  manager: 403,
  admin: 'allowed',
  none: 401,
};
const OBJECT_READ = (where: Where): Record<Role, Expect> =>
  where === 'inside'
    ? ALL_READ
    : { instructor: 404, coordinator: 404, bureau_officer: 404, manager: 404, admin: 'ok', none: 401 };
/** What belongs to one user (notifications, exports): the owner only, whatever the role. */
const OWNED = (own: boolean, allowed: Expect): Record<Role, Expect> => ({
  instructor: own ? allowed : 404,
  coordinator: own ? allowed : 404,
  bureau_officer: own ? allowed : 404,
  manager: own ? allowed : 404,
  admin: own ? allowed : 404,
  none: 401,
});

interface Ctx {
  where: Where;
  /** does the object in the path belong to the caller? */
  own: boolean;
}

/** The expectations of the operations known when this test was written. */
const KNOWN: Record<string, (c: Ctx) => Record<Role, Expect>> = {
  'POST /api/auth/login': () => ({
    instructor: 'ok',
    coordinator: 'ok',
    bureau_officer: 'ok',
    manager: 'ok',
    admin: 'ok',
    none: 'ok',
  }),
  'GET /api/auth/me': () => ALL_READ,
  'GET /api/health': () => ({ ...ALL_READ, none: 'ok' }),
  'GET /api/health/live': () => ({ ...ALL_READ, none: 'ok' }),
  'GET /api/health/ready': () => ({ ...ALL_READ, none: 'ok' }),
  'GET /api/units': () => ALL_READ,
  'POST /api/units': () => ADMIN_WRITE,
  'GET /api/users': () => ALL_READ,
  'POST /api/users': () => ADMIN_WRITE,
  'GET /api/categories': () => ALL_READ,
  'POST /api/categories': () => ADMIN_WRITE,
  'GET /api/routing-rules': () => ALL_READ,
  'PUT /api/routing-rules': () => ADMIN_WRITE,
  'GET /api/deadline-policies': () => ALL_READ,
  'PUT /api/deadline-policies': () => ADMIN_WRITE,
  'GET /api/calendar': () => ALL_READ,
  'PUT /api/calendar': () => ADMIN_WRITE,
  'GET /api/enterprises': () => ALL_READ,
  'POST /api/enterprises': ({ where }) => ({
    ...ADMIN_WRITE,
    coordinator: where === 'inside' ? 'ok' : (400 as never),
  }),
  'GET /api/enterprises/{id}': ({ where }) => OBJECT_READ(where),
  'PATCH /api/enterprises/{id}': ({ where }) => ({
    ...ADMIN_WRITE,
    coordinator: where === 'inside' ? 'ok' : 404,
  }),
  'POST /api/cases': ({ where }) =>
    where === 'inside'
      ? { instructor: 'ok', coordinator: 'ok', bureau_officer: 403, manager: 403, admin: 'ok', none: 401 }
      : { instructor: 404, coordinator: 404, bureau_officer: 403, manager: 403, admin: 'ok', none: 401 },
  'GET /api/cases': () => ALL_READ,
  'GET /api/cases/export.xlsx': () => ALL_READ,
  'GET /api/cases/{id}': ({ where }) => OBJECT_READ(where),
  // a comment: by anyone who sees the case, the town's coordinator too once the town escalated it (issue 14)
  'POST /api/cases/{id}/actions': ({ where }) => OBJECT_READ(where),
  // outside: ?unitId= names a unit of world B
  'GET /api/dashboard/summary': ({ where }) => OBJECT_READ(where),
  'GET /api/notifications': () => ALL_READ,
  'POST /api/notifications/read-all': () => ALL_READ,
  'POST /api/notifications/{id}/read': ({ own }) => OWNED(own, 'ok'),
  'GET /api/daily-reports': ({ where }) => ({ ...OBJECT_READ(where), instructor: 403, bureau_officer: 403 }),
  'GET /api/admin/jobs': () => ({ ...ADMIN_WRITE, admin: 'ok' }),
  'POST /api/admin/jobs/{queue}/{id}/retry': () => ({ ...ADMIN_WRITE, admin: 404 }), // no such job: the queues are empty
  'POST /api/exports': () => ({
    ...ALL_READ,
    instructor: 'allowed',
    coordinator: 'allowed',
    bureau_officer: 'allowed',
    manager: 'allowed',
    admin: 'allowed',
  }), // 429 after 3 running
  'GET /api/exports': () => ALL_READ,
  'GET /api/exports/{id}': ({ own }) => OWNED(own, 'ok'),
  'GET /api/exports/{id}/download': ({ own }) => OWNED(own, 'allowed'), // 409 until the worker built it
  // files on a case: whoever sees the case may attach and read them
  'POST /api/cases/{id}/attachments': ({ where }) => OBJECT_READ(where),
  'GET /api/cases/{id}/attachments': ({ where }) => OBJECT_READ(where),
  'GET /api/attachments/{id}': ({ where }) => OBJECT_READ(where),
  'GET /api/attachments/{id}/thumbnail': ({ where }) => OBJECT_READ(where),
};

function meets(expect: Expect | 400, res: Answer): boolean {
  if (res.status >= 500) return false;
  if (expect === 'ok') return res.status >= 200 && res.status < 300;
  if (expect === 'allowed') return ![401, 403, 404].includes(res.status);
  return res.status === expect;
}

describe('generated: every operation × every role, inside and outside the role’s jurisdiction', () => {
  let api: Awaited<ReturnType<typeof startIsolatedApi>>;
  const worlds = {} as Record<Where, World>;
  const cases = {} as Record<Where, CaseDto>;
  let ops: Operation[];
  const userId = {} as Record<Role, string>;
  const token = {} as Record<Role, string | null>;
  /** per owner (user id): one notification and one export of theirs, in each world */
  const notificationOf = new Map<string, string>();
  const exportOf = new Map<string, string>();
  /** per world: a photo on its case */
  const attachmentOf = {} as Record<Where, string>;
  const victim = {} as Record<Where, { user: string; unit: string }>;

  beforeAll(async () => {
    api = await startIsolatedApi();
    worlds.inside = await buildWorld(api.http);
    worlds.outside = await buildWorld(api.http);
    for (const where of ['inside', 'outside'] as const) {
      const w = worlds[where];
      // a case every role of the world sees: the instructor's enterprise, escalated to the county bureau
      const opened = await openCase(api.http, w.tokens.instructor, w.enterprise.id);
      const escalated = await act(api.http, w.tokens.coordinator, opened, {
        action: 'escalate',
        reason: '上报县',
      });
      if (escalated.status !== 200)
        throw new Error(`escalate: ${escalated.status} ${JSON.stringify(escalated.body)}`);
      cases[where] = escalated.body as CaseDto;
      victim[where] = await victims(api.http, w.adminToken, w.county, w.tag);
      const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#888' } })
        .png()
        .toBuffer();
      const attached = await api.http
        .post(`/api/cases/${cases[where].id}/attachments`)
        .set('Authorization', `Bearer ${w.tokens.instructor}`)
        .attach('file', photo, { filename: '照片.png' });
      if (attached.status !== 201)
        throw new Error(`attach: ${attached.status} ${JSON.stringify(attached.body)}`);
      attachmentOf[where] = attached.body.id;
      for (const t of [
        w.tokens.instructor,
        w.tokens.coordinator,
        w.tokens.officer,
        w.tokens.manager,
        w.adminToken,
      ]) {
        const res = await api.http.post('/api/exports').set('Authorization', `Bearer ${t}`).send({});
        if (res.status !== 202) throw new Error(`export: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    const w = worlds.inside;
    Object.assign(token, {
      instructor: w.tokens.instructor,
      coordinator: w.tokens.coordinator,
      bureau_officer: w.tokens.officer,
      manager: w.tokens.manager,
      admin: w.adminToken,
      none: null,
    });
    Object.assign(userId, {
      instructor: w.users['instructor']?.id,
      coordinator: w.users['coordinator']?.id,
      bureau_officer: w.users['officer']?.id,
      manager: w.users['manager']?.id,
      admin: (await api.http.get('/api/auth/me').set('Authorization', `Bearer ${w.adminToken}`)).body.id,
      none: '',
    });
    for (const r of await api.ds.query(
      `SELECT DISTINCT ON (user_id) user_id, id FROM notifications ORDER BY user_id, id`,
    ))
      notificationOf.set(r.user_id, r.id);
    for (const r of await api.ds.query(
      `SELECT DISTINCT ON (user_id) user_id, id FROM exports ORDER BY user_id, id`,
    ))
      exportOf.set(r.user_id, r.id);
    ops = operationsOf((await api.http.get('/api/docs-json').expect(200)).body as Doc);
  }, 180_000);
  afterAll(async () => {
    await api?.close();
  });

  it('knows the operations it has exact expectations for', () => {
    const names = ops.map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(Object.keys(KNOWN)));
    // the owned objects exist in both worlds (officers and managers are told of the escalation)
    for (const where of ['inside', 'outside'] as const) {
      expect(notificationOf.has(worlds[where].users['officer']?.id)).toBe(true);
      expect(exportOf.has(worlds[where].users['instructor']?.id)).toBe(true);
    }
  });

  it('answers each role as its rights and jurisdiction say, and never with another jurisdiction’s data', async () => {
    const failures: string[] = [];
    const leaks = (b: World, c: CaseDto) => [b.enterprise.id, b.enterprise.name, c.id, c.ledgerNo];
    for (const op of sessionEndingLast(ops)) {
      for (const where of ['inside', 'outside'] as const) {
        const x = worlds[where];
        for (const role of ROLES) {
          // The object in the path: the world's own, or (notifications, exports) one of this role's user
          // in world A and of world B's user of the same kind outside.
          const owner =
            where === 'inside'
              ? userId[role]
              : (x.users[role === 'bureau_officer' ? 'officer' : role]?.id ?? '');
          const ownerFallback = x.users['officer']?.id;
          const ids: Record<string, string> = {
            cases: cases[where].id,
            enterprises: x.enterprise.id,
            users: victim[where].user,
            units: victim[where].unit,
            notifications: notificationOf.get(owner) ?? (notificationOf.get(ownerFallback) as string),
            exports: exportOf.get(owner) ?? (exportOf.get(ownerFallback) as string),
            jobs: QUEUES[Object.keys(QUEUES)[0] as keyof typeof QUEUES],
            attachments: attachmentOf[where],
          };
          const own =
            (/\/notifications\/\{/.test(op.path) &&
              where === 'inside' &&
              notificationOf.get(userId[role]) === ids['notifications']) ||
            (/\/exports\/\{/.test(op.path) &&
              where === 'inside' &&
              exportOf.get(userId[role]) === ids['exports']);
          let path = fill(op.path.replace('/jobs/{queue}/', `/jobs/${ids['jobs']}/`), {}, ids);
          if (where === 'outside' && op.query.some((q) => q.name === 'unitId'))
            path += `?unitId=${x.town.id}`;
          const [{ version }] = await api.ds.query(`SELECT version FROM cases WHERE id = $1`, [
            cases[where].id,
          ]);
          const tag = randomBytes(3).toString('hex');
          const known: Record<string, unknown> = {
            enterpriseId: x.enterprise.id,
            unitId: x.town.id,
            parentId: x.county.id,
            assigneeId: x.users['instructor']?.id,
            bureauId: x.countyLabor.id,
            categoryCode: 'labor',
            username: x.users['instructor']?.username,
            password: PASSWORD,
            code: `c${tag}`,
            creditCode: creditCode(),
            visitedAt: new Date().toISOString(), // a visit is at most 90 days old
            visitId: undefined, // a case from no visit (a made-up visit id is a 400)
          };
          let body = op.body ? exampleOf(op.body, '', known) : op.method === 'GET' ? undefined : {};
          if (/\/actions$/.test(op.path)) body = { action: 'comment', version, comment: `authz ${role}` };
          if (op.path === '/api/enterprises' && op.method === 'POST')
            body = { ...(body as object), instructorIds: [] };
          if (op.path === '/api/enterprises/{id}' && op.method === 'PATCH') body = { resumption: 'resumed' };
          if (op.path === '/api/exports') body = {};
          const headers: Record<string, string> = { 'Content-Type': 'application/json' };
          if (token[role]) headers['Authorization'] = `Bearer ${token[role]}`;
          let sent: string | Buffer | undefined = body === undefined ? undefined : JSON.stringify(body);
          if (op.multipart) {
            const m = multipartOf(op.multipart, known);
            headers['Content-Type'] = m.contentType;
            sent = m.body;
          }
          const res = await raw(api.port, op.method, path, { headers, body: sent });
          const at = `${op.name} ${where} as ${role} → ${res.status}`;
          const known_ = KNOWN[op.name];
          if (known_) {
            const expected = known_({ where, own })[role];
            if (!meets(expected, res))
              failures.push(`${at}, expected ${expected}: ${res.text.slice(0, 200)}`);
          }
          // the generic expectations hold for every operation, known or not
          if (res.status >= 500) failures.push(`${at}: a server error`);
          const is2xx = res.status >= 200 && res.status < 300;
          if (role === 'none' && !op.public && res.status !== 401)
            failures.push(`${at}: without a token, expected 401`);
          if (role !== 'admin' && is2xx && adminOnly(op))
            failures.push(`${at}: an administrative path answered a ${role}`);
          if (
            role !== 'admin' &&
            is2xx &&
            where === 'outside' &&
            /\/(cases|enterprises|attachments)\/\{id\}/.test(op.path)
          ) {
            failures.push(`${at}: an object outside the jurisdiction answered`);
          }
          if (
            role !== 'admin' &&
            is2xx &&
            leaks(worlds.outside, cases.outside).some((s) => res.text.includes(s))
          ) {
            failures.push(`${at}: the answer holds data of another jurisdiction`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
