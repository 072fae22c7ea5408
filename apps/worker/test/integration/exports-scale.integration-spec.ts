import { openDatabase } from '@taizhang/db';
import { seedMinimalWorld } from '@taizhang/testing';
import { DataSource } from 'typeorm';
import { exportFile, generateCases, measureExport, requestTownExport, sheetRows } from './export-fixtures';

/**
 * Runs with 10,000 cases in the suite (a workbook with one row per case, memory not growing with the rows);
 * as a measurement: `EXPORT_BENCH_ROWS=100000 npx jest -c apps/worker/jest.integration.config.cjs
 * apps/worker/test/integration/exports-scale.integration-spec.ts` generates that many cases, exports them with
 * `buildExport` and prints seconds and peak RSS (process.memoryUsage().rss sampled every 20 ms). It checks
 * that the workbook has one row per case and that the build's memory does not grow with the row count: run
 * it with `NODE_OPTIONS=--expose-gc` to see (and check) the live heap as well.
 */
const ROWS = Number(process.env['EXPORT_BENCH_ROWS'] ?? 10_000);

describe(`export of ${ROWS} cases (measurement)`, () => {
  let ds: DataSource;

  // no worker: the build runs here, alone, measured (the outbox row stays undelivered)
  beforeAll(async () => {
    ds = await openDatabase(process.env['DATABASE_URL'] as string);
  });
  afterAll(() => ds.destroy());

  it('reports seconds and peak RSS', async () => {
    const world = await seedMinimalWorld((sql, params) => ds.query(sql, params));
    const t0 = Date.now();
    await generateCases(ds, world, ROWS);
    await ds.query(`ANALYZE cases`);
    const seedSeconds = (Date.now() - t0) / 1000;
    const id = await requestTownExport(ds, world);
    const m = await measureExport(ds, id);
    const [row] = await ds.query(
      `SELECT size_bytes, (SELECT count(*)::int FROM export_chunks WHERE export_id = $1) AS chunks FROM exports WHERE id = $1`,
      [id],
    );
    const report = {
      rows: ROWS,
      seedSeconds,
      exportSeconds: m.seconds,
      rowsPerSecond: Math.round(ROWS / m.seconds),
      baselineRssMb: m.baselineRssMb,
      peakRssMb: m.peakRssMb,
      growthMb: Math.round((m.peakRssMb - m.baselineRssMb) * 10) / 10,
      baselineLiveHeapMb: m.baselineLiveHeapMb,
      peakLiveHeapMb: m.peakLiveHeapMb,
      fileMb: Math.round((Number(row.size_bytes) / 1024 / 1024) * 10) / 10,
      chunks: row.chunks,
    };
    process.stdout.write(`\nEXPORT BENCH ${JSON.stringify(report)}\n`);
    expect(m.outcome).toMatchObject({ result: 'done', rows: ROWS });
    // the build must not hold the rows: its live heap stays flat (with --expose-gc); RSS also carries
    // garbage V8 has not collected yet, so it only gets a loose bound
    if (m.peakLiveHeapMb !== null && m.baselineLiveHeapMb !== null)
      expect(m.peakLiveHeapMb - m.baselineLiveHeapMb).toBeLessThan(64);
    expect(report.growthMb).toBeLessThan(512);
    if (ROWS <= 200_000) expect((await sheetRows(await exportFile(ds, id))).length).toBe(ROWS + 1);
  }, 600_000);
});
