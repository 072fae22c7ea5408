/**
 * An API process SIGKILLed in the middle of a burst of keyed intakes: whatever each request had reached
 * (not started, mid-transaction, committed but not answered, answered), retrying its key on a new API gives
 * exactly one case for it, the original one where the client had seen it, and no retry is refused (409) for
 * more than a few seconds.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { bearer, buildWorld } from './harness';
import { ApiProcess, spawnApi } from './processes';

jest.setTimeout(180_000);

const KEYS = 50;
const KILL_AFTER = 10;
/** How long retries of one key may be refused with 409 after the crash. */
const MAX_CONFLICT_MS = 5000;

describe('API SIGKILLed during a burst of keyed intakes', () => {
  const apis: ApiProcess[] = [];
  const db = new Client({ connectionString: process.env['DATABASE_URL'] });

  beforeAll(() => db.connect());
  afterAll(async () => {
    for (const api of apis) await api.stop('SIGKILL');
    await db.end();
  });

  it('gives one case per key, the original one, and refuses retries for seconds at most', async () => {
    const first = await spawnApi({});
    apis.push(first);
    const w = await buildWorld(request(first.url));
    const keys = Array.from({ length: KEYS }, () => randomUUID());
    const body = (key: string) => ({
      enterpriseId: w.enterprise.id,
      categoryCode: 'labor',
      title: `崩溃 ${key}`,
      description: '连发中进程被杀',
    });
    const send = (url: string, key: string) =>
      request(url)
        .post('/api/cases')
        .set(bearer(w.tokens.instructor))
        .set('Idempotency-Key', key)
        .send(body(key));

    // The burst: the process is killed once KILL_AFTER answers arrived, with the rest in flight. Every other
    // answer is lost on its way (the client never learns its case was opened), as when the process dies
    // between the commit and the answer.
    const seen = new Map<string, string>(); // key → id of the case the client was told about
    let answered = 0;
    let killed: Promise<number> | undefined;
    await Promise.all(
      keys.map((key, i) =>
        send(first.url, key).then(
          (res) => {
            if (res.status === 201 && i % 2 === 0) seen.set(key, res.body.id as string);
            if (++answered >= KILL_AFTER) killed ??= first.stop('SIGKILL');
          },
          () => undefined, // connection cut by the kill
        ),
      ),
    );
    await killed;
    expect(seen.size).toBeGreaterThan(0);
    expect(seen.size).toBeLessThan(KEYS); // the kill did land mid-burst

    const before = await db.query<{ title: string; id: string }>(
      `SELECT title, id::text FROM cases WHERE title = ANY($1::text[])`,
      [keys.map((k) => `崩溃 ${k}`)],
    );
    // some keys have a case the client was never told about: their retries must answer it, not open another
    const unseen = before.rows.filter((r) => !seen.has(r.title.replace('崩溃 ', '')));
    expect(unseen.length).toBeGreaterThan(0);
    const second = await spawnApi({});
    apis.push(second);
    const longestConflict = { ms: 0 };
    const retried = await Promise.all(
      keys.map(async (key) => {
        const t0 = Date.now();
        for (;;) {
          const res = await send(second.url, key);
          if (res.status !== 409) {
            if (res.status !== 201)
              throw new Error(`retry of ${key}: ${res.status} ${JSON.stringify(res.body)}`);
            longestConflict.ms = Math.max(longestConflict.ms, Date.now() - t0);
            return { key, id: res.body.id as string };
          }
          expect(res.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');
          if (Date.now() - t0 > MAX_CONFLICT_MS)
            throw new Error(`retries of ${key} refused with 409 for more than ${MAX_CONFLICT_MS} ms`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }),
    );
    expect(longestConflict.ms).toBeLessThan(MAX_CONFLICT_MS);

    // exactly one case per key, and it is the one each retry answered (and the one the client saw, if any)
    const { rows } = await db.query<{ title: string; ids: string[] }>(
      `SELECT title, array_agg(id::text) AS ids FROM cases WHERE title = ANY($1::text[]) GROUP BY title`,
      [keys.map((k) => `崩溃 ${k}`)],
    );
    const byTitle = new Map(rows.map((r) => [r.title, r.ids]));
    for (const { key, id } of retried) {
      expect({ key, ids: byTitle.get(`崩溃 ${key}`) }).toEqual({ key, ids: [id] });
      if (seen.has(key)) expect(id).toBe(seen.get(key));
    }
    const retriedIds = new Map(retried.map((r) => [`崩溃 ${r.key}`, r.id]));
    for (const r of before.rows) expect(retriedIds.get(r.title)).toBe(r.id);
    // every key answered, none left claimed without its answer
    const keysLeft = await db.query(
      `SELECT count(*)::int AS n FROM idempotency_keys WHERE key = ANY($1::text[]) AND response_status IS NULL`,
      [keys],
    );
    expect(keysLeft.rows[0].n).toBe(0);
    // and a late retry still answers the same case
    const late = await send(second.url, keys[0]).expect(201);
    expect(late.body.id).toBe(retried[0]?.id);
  });
});
