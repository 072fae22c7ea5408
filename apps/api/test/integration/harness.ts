import { INestApplication, LoggerService } from '@nestjs/common';
import { loadConfig } from '@taizhang/config';
import type { CaseDto, EnterpriseDto, UnitDto, UserDto } from '@taizhang/contracts';
import { CasesRow, applyTransitions, rowToSnapshot } from '@taizhang/db';
import {
  CaseSnapshot,
  applyEvent,
  foldEvents,
  markOverdue,
  withCheckChar,
  CREDIT_CODE_CHARSET,
} from '@taizhang/domain';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app';
import { ContractCheck, checkedAgent } from './contract-check';

export const ADMIN_PASSWORD = 'test-admin-password';
export const PASSWORD = 'password-1234';

/**
 * The sign-in throttle counts per user name and per client address for 15 minutes, and every spec of a run
 * shares one database: sign-ins from one address would add up across the run, so one test's wrong
 * passwords could slow down another's sign-in. So the tests sign in as clients of their own: the API trusts
 * X-Forwarded-For from loopback (TRUST_PROXY below, as behind the admin server), and every sign-in request
 * carries an address of its own (`clientAddress`), unless the test sets one itself. Tests that send wrong
 * passwords do so for user names of their own. The throttle itself is unchanged.
 */
export const TEST_TRUST_PROXY = 'loopback';

/** A client address no other request of the run uses (IPv6 documentation range, 64 random bits). */
export function clientAddress(): string {
  const h = randomBytes(8).toString('hex');
  return `2001:db8::${h.slice(0, 4)}:${h.slice(4, 8)}:${h.slice(8, 12)}:${h.slice(12)}`;
}

/** A sign-in path (`/api/auth/login`, with or without a query): its requests get an address of their own. */
export const SIGN_IN_PATH = /^\/api\/auth\/login(?:[?#/]|$)/;

/** The public confirmation endpoints, rate-limited per address: their requests get an address of their own too. */
export const PUBLIC_PATH = /^\/api\/public\//;

/**
 * supertest on the server, where every request to the sign-in path carries an X-Forwarded-For of its own
 * (a later `.set('X-Forwarded-For', …)` of the test wins).
 */
export function ownAddressAgent(server: Parameters<typeof request>[0]): Http {
  const http = request(server);
  return new Proxy(http, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (url: unknown, ...rest: unknown[]) => {
        const req = (value as (...args: unknown[]) => unknown).call(target, url, ...rest);
        return typeof url === 'string' &&
          (SIGN_IN_PATH.test(url) || PUBLIC_PATH.test(url)) &&
          req &&
          typeof (req as { set?: unknown }).set === 'function'
          ? (req as { set: (k: string, v: string) => unknown }).set('X-Forwarded-For', clientAddress())
          : req;
      };
    },
  });
}

/**
 * The API in-process on the run's own database, reached over HTTP with supertest; every answer is checked
 * against the OpenAPI document (contract-check.ts).
 */
export async function startApi(
  env: Record<string, string> = {},
  logger: false | LoggerService = false,
): Promise<{
  app: INestApplication;
  http: ReturnType<typeof request>;
  ds: DataSource;
  close: () => Promise<void>;
}> {
  const config = loadConfig({
    ...process.env,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'error',
    TRUST_PROXY: TEST_TRUST_PROXY,
    ...env,
  });
  const app = await createApp(config, { logger });
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    http: checkedAgent(ownAddressAgent(server), ContractCheck.of(app)),
    ds: app.get(DataSource),
    close: () => app.close(),
  };
}

export type Http = ReturnType<typeof request>;
export type ApiUnderTest = Awaited<ReturnType<typeof startApi>>;

/**
 * A stand-in for what a `beforeAll` makes: every use of it (a property, a method, its keys) goes to the
 * value `get` answers then; used before, it fails naming `what`.
 */
function startedLater<T extends object>(what: string, get: () => T | undefined): T {
  const real = (): T => {
    const value = get();
    if (value === undefined) throw new Error(`${what} is used before beforeAll made it`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, prop) {
      const target = real();
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has: (_, prop) => Reflect.has(real(), prop),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, prop) => Reflect.getOwnPropertyDescriptor(real(), prop),
  });
}

/**
 * The API and the world of `buildWorld` for the tests of a describe block: started before them, closed
 * after them. What it answers stands for them once they are started (`id` is a user's id by his key in the
 * world). With `foldAfterEach`, every case row is checked to be the fold of its events after each test;
 * `beforeClose` runs after the tests, before the API closes (to put back what the suite changed).
 */
export function useWorld(
  opts: {
    env?: Record<string, string>;
    foldAfterEach?: boolean;
    beforeClose?: (s: { api: ApiUnderTest; http: Http; w: World }) => Promise<unknown>;
  } = {},
): {
  api: ApiUnderTest;
  http: Http;
  w: World;
  id: (key: string) => string;
} {
  let api: ApiUnderTest | undefined;
  let world: World | undefined;
  beforeAll(async () => {
    api = await startApi(opts.env);
    world = await buildWorld(api.http);
  });
  if (opts.foldAfterEach) afterEach(() => expectRowsAreFoldOfEvents((api as ApiUnderTest).ds));
  afterAll(async () => {
    try {
      if (opts.beforeClose && api && world) await opts.beforeClose({ api, http: api.http, w: world });
    } finally {
      await api?.close();
    }
  });
  const w = startedLater('the world', () => world);
  return {
    api: startedLater('the API', () => api),
    http: startedLater('the API', () => api?.http),
    w,
    id: (key) => userId(w, key),
  };
}

/** Sign in (with the right password) as a client of its own (see TEST_TRUST_PROXY). */
export async function login(http: Http, username: string, password = PASSWORD): Promise<string> {
  const res = await http
    .post('/api/auth/login')
    .set('X-Forwarded-For', clientAddress())
    .send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/**
 * A valid credit code, unique in practice: 7 random characters (31^7 ≈ 2.8e10). The test files of a run share
 * one database; the 4 hex digits and per-file serial used before collided now and then (a 409 on 2026-12-02).
 */
export function creditCode(): string {
  const tail = [...randomBytes(7)].map((b) => CREDIT_CODE_CHARSET[b % CREDIT_CODE_CHARSET.length]).join('');
  return withCheckChar(`91410100MA${tail}`);
}

export interface World {
  tag: string;
  adminToken: string;
  city: UnitDto;
  county: UnitDto;
  town: UnitDto;
  otherTown: UnitDto;
  countyLabor: UnitDto;
  cityLabor: UnitDto;
  tokens: Record<
    | 'instructor'
    | 'otherInstructor'
    | 'coordinator'
    | 'otherCoordinator'
    | 'officer'
    | 'cityOfficer'
    | 'otherOfficer'
    | 'manager'
    | 'otherManager',
    string
  >;
  users: Record<string, UserDto>;
  enterprise: EnterpriseDto;
  otherEnterprise: EnterpriseDto;
}

/**
 * A small world made through the API: 市 → 县 → two towns; a labor bureau at county and city level with
 * routing rules; an instructor, coordinator, officers and managers; an enterprise in each town.
 */
export async function buildWorld(http: Http): Promise<World> {
  const tag = randomBytes(3).toString('hex');
  const adminToken = await login(http, 'admin', ADMIN_PASSWORD);
  const post = async <T>(path: string, body: object): Promise<T> => {
    const res = await http.post(path).set('Authorization', `Bearer ${adminToken}`).send(body);
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const unit = (code: string, name: string, kind: string, parentId?: string, categoryCodes?: string[]) =>
    post<UnitDto>('/api/units', { code: `${code}${tag}`, name, kind, parentId, categoryCodes });
  const city = await unit('C', '测试市', 'city');
  const county = await unit('K', '测试县', 'county', city.id);
  const town = await unit('T', '测试镇', 'town', county.id);
  const otherTown = await unit('U', '另一镇', 'town', county.id);
  const countyLabor = await unit('KB', '测试县人社局', 'bureau', county.id, ['labor']);
  const cityLabor = await unit('CB', '测试市人社局', 'bureau', city.id, ['labor']);
  const countyTransport = await unit('KT', '测试县交通局', 'bureau', county.id, ['transport']);
  const rules = await http.get('/api/routing-rules').set('Authorization', `Bearer ${adminToken}`);
  await http
    .put('/api/routing-rules')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({
      rules: [
        ...rules.body,
        { categoryCode: 'labor', unitId: county.id, bureauId: countyLabor.id },
        { categoryCode: 'labor', unitId: city.id, bureauId: cityLabor.id },
        { categoryCode: 'transport', unitId: county.id, bureauId: countyTransport.id },
      ],
    })
    .expect(200);
  const users: Record<string, UserDto> = {};
  const user = async (key: string, role: string, unitId: string) => {
    users[key] = await post<UserDto>('/api/users', {
      username: `${key.toLowerCase()}_${tag}`,
      password: PASSWORD,
      displayName: `${key}${tag}`,
      role,
      unitId,
    });
  };
  await user('instructor', 'instructor', town.id);
  await user('otherInstructor', 'instructor', otherTown.id);
  await user('coordinator', 'coordinator', town.id);
  await user('coordinator2', 'coordinator', town.id);
  await user('otherCoordinator', 'coordinator', otherTown.id);
  await user('officer', 'bureau_officer', countyLabor.id);
  await user('cityOfficer', 'bureau_officer', cityLabor.id);
  await user('otherOfficer', 'bureau_officer', countyTransport.id);
  await user('manager', 'manager', county.id);
  await user('otherManager', 'manager', otherTown.id);
  const ent = (name: string, unitId: string, instructorId: string) =>
    post<EnterpriseDto>('/api/enterprises', {
      name: `${name}${tag}`,
      creditCode: creditCode(),
      scale: 'above',
      industry: '装备制造',
      unitId,
      address: '工业园区1号',
      contactName: '张三',
      contactPhone: '13800000000',
      key: false,
      resumption: 'resumed',
      headcount: 100,
      returnedHeadcount: 80,
      instructorIds: [instructorId],
    });
  const enterprise = await ent('测试重工', town.id, users['instructor'].id);
  const otherEnterprise = await ent('另一企业', otherTown.id, users['otherInstructor'].id);
  const tokens = {} as World['tokens'];
  for (const k of [
    'instructor',
    'otherInstructor',
    'coordinator',
    'otherCoordinator',
    'officer',
    'cityOfficer',
    'otherOfficer',
    'manager',
    'otherManager',
  ] as const) {
    tokens[k] = await login(http, users[k].username);
  }
  return {
    tag,
    adminToken,
    city,
    county,
    town,
    otherTown,
    countyLabor,
    cityLabor,
    tokens,
    users,
    enterprise,
    otherEnterprise,
  };
}

export async function openCase(
  http: Http,
  token: string,
  enterpriseId: string,
  extra: Record<string, unknown> = {},
): Promise<CaseDto> {
  const res = await http
    .post('/api/cases')
    .set('Authorization', `Bearer ${token}`)
    .send({
      enterpriseId,
      categoryCode: 'labor',
      title: '返岗员工不足',
      description: '缺少焊工20名',
      ...extra,
    });
  if (res.status !== 201) throw new Error(`open case: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CaseDto;
}

export function act(
  http: Http,
  token: string,
  c: Pick<CaseDto, 'id' | 'version'>,
  body: Record<string, unknown>,
) {
  return http
    .post(`/api/cases/${c.id}/actions`)
    .set('Authorization', `Bearer ${token}`)
    .send({ version: c.version, ...body });
}

/**
 * 24 cases opened at once, as the counter specs load the world: two of every three in the town (the
 * instructor's enterprise), every third in the other town; every fourth about transport, the rest labor.
 */
export function openCaseMix(http: Http, w: World, title: string): Promise<CaseDto[]> {
  return Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      openCase(
        http,
        i % 3 === 2 ? w.tokens.otherInstructor : w.tokens.instructor,
        i % 3 === 2 ? w.otherEnterprise.id : w.enterprise.id,
        { categoryCode: i % 4 === 0 ? 'transport' : 'labor', title: `${title} ${i}` },
      ),
    ),
  );
}

/**
 * The town's work on the i-th of its cases (the counter specs run it for many at once): assign and resolve,
 * escalate (a labor case), cancel, or let the respond-by pass.
 */
export async function townWork(http: Http, ds: DataSource, w: World, c: CaseDto, i: number): Promise<void> {
  const coord = w.tokens.coordinator;
  if (i % 4 === 0) {
    const a = await act(http, coord, c, { action: 'assign', assigneeId: w.users['coordinator']?.id });
    await act(http, coord, a.body, { action: 'resolve', resolution: '已解决' });
  } else if (i % 4 === 1 && c.categoryCode === 'labor') {
    await act(http, coord, c, { action: 'escalate', reason: '镇级无法解决' });
  } else if (i % 4 === 2) {
    await act(http, coord, c, { action: 'cancel', reason: '重复登记' });
  } else {
    await markCaseOverdue(ds, c.id, 'respond');
  }
}

/** Every case row equals the fold of its events (the row is a projection of the audit ledger). */
export async function expectRowsAreFoldOfEvents(ds: DataSource): Promise<number> {
  const rows: CasesRow[] = await ds.query(`SELECT * FROM cases`);
  // All events in one query (the suite calls this after every test), grouped by case in ledger order.
  const all: Record<string, unknown>[] = await ds.query(
    `SELECT case_id, type, to_status, to_unit_id, payload, at FROM case_events ORDER BY case_id, seq`,
  );
  const byCase = new Map<string, Record<string, unknown>[]>();
  for (const e of all) {
    const list = byCase.get(e['case_id'] as string) ?? [];
    list.push(e);
    byCase.set(e['case_id'] as string, list);
  }
  for (const row of rows) {
    const events = byCase.get(row.id) ?? [];
    const folded = foldEvents(
      events.map((e) => ({
        type: e['type'] as never,
        toStatus: e['to_status'] as never,
        toUnitId: e['to_unit_id'] as string,
        payload: e['payload'] as never,
        at: new Date(e['at'] as string).toISOString(),
      })),
    ) as CaseSnapshot;
    expect({ ledgerNo: row.ledger_no, ...folded }).toEqual({
      ledgerNo: row.ledger_no,
      ...rowToSnapshot(row),
    });
  }
  return rows.length;
}

/** A supertest parser (`.parse(binary)`): the raw bytes of the response. */
export const binary = (res: unknown, cb: (err: Error | null, body: Buffer) => void): void => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** POST /api/cases as `token` with this Idempotency-Key. */
export const postCaseKeyed = (http: Http, token: string, key: string, body: object) =>
  http.post('/api/cases').set(bearer(token)).set('Idempotency-Key', key).send(body);

/** The id of the world's user `key`. */
export const userId = (w: World, key: string): string => (w.users[key] as { id: string }).id;

/** An action that must succeed: the case after it (an error naming the action and the answer otherwise). */
export async function actOk(
  http: Http,
  token: string,
  c: Pick<CaseDto, 'id' | 'version'>,
  body: Record<string, unknown>,
): Promise<CaseDto> {
  const res = await act(http, token, c, body);
  if (res.status !== 200)
    throw new Error(`${String(body['action'])}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CaseDto;
}

/** GET /api/cases/:id as this user, expecting it to be visible. */
export async function getCase(http: Http, token: string, id: string): Promise<CaseDto> {
  const res = await http.get(`/api/cases/${id}`).set(bearer(token));
  if (res.status !== 200) throw new Error(`get case ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CaseDto;
}

/** An RFC 9457 problem details answer with this status (and code, and the fields named in errors[]). */
export function expectProblem(
  res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
  code?: string,
  fields?: string[],
): void {
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^https?:\/\/\S+$/),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code: code ?? expect.any(String),
    }),
  );
  expect((res.body['detail'] as string).length).toBeGreaterThan(0);
  if (fields) {
    const errors = res.body['errors'] as { field: string; message: string }[];
    expect(Array.isArray(errors)).toBe(true);
    for (const e of errors) expect(e).toEqual({ field: expect.any(String), message: expect.any(String) });
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(fields));
  }
}

/** What a refused request must leave alone: the case row and its events. */
export async function caseFootprint(
  ds: DataSource,
  id: string,
): Promise<{ row: Record<string, unknown>; events: number }> {
  const [row] = await ds.query(`SELECT * FROM cases WHERE id = $1`, [id]);
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1`, [id]);
  return { row, events: n };
}

/** A missed deadline as the worker records it: one `overdue` event and the row it implies, in one transaction. */
export async function markCaseOverdue(
  ds: DataSource,
  id: string,
  deadline: 'respond' | 'resolve' = 'resolve',
): Promise<void> {
  await ds.transaction(async (m) => {
    const [row] = await m.query(`SELECT * FROM cases WHERE id = $1 FOR UPDATE`, [id]);
    const event = markOverdue(rowToSnapshot(row), deadline);
    if (!event) throw new Error(`case ${id} cannot become overdue`);
    const now = new Date();
    const snap = rowToSnapshot(row);
    await applyTransitions(m, [
      {
        row,
        events: [event],
        next: applyEvent(snap, event, now.toISOString()),
        actorId: null,
        at: now,
        deadlines: { respondBy: row['respond_by'], resolveBy: row['resolve_by'] },
        scheduled: null,
        notify: false,
      },
    ]);
  });
}
