import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { World, buildWorld, openCase } from './harness';
import {
  Answer,
  Doc,
  Operation,
  exampleOf,
  fill,
  fingerprint,
  multipartOf,
  operationsOf,
  raw,
  sessionEndingLast,
  startIsolatedApi,
  victims,
} from './openapi-walk';

/**
 * Built from the OpenAPI document the API serves, so a new endpoint is fuzzed without editing this file.
 * Every operation gets malformed and boundary input (path ids, query values, bodies, content types), as an
 * admin and as a town instructor. The contract: never a 5xx; every refusal is problem details; and a
 * refused request changes no row of the main tables.
 */

const WRONG_VALUES: unknown[] = [
  null,
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  true,
  '',
  'x'.repeat(10_001),
  'not-a-uuid',
  '\u0000',
  "' OR 1=1 --",
  [],
  ['x'],
  { a: 1 },
];

/** 3 MB of JSON in 3 KB of gzip. */
const GZIP_BOMB = gzipSync(Buffer.from(`{"a":"${'x'.repeat(3_000_000)}"}`));

const QUERY_VALUES = [
  '',
  'abc',
  '-1',
  '1.5',
  '1e309',
  '99999999999999999999999',
  'x'.repeat(5000),
  'not-a-uuid',
  '%00',
  '%E0%A4%A',
  "'%20OR%201=1--",
  '2026-02-30',
];

const HEADER_VALUES = [
  '',
  ' ',
  'x'.repeat(4000),
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "'; DROP TABLE cases; --",
  '\u00e9\u00e8',
];

const PATH_VALUES = [
  'not-a-uuid',
  '0',
  '-1',
  '99999999999999999999',
  'x'.repeat(3000),
  '%E0%A4%A',
  '%00',
  '%2e%2e',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  randomUUID(),
  "'%20OR%201=1--",
];

interface Probe {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

function probesOf(
  op: Operation,
  token: string | null,
  ids: Record<string, string>,
  known: Record<string, unknown>,
): Probe[] {
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const json = { ...auth, 'Content-Type': 'application/json' };
  const path = fill(op.path, {}, ids);
  const base = op.body ? exampleOf(op.body, '', known) : undefined;
  const send = (label: string, body: unknown, p = path): Probe => ({
    label,
    method: op.method,
    path: p,
    headers: json,
    body: JSON.stringify(body),
  });
  const probes: Probe[] = [];

  for (const name of op.pathParams) {
    for (const v of PATH_VALUES)
      probes.push({ ...send(`path ${name}=${v.slice(0, 20)}`, base, fill(op.path, { [name]: v }, ids)) });
  }
  for (const name of op.headers) {
    for (const v of HEADER_VALUES)
      probes.push({ ...send(`header ${name}=${v.slice(0, 20)}`, base), headers: { ...json, [name]: v } });
  }
  const queryNames = [...op.query.map((q) => q.name), 'unknownParam'];
  for (const name of queryNames) {
    for (const v of QUERY_VALUES)
      probes.push({
        label: `query ${name}=${v.slice(0, 20)}`,
        method: op.method,
        path: `${path}?${name}=${v}`,
        headers: auth,
      });
    probes.push({
      label: `query ${name} twice`,
      method: op.method,
      path: `${path}?${name}=1&${name}=2`,
      headers: auth,
    });
    probes.push({
      label: `query ${name}[a]`,
      method: op.method,
      path: `${path}?${name}[a]=1&${name}[]=2`,
      headers: auth,
    });
  }
  if (op.method !== 'GET') {
    const texts: [string, string | Buffer][] = [
      ['empty', ''],
      ['not JSON', '{'],
      ['null', 'null'],
      ['list', '[]'],
      ['string', '"s"'],
      ['number', '123'],
      ['deep', `{"a":${'['.repeat(40)}${']'.repeat(40)}}`],
      ['very deep', `{"a":${'{"b":'.repeat(5000)}1${'}'.repeat(5000)}}`],
      ['wide', JSON.stringify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])))],
      ['proto', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'],
    ];
    for (const [label, body] of texts)
      probes.push({ label: `body ${label}`, method: op.method, path, headers: json, body });
    const asText = JSON.stringify(base ?? {});
    for (const ct of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/json; charset=klingon',
    ]) {
      probes.push({
        label: `content-type ${ct}`,
        method: op.method,
        path,
        headers: { ...auth, 'Content-Type': ct },
        body: asText,
      });
    }
    probes.push({
      label: 'gzip junk',
      method: op.method,
      path,
      headers: { ...json, 'Content-Encoding': 'gzip' },
      body: Buffer.from('not gzip'),
    });
    probes.push({
      label: 'gzip bomb-ish',
      method: op.method,
      path,
      headers: { ...json, 'Content-Encoding': 'gzip' },
      body: GZIP_BOMB,
    });
    probes.push({
      label: 'unknown encoding',
      method: op.method,
      path,
      headers: { ...json, 'Content-Encoding': 'zstd-or-so' },
      body: asText,
    });
  }
  if (op.multipart) {
    // uploads: the right form, then each way a multipart body can be wrong
    const form = (body: Buffer | string, contentType: string, label: string): Probe => ({
      label: `multipart ${label}`,
      method: op.method,
      path,
      headers: { ...auth, 'Content-Type': contentType },
      body,
    });
    const good = multipartOf(op.multipart, known);
    const text = good.body.toString('utf8');
    const boundary = good.contentType.replace(/^.*boundary=/, '');
    const fileField =
      Object.entries(op.multipart.properties ?? {}).find(([, p]) => p.format === 'binary')?.[0] ?? 'file';
    const filePart = text.slice(0, text.lastIndexOf(`--${boundary}--`));
    probes.push(form(good.body, good.contentType, 'the right form'));
    probes.push(
      form(text.replace(`name="${fileField}"`, 'name="other"'), good.contentType, 'file in another field'),
    );
    probes.push(form(`${filePart}${filePart}--${boundary}--\r\n`, good.contentType, 'two files'));
    probes.push(form(good.body.subarray(0, Math.floor(good.body.length / 2)), good.contentType, 'truncated'));
    probes.push(form(good.body, 'multipart/form-data', 'no boundary'));
    probes.push(form(good.body, 'multipart/form-data; boundary=other', 'another boundary'));
    probes.push(form(`--${boundary}--\r\n`, good.contentType, 'no parts'));
    for (const [label, data] of [
      ['empty file', Buffer.alloc(0)],
      [
        'executable',
        Buffer.from('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode', 'latin1'),
      ],
      ['binary junk', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0])],
    ] as const) {
      const m = multipartOf(op.multipart, known, { [fileField]: { name: 'x.jpg', data } });
      probes.push(form(m.body, m.contentType, label));
    }
    for (const [name, prop] of Object.entries(op.multipart.properties ?? {})) {
      if (prop.format === 'binary') continue;
      for (const v of ['not-a-uuid', 'x'.repeat(5000), '\u0000', '']) {
        const m = multipartOf(op.multipart, { ...known, [name]: v });
        probes.push(form(m.body, m.contentType, `${name}=${v.slice(0, 12)}`));
      }
    }
  }
  if (op.body && base && typeof base === 'object') {
    probes.push(send('body unknown field', { ...base, unknownField: 1 }));
    for (const [name, schema] of Object.entries(op.body.properties ?? {})) {
      for (const v of WRONG_VALUES)
        probes.push(send(`body ${name}=${JSON.stringify(v).slice(0, 20)}`, { ...base, [name]: v }));
      // every value of an enumeration (each case action with the other fields as they are)
      for (const v of schema.enum ?? [])
        probes.push(send(`body ${name}=${String(v)}`, { ...base, [name]: v }));
      const { [name]: _left, ...without } = base as Record<string, unknown>;
      probes.push(send(`body without ${name}`, without));
      // a list of objects: each field of its first item gets the wrong values too
      const items = schema.items;
      if (schema.type === 'array' && items?.properties) {
        const item = exampleOf(items, '', known) as Record<string, unknown>;
        for (const field of Object.keys(items.properties)) {
          for (const v of WRONG_VALUES)
            probes.push(
              send(`body ${name}[0].${field}=${JSON.stringify(v).slice(0, 20)}`, {
                ...base,
                [name]: [{ ...item, [field]: v }],
              }),
            );
        }
      }
    }
  }
  return probes;
}

describe('generated: malformed and boundary input on every operation of the OpenAPI document', () => {
  let api: Awaited<ReturnType<typeof startIsolatedApi>>;
  let w: World;
  let ops: Operation[];
  let ids: Record<string, string>;
  let known: Record<string, unknown>;

  beforeAll(async () => {
    api = await startIsolatedApi();
    w = await buildWorld(api.http);
    const c = await openCase(api.http, w.tokens.instructor, w.enterprise.id);
    // Real objects where the path names their kind, and real references in bodies, so that input of the
    // right form gets past the lookups into the rules behind them.
    const victim = await victims(api.http, w.adminToken, w.county, w.tag);
    ids = { cases: c.id, enterprises: w.enterprise.id, users: victim.user, units: victim.unit };
    known = {
      enterpriseId: w.enterprise.id,
      unitId: w.town.id,
      parentId: w.county.id,
      assigneeId: w.users['instructor']?.id,
      bureauId: w.countyLabor.id,
      categoryCode: 'labor',
      version: c.version,
    };
    const doc = (await api.http.get('/api/docs-json').expect(200)).body as Doc;
    ops = operationsOf(doc);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('finds the operations', () => {
    expect(ops.length).toBeGreaterThanOrEqual(35);
    expect(ops.map((o) => o.name)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'GET /api/cases/{id}', 'PATCH /api/enterprises/{id}']),
    );
  });

  it('answers every probe without a 5xx, refuses with problem details, and changes nothing when it refuses', async () => {
    const signInName = `fuzz_${randomUUID().slice(0, 8)}`;
    const failures: string[] = [];
    let sent = 0;
    const stats: Record<string, number> = {};
    let before = await fingerprint(api.ds);
    const check = (op: Operation, who: string, p: Probe, res: Answer) => {
      const where = `${who} ${op.name} [${p.label}] → ${res.status}`;
      if (res.status >= 500) failures.push(`${where}: ${res.text.slice(0, 300)}`);
      else if (
        res.status >= 400 &&
        !/^application\/problem\+json/.test(String(res.headers['content-type']))
      ) {
        failures.push(`${where}: not problem details (${res.headers['content-type']})`);
      }
      return where;
    };
    const unchanged = async (what: string) => {
      const after = await fingerprint(api.ds);
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      if (changed.length) failures.push(`${what} ${changed.join(', ')}`);
      before = after;
    };
    for (const op of sessionEndingLast(ops)) {
      for (const [who, token] of [
        ['admin', w.adminToken],
        ['instructor', w.tokens.instructor],
      ] as const) {
        if (op.public && who === 'instructor') continue;
        // Sign-in probes name a user of their own: wrong guesses never slow down a real account.
        const knownHere = op.name === 'POST /api/auth/login' ? { ...known, username: signInName } : known;
        const probes = probesOf(op, op.public ? null : token, ids, knownHere);
        // The gate first: input of the right form. A role refused there (401/403) is refused by the guard,
        // which runs before any validation, so its malformed probes would say nothing new: skipped.
        const gate: Probe = {
          label: 'the right form',
          method: op.method,
          path: fill(op.path, {}, ids),
          headers: {
            ...(op.public ? {} : { Authorization: `Bearer ${token}` }),
            'Content-Type': 'application/json',
          },
          body: op.body
            ? JSON.stringify(exampleOf(op.body, '', knownHere))
            : op.method === 'GET'
              ? undefined
              : '{}',
        };
        if (op.multipart) {
          const m = multipartOf(op.multipart, knownHere);
          gate.headers['Content-Type'] = m.contentType;
          gate.body = m.body;
        }
        const first = await raw(api.port, gate.method, gate.path, { headers: gate.headers, body: gate.body });
        sent++;
        check(op, who, gate, first);
        if (op.method !== 'GET') {
          if (first.status >= 400)
            await unchanged(`${who} ${op.name} [the right form] → ${first.status}: refused, yet changed`);
          else before = await fingerprint(api.ds);
        }
        if (first.status === 401 || first.status === 403) continue;
        const probe = async (p: Probe) => {
          const res = await raw(api.port, p.method, p.path, { headers: p.headers, body: p.body });
          sent++;
          const k = `${op.name} ${res.status}`;
          stats[k] = (stats[k] ?? 0) + 1;
          return { res, where: check(op, who, p, res) };
        };
        if (op.method === 'GET') {
          // Reads change nothing: sent four at a time, the tables compared once after them all.
          for (let i = 0; i < probes.length; i += 4) await Promise.all(probes.slice(i, i + 4).map(probe));
          await unchanged(`${who} ${op.name}: a read changed`);
          continue;
        }
        // Writes one at a time, each refusal followed by a look at the tables.
        for (const p of probes) {
          const { res, where } = await probe(p);
          if (res.status >= 400) await unchanged(`${where}: refused, yet changed`);
          else before = await fingerprint(api.ds);
        }
      }
    }
    if (process.env['FUZZ_STATS']) console.log(JSON.stringify(stats, null, 0));
    expect(sent).toBeGreaterThan(1500);
    expect(failures).toEqual([]);
  }, 600_000);
});
