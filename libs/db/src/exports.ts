import { ExportBuildPayload, JOBS, JOB_QUEUE, exportJobId } from '@taizhang/queue';
import { Writable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { boundHeapGrowth } from './heap-growth';
import { LEDGER_BATCH, LedgerRow, ledgerBatches, ledgerFileName, openLedgerWorkbook } from './ledger-export';

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

/** Bytes per `export_chunks` row. */
export const EXPORT_CHUNK_BYTES = 1024 * 1024;
/** Finished exports (and their files) are kept this long. */
export const EXPORT_KEEP_DAYS = 7;

export interface ExportRequest {
  userId: string;
  /** The filters as asked, shown back to the user. */
  filters: Record<string, unknown>;
  /** The ledger's condition on `cases c` for this user and these filters, and its parameters. */
  whereSql: string;
  whereParams: unknown[];
  requestId?: string;
  /** default: 问题台账-<today>.xlsx */
  fileName?: string;
}

/**
 * Ask for an export: the exports row and the outbox row of its `export.build` job, in the caller's
 * transaction (the relay hands the job to BullMQ; jobId `export_<id>`). Answers the new row.
 */
export async function requestExport(m: Queryable, r: ExportRequest): Promise<LedgerRow> {
  const [row] = (await m.query(
    `INSERT INTO exports (user_id, filters, where_sql, where_params, file_name) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [
      r.userId,
      JSON.stringify(r.filters),
      r.whereSql,
      JSON.stringify(r.whereParams),
      r.fileName ?? ledgerFileName(),
    ],
  )) as LedgerRow[];
  const id = (row as LedgerRow)['id'] as string;
  const payload: ExportBuildPayload = { exportId: id, ...(r.requestId ? { requestId: r.requestId } : {}) };
  await m.query(`INSERT INTO outbox (queue, name, job_id, payload, run_at) VALUES ($1, $2, $3, $4, now())`, [
    JOB_QUEUE[JOBS.exportBuild],
    JOBS.exportBuild,
    exportJobId(id),
    JSON.stringify(payload),
  ]);
  return row as LedgerRow;
}

export type ExportOutcome =
  | { result: 'done'; rows: number; bytes: number; chunks: number; ms: number }
  | { result: 'skipped'; why: string };

export interface BuildExportOptions {
  /** Rows per keyset batch (and per progress update); default 2000. */
  batchSize?: number;
  /** Bytes per export_chunks row; default 1 MB. */
  chunkBytes?: number;
  /** Called after every batch (and once at the start with 0). */
  onProgress?: (doneRows: number, total: number) => void;
  /**
   * Whether a failure is final (status `failed`, the user is told) or will be retried by the queue (status
   * back to `queued`, the error kept). Default true. Either way the error is thrown after it is recorded.
   */
  lastAttempt?: boolean;
}

/**
 * Buffers what the workbook writer produces and stores it as export_chunks rows of ~`chunkBytes`, in order.
 * `_write` calls back only once a full chunk is stored, so a slow database slows the writer (backpressure)
 * instead of piling bytes up in memory.
 */
class ChunkWriter extends Writable {
  private parts: Buffer[] = [];
  private size = 0;
  seq = 0;
  bytes = 0;

  constructor(
    private readonly store: (seq: number, data: Buffer) => Promise<void>,
    private readonly chunkBytes: number,
  ) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    this.bytes += chunk.length;
    if (this.size < this.chunkBytes) return cb();
    this.flush().then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.flush().then(() => cb(), cb);
  }

  private async flush(): Promise<void> {
    if (!this.size) return;
    const data = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    await this.store(this.seq++, data);
  }
}

/**
 * Build export `exportId` into export_chunks: count the rows (total), stream them in keyset batches
 * through the streaming XLSX writer (./xlsx) into ~1 MB chunks, record `done_rows` after every batch,
 * then mark it done. The rows are read in one REPEATABLE READ transaction, so the count and the rows are
 * one snapshot of the ledger; progress and chunks are written outside it, so the API sees them as they come.
 *
 * Idempotent: a done export answers `skipped`; a half-done one (a crash, a retry) drops its chunks and
 * starts again; a build already running elsewhere (advisory lock) answers `skipped`.
 * Memory stays flat in the number of rows: one batch of rows and about one chunk of bytes at a time.
 */
export async function buildExport(
  ds: DataSource,
  exportId: string,
  opts: BuildExportOptions = {},
): Promise<ExportOutcome> {
  const t0 = Date.now();
  const batch = Math.max(1, Math.floor(opts.batchSize ?? LEDGER_BATCH));
  const chunkBytes = Math.max(16 * 1024, Math.floor(opts.chunkBytes ?? EXPORT_CHUNK_BYTES));
  const reader = ds.createQueryRunner();
  await reader.connect();
  let claimed = false;
  let releaseHeap: () => void = () => undefined;
  try {
    await reader.startTransaction('REPEATABLE READ');
    const [lock] = (await reader.query(
      `SELECT pg_try_advisory_xact_lock(hashtext('export.build'), hashtext($1)) AS ok`,
      [exportId],
    )) as LedgerRow[];
    if (!lock?.['ok']) return { result: 'skipped', why: 'being built by another worker' };
    const claimedRow = returned(
      await ds.query(
        `UPDATE exports SET status = 'running', started_at = now(), finished_at = NULL, total = NULL, done_rows = 0, size_bytes = NULL, error = NULL
          WHERE id = $1 AND status <> 'done' RETURNING where_sql, where_params`,
        [exportId],
      ),
    )[0];
    if (!claimedRow) {
      const [existing] = (await ds.query(`SELECT status FROM exports WHERE id = $1`, [
        exportId,
      ])) as LedgerRow[];
      return { result: 'skipped', why: existing ? 'already done' : 'no such export' };
    }
    claimed = true;
    await ds.query(`DELETE FROM export_chunks WHERE export_id = $1`, [exportId]);
    const where = claimedRow['where_sql'] as string;
    const params = (claimedRow['where_params'] as unknown[]) ?? [];
    const [{ total }] = (await reader.query(
      `SELECT count(*)::int AS total FROM cases c WHERE (${where})`,
      params,
    )) as [{ total: number }];
    await ds.query(`UPDATE exports SET total = $2 WHERE id = $1`, [exportId, total]);
    opts.onProgress?.(0, total);

    const writer = new ChunkWriter(
      (seq, data) =>
        ds
          .query(`INSERT INTO export_chunks (export_id, seq, data) VALUES ($1, $2, $3)`, [
            exportId,
            seq,
            data,
          ])
          .then(() => undefined),
      chunkBytes,
    );
    const failed = new Promise<never>((_, reject) => writer.once('error', reject));
    failed.catch(() => undefined);
    releaseHeap = boundHeapGrowth();
    const workbook = openLedgerWorkbook(writer);
    let done = 0;
    for await (const rows of ledgerBatches((sql, p) => reader.query(sql, p), where, params, batch)) {
      await workbook.add(rows);
      done += rows.length;
      await Promise.race([
        ds.query(`UPDATE exports SET done_rows = $2 WHERE id = $1`, [exportId, done]),
        failed,
      ]);
      opts.onProgress?.(done, total);
    }
    await Promise.race([workbook.commit(), failed]);
    await reader.commitTransaction();
    await ds.query(
      `UPDATE exports SET status = 'done', total = $2, done_rows = $2, size_bytes = $3, finished_at = now() WHERE id = $1`,
      [exportId, done, writer.bytes],
    );
    return { result: 'done', rows: done, bytes: writer.bytes, chunks: writer.seq, ms: Date.now() - t0 };
  } catch (err) {
    const message = (err as Error).message?.slice(0, 500) || String(err);
    if (claimed) {
      const last = opts.lastAttempt ?? true;
      await ds
        .query(
          `UPDATE exports SET status = $2, error = $3, finished_at = CASE WHEN $2 = 'failed' THEN now() END WHERE id = $1 AND status = 'running'`,
          [exportId, last ? 'failed' : 'queued', message],
        )
        .catch(() => undefined);
      if (last)
        await ds.query(`DELETE FROM export_chunks WHERE export_id = $1`, [exportId]).catch(() => undefined);
    }
    throw err;
  } finally {
    releaseHeap();
    if (reader.isTransactionActive) await reader.rollbackTransaction().catch(() => undefined);
    await reader.release();
  }
}

/** The rows of an UPDATE/DELETE … RETURNING (TypeORM answers `[rows, count]` on postgres). */
function returned(r: unknown): LedgerRow[] {
  if (Array.isArray(r) && Array.isArray(r[0])) return r[0] as LedgerRow[];
  return Array.isArray(r) ? (r as LedgerRow[]) : [];
}

/** Drop exports (and their files) created more than `days` ago. Answers how many. */
export async function pruneExports(q: Queryable, days = EXPORT_KEEP_DAYS): Promise<number> {
  return returned(
    await q.query(`DELETE FROM exports WHERE created_at < now() - make_interval(days => $1) RETURNING id`, [
      days,
    ]),
  ).length;
}
