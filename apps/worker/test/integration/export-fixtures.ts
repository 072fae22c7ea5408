import { ExportOutcome, LedgerFilters, buildExport, requestExport } from '@taizhang/db';
import { exportJobId } from '@taizhang/queue';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import type { TownWorld as World } from './harness';

/**
 * `n` cases in the world's town, straight in SQL (one INSERT … SELECT generate_series, and their unit hops):
 * what an export reads, fast enough for 100,000. Ledger numbers `<town>-2026-G000001` …; opened one minute
 * apart, newest first; every tenth urgent, every seventh overdue. Answers their ledger numbers.
 */
export async function generateCases(ds: DataSource, w: World, n: number): Promise<string[]> {
  const rows: { ledger_no: string }[] = await ds.query(
    `WITH ins AS (
       INSERT INTO cases (ledger_no, enterprise_id, category_code, title, description, priority, status, level, unit_id, town_id, county_id, city_id,
                          respond_by, resolve_by, overdue, opened_by_id, opened_at, updated_at, version)
       SELECT $1 || '-2026-G' || lpad(g::text, 6, '0'), $2, 'labor', '返岗员工不足，缺少熟练焊工 #' || g, '企业订单已恢复，但外地员工返岗率仅60%。',
              CASE WHEN g % 10 = 0 THEN 'urgent' ELSE 'normal' END, 'open', 0, $3, $3, $4, $5,
              now() + interval '30 days', now() + interval '60 days', g % 7 = 0, $6, now() - g * interval '1 minute', now(), 1
         FROM generate_series(1, $7::int) g
       RETURNING id, ledger_no, opened_at)
     , hops AS (INSERT INTO case_hops (case_id, unit_id, level, arrived_at) SELECT id, $3, 0, opened_at FROM ins)
     SELECT ledger_no FROM ins`,
    [w.townCode, w.enterpriseId, w.townId, w.countyId, w.cityId, w.userId, n],
  );
  return rows.map((r) => r.ledger_no);
}

/**
 * An export of everything in the world's town, as the API writes it for the town's coordinator (the
 * world's user; the worker rebuilds his jurisdiction, `c.town_id = <town>`, and the filters). With
 * `queued: false` its build job is never queued (the outbox row goes in the same transaction): for tests that
 * call the build themselves and must not race the worker's processor.
 */
export async function requestTownExport(
  ds: DataSource,
  w: World,
  filters: LedgerFilters = {},
  { queued = true }: { queued?: boolean } = {},
): Promise<string> {
  return ds.transaction(async (m) => {
    const row = await requestExport(m, { userId: w.userId, filters });
    const id = row.id;
    if (!queued) await m.query(`DELETE FROM outbox WHERE job_id = $1`, [exportJobId(id)]);
    return id;
  });
}

/** The stored file, chunks in order. */
export async function exportFile(ds: DataSource, exportId: string): Promise<Buffer> {
  const chunks: { data: Buffer }[] = await ds.query(
    `SELECT data FROM export_chunks WHERE export_id = $1 ORDER BY seq`,
    [exportId],
  );
  return Buffer.concat(chunks.map((c) => c.data));
}

/** The rows of the 问题台账 sheet (header first), as strings. */
export async function sheetRows(file: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
  const sheet = wb.getWorksheet('问题台账');
  if (!sheet) throw new Error('no sheet 问题台账');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) =>
    rows.push(Array.from({ length: 16 }, (_, i) => String(row.getCell(i + 1).value ?? ''))),
  );
  return rows;
}

export interface ExportMeasurement {
  outcome: ExportOutcome;
  seconds: number;
  /** RSS before the build, and the highest seen while it ran (sampled every `everyMs`), in MB. */
  baselineRssMb: number;
  peakRssMb: number;
  /**
   * With `node --expose-gc` only: the V8 heap in use right after a forced collection, before the build and
   * at its highest (every 10th batch) — the live set, which RSS hides behind garbage not yet collected.
   */
  baselineLiveHeapMb: number | null;
  peakLiveHeapMb: number | null;
}

/** Run `buildExport` and report how long it took and the peak RSS of this process (process.memoryUsage().rss). */
export async function measureExport(
  ds: DataSource,
  exportId: string,
  everyMs = 20,
): Promise<ExportMeasurement> {
  const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage();
  let peak = baseline.rss;
  let peakLive = gc ? baseline.heapUsed : 0;
  let batches = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const timer = setInterval(sample, everyMs);
  const t0 = process.hrtime.bigint();
  try {
    const outcome = await buildExport(ds, exportId, {
      onProgress: () => {
        sample();
        if (gc && ++batches % 10 === 0) {
          gc();
          peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
        }
      },
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    sample();
    return {
      outcome,
      seconds: Math.round(seconds * 100) / 100,
      baselineRssMb: mb(baseline.rss),
      peakRssMb: mb(peak),
      baselineLiveHeapMb: gc ? mb(baseline.heapUsed) : null,
      peakLiveHeapMb: gc ? mb(peakLive) : null,
    };
  } finally {
    clearInterval(timer);
  }
}
