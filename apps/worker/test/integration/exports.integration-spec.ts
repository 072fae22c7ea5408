import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { buildExport } from '@taizhang/db';
import { QUEUES, exportJobId } from '@taizhang/queue';
import { LEDGER_WORKBOOK_HEADER, eventually, seedMinimalWorld } from '@taizhang/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ExportService } from '../../src/exports/export.service';
import { exportFile, generateCases, requestTownExport, sheetRows } from './export-fixtures';
import { openCaseDirect, startWorker } from './harness';

const HEADER = LEDGER_WORKBOOK_HEADER;
const N = 5000;

/**
 * The export job end to end: exports row + outbox row (as the API writes them) → relay → BullMQ
 * `export.build` → rows in keyset batches through the streaming workbook writer into export_chunks,
 * with progress; the stored file is the ledger of the requester's town, one row per case.
 */
describe('worker: Excel exports (export.build)', () => {
  let app: INestApplicationContext;
  let ds: DataSource;
  let world: Awaited<ReturnType<typeof seedMinimalWorld>>;
  let ledgerNos: string[];
  let directNos: string[];

  beforeAll(async () => {
    app = await startWorker();
    ds = app.get(DataSource);
    world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    // a few cases written the way the API writes one, the rest generated in bulk
    const far = (days: number) => new Date(Date.now() + days * 86_400_000);
    const direct: string[] = [];
    for (let i = 0; i < 3; i++)
      direct.push(await openCaseDirect(ds, world, far(30), far(60), { outbox: false }));
    const generated = await generateCases(ds, world, N - direct.length);
    const rows: { ledger_no: string }[] = await ds.query(
      `SELECT ledger_no FROM cases WHERE id = ANY($1::uuid[])`,
      [direct],
    );
    directNos = rows.map((r) => r.ledger_no);
    ledgerNos = [...directNos, ...generated].sort();
    // another town's case: not in this coordinator's export
    const other = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    await openCaseDirect(ds, other, far(30), far(60), { outbox: false });
  }, 120_000);
  afterAll(() => app.close());

  it(`builds ${N} cases through the queue: progress reaches the total, and the chunks are the workbook, one row per case`, async () => {
    const id = await requestTownExport(ds, world, { status: ['open'] });
    const seen: number[] = [];
    const row = await eventually(
      'export done',
      async () => {
        const [r] = await ds.query(
          `SELECT status, total, done_rows, size_bytes, error FROM exports WHERE id = $1`,
          [id],
        );
        seen.push(r.done_rows);
        if (r.status === 'failed') throw new Error(`failed: ${r.error}`);
        return r.status === 'done' ? r : null;
      },
      60_000,
      25,
    );
    expect(row).toMatchObject({ status: 'done', total: N, done_rows: N, error: null });
    // progress only goes up
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // the row says done inside the job; BullMQ records the job's return value just after it (a busy machine
    // showed the gap): wait for it
    const queue = app.get<Queue>(getQueueToken(QUEUES.exports));
    const job = await eventually(
      'export job completed',
      async () => {
        const j = await queue.getJob(exportJobId(id));
        return j?.returnvalue ? j : null;
      },
      30_000,
      25,
    );
    expect(job.returnvalue).toMatchObject({ result: 'done', rows: N });

    const file = await exportFile(ds, id);
    expect(file.length).toBe(Number(row.size_bytes));
    const rows = await sheetRows(file);
    expect(rows[0]).toEqual(HEADER);
    expect(rows.length).toBe(N + 1);
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(ledgerNos);
    // newest first, as the ledger lists them
    expect(directNos).toContain(rows[1]?.[0]);
    expect(rows.slice(4, 7).map((r) => r[0])).toEqual(
      [1, 2, 3].map((g) => `${world.townCode}-2026-G00000${g}`),
    );
    const g70 = rows.find((r) => r[0] === `${world.townCode}-2026-G000070`) as string[];
    expect(g70.slice(1, 9)).toEqual([
      `E${world.townCode.slice(1)}`,
      expect.any(String),
      '返岗员工不足，缺少熟练焊工 #70',
      '待处理',
      '乡镇',
      world.townCode,
      '是',
      '是',
    ]);
  });

  it('writes progress after every batch and the file in ~chunkBytes pieces (direct call: what the bench runs)', async () => {
    const id = await requestTownExport(ds, world, {}, { queued: false });
    const progress: [number, number][] = [];
    const out = await buildExport(ds, id, {
      batchSize: 1000,
      chunkBytes: 64 * 1024,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(out).toMatchObject({ result: 'done', rows: N });
    expect(progress).toEqual([0, 1000, 2000, 3000, 4000, 5000].map((d) => [d, N]));
    const chunks: { seq: number; n: number }[] = await ds.query(
      `SELECT seq, length(data) AS n FROM export_chunks WHERE export_id = $1 ORDER BY seq`,
      [id],
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    for (const c of chunks.slice(0, -1)) expect(c.n).toBeGreaterThanOrEqual(64 * 1024);
    expect((await sheetRows(await exportFile(ds, id))).length).toBe(N + 1);
  });

  it('is idempotent: a done export is skipped, a half-done one drops its chunks and starts again', async () => {
    const service = app.get(ExportService);
    // requested without a queued job: the worker's own processor must not build them before this test does
    const done = await requestTownExport(ds, world, { category: 'labor' }, { queued: false });
    expect(await service.build({ exportId: done })).toMatchObject({ result: 'done' });
    const before = await exportFile(ds, done);
    expect(await service.build({ exportId: done })).toEqual({ result: 'skipped', why: 'already done' });
    expect((await exportFile(ds, done)).equals(before)).toBe(true);

    // a worker died half way: status running, some progress, a few chunks of a file that will never end
    const half = await requestTownExport(ds, world, {}, { queued: false });
    await ds.query(`UPDATE exports SET status = 'running', total = $2, done_rows = 2000 WHERE id = $1`, [
      half,
      N,
    ]);
    for (let seq = 0; seq < 3; seq++)
      await ds.query(`INSERT INTO export_chunks (export_id, seq, data) VALUES ($1, $2, $3)`, [
        half,
        seq,
        Buffer.from('junk'),
      ]);
    expect(await service.build({ exportId: half })).toMatchObject({ result: 'done', rows: N });
    const rows = await sheetRows(await exportFile(ds, half));
    expect(rows.length).toBe(N + 1);

    expect(await service.build({ exportId: '6f1c0c1e-0000-4000-8000-000000000001' })).toEqual({
      result: 'skipped',
      why: 'no such export',
    });
  });

  it('puts a failed attempt back in the queue, and marks the last one failed without a file', async () => {
    const service = app.get(ExportService);
    const [row] = await ds.query(
      `INSERT INTO exports (user_id, filters, file_name) VALUES ($1, '{"level": "high"}', 'x.xlsx') RETURNING id`,
      [world.userId],
    );
    await expect(service.build({ exportId: row.id }, { lastAttempt: false })).rejects.toThrow(
      /level is not valid/,
    );
    const [retrying] = await ds.query(`SELECT status, error, finished_at FROM exports WHERE id = $1`, [
      row.id,
    ]);
    expect(retrying).toMatchObject({
      status: 'queued',
      error: expect.stringMatching(/level is not valid/),
      finished_at: null,
    });
    await expect(service.build({ exportId: row.id }, { lastAttempt: true })).rejects.toThrow(
      /level is not valid/,
    );
    const [failed] = await ds.query(`SELECT status, error, finished_at FROM exports WHERE id = $1`, [row.id]);
    expect(failed).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/level is not valid/),
      finished_at: expect.any(Date),
    });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM export_chunks WHERE export_id = $1`, [
      row.id,
    ]);
    expect(n).toBe(0);
  });
});
