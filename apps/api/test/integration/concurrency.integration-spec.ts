import type { CaseDto } from '@taizhang/contracts';
import { IDEMPOTENCY_WAIT_MS } from '@taizhang/db';
import { formatLedgerNo } from '@taizhang/domain';
import { eventually } from '@taizhang/testing';
import { randomUUID } from 'node:crypto';
import {
  act,
  bearer,
  caseFootprint,
  expectProblem,
  getCase,
  openCase,
  postCaseKeyed,
  useWorld,
} from './harness';

describe('concurrency', () => {
  const { api, http, w, id } = useWorld({ foldAfterEach: true });

  const seqOf = (ledgerNo: string) => Number(ledgerNo.slice(-4));
  const body = (title: string) => ({
    enterpriseId: w.enterprise.id,
    categoryCode: 'labor',
    title,
    description: '并发',
  });

  describe('POST /api/cases/:id/actions', () => {
    it('50 concurrent actions on the same version: exactly one succeeds, 49 get 409, one new event', async () => {
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      const before = await caseFootprint(api.ds, c.id);
      // different people trying different things on what they all saw as version 1
      const attempts: Array<[string, Record<string, unknown>]> = Array.from({ length: 50 }, (_, i) => {
        switch (i % 5) {
          case 0:
            return [w.tokens.coordinator, { action: 'assign', assigneeId: id('coordinator2') }];
          case 1:
            return [w.tokens.coordinator, { action: 'escalate', reason: `上报 ${i}` }];
          case 2:
            return [w.tokens.manager, { action: 'urge', reason: `督办 ${i}` }];
          case 3:
            return [w.tokens.instructor, { action: 'comment', comment: `补充 ${i}` }];
          default:
            return [w.tokens.instructor, { action: 'cancel', reason: `撤销 ${i}` }];
        }
      });
      const results = await Promise.all(attempts.map(([token, b]) => act(http, token, c, b)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      for (const r of results.filter((x) => x.status === 409)) {
        expectProblem(r, 409, 'CASE.STALE_VERSION');
        expect(r.body.currentVersion).toBe(2);
      }
      const winner = results.find((r) => r.status === 200)?.body as CaseDto;
      expect(winner.version).toBe(2);
      const after = await caseFootprint(api.ds, c.id);
      expect(after.events).toBe(before.events + 1);
      expect(after.row['version']).toBe(2);
      const now = await getCase(http, w.tokens.coordinator, c.id);
      expect(now.events?.map((e) => e.type)).toEqual(['open', (winner.events ?? [])[1]?.type]);
    });

    it('a second round on the new version again lets exactly one through', async () => {
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id);
      c = (await act(http, w.tokens.coordinator, c, { action: 'assign', assigneeId: id('coordinator') }))
        .body;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          act(
            http,
            w.tokens.coordinator,
            c,
            i % 2
              ? { action: 'resolve', resolution: `方案 ${i}` }
              : { action: 'assign', assigneeId: id('coordinator2') },
          ),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(19);
      const after = await caseFootprint(api.ds, c.id);
      expect(after.events).toBe(3);
      expect(after.row['version']).toBe(3);
    });
  });

  describe('POST /api/cases', () => {
    it('20 concurrent creations in one town get 20 consecutive ledger numbers, no gaps, no duplicates', async () => {
      const [{ last }] = await api.ds.query(
        `SELECT COALESCE(max(last_seq), 0)::int AS last FROM ledger_sequences WHERE town_id = $1`,
        [w.town.id],
      );
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          http
            .post('/api/cases')
            .set(bearer(i % 2 ? w.tokens.instructor : w.tokens.coordinator))
            .send(body(`并发登记 ${i}`)),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
      const numbers = results.map((r) => r.body.ledgerNo as string);
      expect(new Set(numbers).size).toBe(20);
      for (const n of numbers) expect(n).toMatch(new RegExp(`^${w.town.code}-\\d{4}-\\d{4}$`));
      expect(numbers.map(seqOf).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => last + i + 1),
      );
      const inDb: { ledger_no: string }[] = await api.ds.query(
        `SELECT ledger_no FROM cases WHERE town_id = $1 ORDER BY ledger_no`,
        [w.town.id],
      );
      expect(inDb.map((r) => seqOf(r.ledger_no))).toEqual(Array.from({ length: last + 20 }, (_, i) => i + 1));
    });

    it('keeps each town’s numbers consecutive when two towns open cases at once', async () => {
      const lastOf = async (townId: string) =>
        Number(
          (
            await api.ds.query(
              `SELECT COALESCE(max(last_seq), 0)::int AS n FROM ledger_sequences WHERE town_id = $1`,
              [townId],
            )
          )[0].n,
        );
      const [a0, b0] = [await lastOf(w.town.id), await lastOf(w.otherTown.id)];
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          i % 2
            ? http
                .post('/api/cases')
                .set(bearer(w.tokens.instructor))
                .send(body(`甲 ${i}`))
            : http
                .post('/api/cases')
                .set(bearer(w.tokens.otherInstructor))
                .send({ ...body(`乙 ${i}`), enterpriseId: w.otherEnterprise.id }),
        ),
      );
      expect(results.every((r) => r.status === 201)).toBe(true);
      const seqs = (townCode: string) =>
        results
          .map((r) => r.body.ledgerNo as string)
          .filter((n) => n.startsWith(`${townCode}-`))
          .map(seqOf)
          .sort((x, y) => x - y);
      expect(seqs(w.town.code)).toEqual(Array.from({ length: 8 }, (_, i) => a0 + i + 1));
      expect(seqs(w.otherTown.code)).toEqual(Array.from({ length: 8 }, (_, i) => b0 + i + 1));
    });

    it('numbers the 10,000th case of a year with five digits, exactly as formatLedgerNo writes it', async () => {
      const [{ year }] = await api.ds.query(
        `SELECT year FROM ledger_sequences WHERE town_id = $1 ORDER BY year DESC LIMIT 1`,
        [w.otherTown.id],
      );
      await api.ds.query(`UPDATE ledger_sequences SET last_seq = 9998 WHERE town_id = $1 AND year = $2`, [
        w.otherTown.id,
        year,
      ]);
      const numbers: string[] = [];
      for (const t of ['甲', '乙']) {
        const res = await http
          .post('/api/cases')
          .set(bearer(w.tokens.otherInstructor))
          .send({ ...body(`万号 ${t}`), enterpriseId: w.otherEnterprise.id })
          .expect(201);
        numbers.push(res.body.ledgerNo);
      }
      expect(numbers).toEqual([
        formatLedgerNo(w.otherTown.code, year, 9999),
        formatLedgerNo(w.otherTown.code, year, 10000),
      ]);
      expect(numbers[1]).toBe(`${w.otherTown.code}-${year}-10000`);
    });
  });

  describe('Idempotency-Key', () => {
    const keyed = (key: string, title: string, token = w.tokens.instructor) =>
      postCaseKeyed(http, token, key, body(title));
    const casesTitled = async (title: string) =>
      Number((await api.ds.query(`SELECT count(*)::int AS n FROM cases WHERE title = $1`, [title]))[0].n);

    it('a sequential retry returns the first result: same case, one case', async () => {
      const key = randomUUID();
      const title = `重试 ${key}`;
      const first = await keyed(key, title).expect(201);
      const retry = await keyed(key, title).expect(201);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.body.ledgerNo).toBe(first.body.ledgerNo);
      expect(retry.body).toEqual(first.body);
      expect(await casesTitled(title)).toBe(1);
      // a key belongs to its user: the same key from someone else is a request of its own
      const other = await keyed(key, title, w.tokens.coordinator).expect(201);
      expect(other.body.id).not.toBe(first.body.id);
      expect(await casesTitled(title)).toBe(2);
    });

    it('concurrent requests with the same key: one 201, the others the same result or 409 — never two cases', async () => {
      const key = randomUUID();
      const title = `并发重试 ${key}`;
      const results = await Promise.all(Array.from({ length: 12 }, () => keyed(key, title)));
      const created = results.filter((r) => r.status === 201);
      const conflicts = results.filter((r) => r.status !== 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      for (const r of conflicts) expectProblem(r, 409, 'IDEMPOTENCY.IN_PROGRESS');
      expect(await casesTitled(title)).toBe(1);
      // and afterwards a retry answers the one case
      const retry = await keyed(key, title).expect(201);
      expect(retry.body.id).toBe(created[0]?.body.id);
    });

    it('a retry waits for the running request with its key: 409 only if it still runs after the wait, and a key whose request ended without committing is free', async () => {
      const key = randomUUID();
      const title = `占用 ${key}`;
      // a first request mid-transaction: its key row inserted, not committed
      const runner = api.ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query(
          `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, 'first')`,
          [id('instructor'), key],
        );
        const t0 = Date.now();
        const waited = await keyed(key, title);
        expectProblem(waited, 409, 'IDEMPOTENCY.IN_PROGRESS');
        expect(Date.now() - t0).toBeGreaterThanOrEqual(1500); // it waited for the first request first
        // the first request ends without committing (its process died, or it was refused): nothing is left of it
        await runner.rollbackTransaction();
      } finally {
        await runner.release();
      }
      const retry = await keyed(key, title).expect(201);
      expect(await casesTitled(title)).toBe(1);
      const again = await keyed(key, title).expect(201);
      expect(again.body.id).toBe(retry.body.id);
    });

    it('a retry that waited for a running request answers what that request committed', async () => {
      const key = randomUUID();
      const runner = api.ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query(
          `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, 'another body')`,
          [id('instructor'), key],
        );
        const waiting = keyed(key, `等待 ${key}`).then((r) => r);
        // the retry is now waiting on the key row
        await eventually('the retry to wait on the key row', async () => {
          const [r] = await api.ds.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return r.n > 0;
        });
        await runner.query(
          `UPDATE idempotency_keys SET response_status = 201, response_body = '{}' WHERE user_id = $1 AND key = $2`,
          [id('instructor'), key],
        );
        await runner.commitTransaction();
        // the committed request had another body: the retry learns it as soon as the first commits
        expectProblem(await waiting, 422, 'IDEMPOTENCY.KEY_REUSED');
      } finally {
        await runner.release();
      }
    });

    it('waits for the ledger number as long as an unkeyed intake would: the short lock timeout is only for the claim', async () => {
      await openCase(http, w.tokens.instructor, w.enterprise.id); // the town's sequence row exists
      const key = randomUUID();
      const runner = api.ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query(`SELECT 1 FROM ledger_sequences WHERE town_id = $1 FOR UPDATE`, [w.town.id]);
        const intake = keyed(key, `排队 ${key}`).then((r) => r);
        // the keyed intake has waited for the number longer than a claim may wait
        await eventually(
          'the keyed intake to wait on the sequence row past the claim timeout',
          async () => {
            const [r] = await api.ds.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND now() - query_start > make_interval(secs => $1)`,
              [IDEMPOTENCY_WAIT_MS / 1000 + 0.5],
            );
            return r.n > 0;
          },
          15_000,
        );
        await runner.commitTransaction();
        const res = await intake;
        expect(res.status).toBe(201);
      } finally {
        await runner.release();
      }
    });

    it('takes over a claim left without its answer by an older version after 120 s, and treats a key past its 24 hours as new', async () => {
      const stale = randomUUID();
      await api.ds.query(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ($1, $2, 'old', now() - interval '10 minutes')`,
        [id('instructor'), stale],
      );
      const taken = await keyed(stale, `接管 ${stale}`).expect(201);
      const replay = await keyed(stale, `接管 ${stale}`).expect(201);
      expect(replay.body.id).toBe(taken.body.id);
      const recent = randomUUID();
      await api.ds.query(`INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, 'old')`, [
        id('instructor'),
        recent,
      ]);
      // a younger one is not taken over (its request is told apart by its body, as ever)
      expectProblem(await keyed(recent, `未到期 ${recent}`), 422, 'IDEMPOTENCY.KEY_REUSED');
      expect(await casesTitled(`未到期 ${recent}`)).toBe(0);
      const expired = randomUUID();
      await api.ds.query(
        `INSERT INTO idempotency_keys (user_id, key, request_hash, response_status, response_body, created_at)
         VALUES ($1, $2, 'another body', 201, '{}', now() - interval '25 hours')`,
        [id('instructor'), expired],
      );
      await keyed(expired, `过期 ${expired}`).expect(201);
      expect(await casesTitled(`过期 ${expired}`)).toBe(1);
    });

    it('concurrent requests with different keys each create their case', async () => {
      const title = `不同键 ${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 6 }, () => keyed(randomUUID(), title)));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(new Set(results.map((r) => r.body.id)).size).toBe(6);
      expect(await casesTitled(title)).toBe(6);
    });
  });
});
