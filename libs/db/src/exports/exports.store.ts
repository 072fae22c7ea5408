import { ExportBuildPayload, JOBS, JOB_QUEUE, exportJobId } from '@taizhang/queue';
import { Writable } from 'node:stream';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { boundHeapGrowth, ledgerFileName, openLedgerWorkbook } from '@taizhang/xlsx';
import { countLedger } from '../cases/case-reads.store';
import {
  LedgerFilters,
  LedgerListing,
  LedgerViewer,
  ledgerCondition,
  ledgerUnitKinds,
  parseLedgerFilters,
} from '../cases/ledger-filter';
import { LEDGER_BATCH, ledgerRowBatches } from '../cases/ledger-rows';
import { primaryWalLsn, readReplicasConfigured, replicaCounters, replicaTrouble } from '../read-replica';

/** Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner. */
type Queryable = Pick<EntityManager, 'query'>;

/** Bytes per `export_chunks` row. */
export const EXPORT_CHUNK_BYTES = 1024 * 1024;
/** Finished exports (and their files) are kept this long. */
export const EXPORT_KEEP_DAYS = 7;

export interface ExportRequest {
  /** The requester: the export holds what his jurisdiction shows (checked again when the worker builds it). */
  userId: string;
  /** The ledger's filters as asked (validated by the API), shown back to the user and rebuilt into SQL by the worker. */
  filters: LedgerFilters;
  requestId?: string;
  /** default: 问题台账-<today>.xlsx */
  fileName?: string;
}

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

/** An exports row as the API shows it (everything but the requester and the chunks). */
export interface ExportRow {
  id: string;
  status: ExportStatus;
  filters: LedgerFilters | null;
  total: number | null;
  done_rows: number;
  file_name: string;
  /** bigint: a string from pg */
  size_bytes: string | number | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const EXPORT_COLUMNS = `id, status, filters, total, done_rows, file_name, size_bytes, error, created_at, started_at, finished_at`;

/** How many exports `userId` has queued or running. */
export async function countActiveExports(q: Queryable, userId: string): Promise<number> {
  const [r] = await q.query<{ active: number }[]>(
    `SELECT count(*)::int AS active FROM exports WHERE user_id = $1 AND status IN ('queued', 'running')`,
    [userId],
  );
  return r?.active ?? 0;
}

/** A page of `userId`'s exports, newest first, and how many he has. */
export async function listExports(
  q: Queryable,
  userId: string,
  limit: number,
  offset: number,
): Promise<{ rows: ExportRow[]; total: number }> {
  const [counted, rows] = await Promise.all([
    q.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM exports WHERE user_id = $1`, [userId]),
    q.query<ExportRow[]>(
      `SELECT ${EXPORT_COLUMNS} FROM exports WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    ),
  ]);
  return { rows, total: counted[0]?.total ?? 0 };
}

/** Export `id` if it is `userId`'s, else null. */
export async function findOwnExport(q: Queryable, userId: string, id: string): Promise<ExportRow | null> {
  const [row] = await q.query<ExportRow[]>(
    `SELECT ${EXPORT_COLUMNS} FROM exports WHERE id = $1 AND user_id = $2`,
    [id, userId],
  );
  return row ?? null;
}

/** The chunk of export `id` after `afterSeq` (-1: the first), or null after the last. */
export async function nextExportChunk(
  q: Queryable,
  id: string,
  afterSeq: number,
): Promise<{ seq: number; data: Buffer } | null> {
  const [chunk] = await q.query<{ seq: number; data: Buffer }[]>(
    `SELECT seq, data FROM export_chunks WHERE export_id = $1 AND seq > $2 ORDER BY seq LIMIT 1`,
    [id, afterSeq],
  );
  return chunk ?? null;
}

/**
 * Ask for an export: the exports row and the outbox row of its `export.build` job, in the caller's
 * transaction (the relay hands the job to BullMQ; jobId `export_<id>`). Answers the new row.
 */
export async function requestExport(m: Queryable, r: ExportRequest): Promise<ExportRow> {
  const [row] = await m.query<ExportRow[]>(
    `INSERT INTO exports (user_id, filters, file_name) VALUES ($1, $2, $3) RETURNING ${EXPORT_COLUMNS}`,
    [r.userId, JSON.stringify(r.filters), r.fileName ?? ledgerFileName()],
  );
  if (!row) throw new Error('exports: the INSERT answered no row');
  const id = row.id;
  const payload: ExportBuildPayload = { exportId: id, ...(r.requestId ? { requestId: r.requestId } : {}) };
  await m.query(`INSERT INTO outbox (queue, name, job_id, payload, run_at) VALUES ($1, $2, $3, $4, now())`, [
    JOB_QUEUE[JOBS.exportBuild],
    JOBS.exportBuild,
    exportJobId(id),
    JSON.stringify(payload),
  ]);
  return row;
}

export type ExportOutcome =
  | {
      result: 'done';
      rows: number;
      bytes: number;
      chunks: number;
      ms: number;
      /** Where the rows were read: a read replica (opts.replica) or the primary. */
      readFrom: 'primary' | 'replica';
    }
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
  /**
   * Read the rows from a read replica, when the data source has one (DATABASE_READ_URLS): once the replica
   * has replayed the primary's WAL position as of the build's start — every commit before it, the export
   * request and the requester's last writes included — waiting for that at most `waitMs`. A replica further
   * behind, unreachable or failing midway: the primary reads them (docs/read-replicas.md).
   */
  replica?: { waitMs: number };
}

/** How often `replicaSnapshot` asks a replica how far it has replayed. */
const REPLAY_POLL_MS = 50;

/**
 * A query runner on a read replica holding a REPEATABLE READ snapshot that contains every transaction the
 * primary committed before this call, or null: no replica, unreachable, not in recovery, or not caught up
 * within `waitMs`. The primary's WAL position is read first; the replica's replay position is then polled
 * (outside the transaction), and the snapshot is taken only once it has passed that position.
 */
async function replicaSnapshot(ds: DataSource, waitMs: number): Promise<QueryRunner | null> {
  if (!readReplicasConfigured(ds)) return null;
  let runner: QueryRunner | undefined;
  try {
    const target = await primaryWalLsn(ds);
    if (!target) return null;
    runner = ds.createQueryRunner('slave');
    await runner.connect();
    const until = Date.now() + waitMs;
    for (;;) {
      const [r] = (await runner.query(
        `SELECT pg_is_in_recovery() AS recovery, coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS replayed`,
        [target],
      )) as { recovery: boolean; replayed: boolean }[];
      if (!r?.recovery) break;
      if (r.replayed) {
        await runner.startTransaction('REPEATABLE READ');
        await runner.query('SELECT 1'); // the snapshot is taken here, after the replay position passed
        return runner;
      }
      if (Date.now() >= until) break;
      await new Promise((resolve) => setTimeout(resolve, REPLAY_POLL_MS));
    }
  } catch {
    // unreachable or refusing: the primary reads the rows
  }
  await runner?.release().catch(() => undefined);
  replicaCounters.fallbacks++;
  return null;
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
 * through the streaming XLSX writer (@taizhang/xlsx) into ~1 MB chunks, record `done_rows` after every batch,
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
    )) as { ok: boolean }[];
    if (!lock?.ok) return { result: 'skipped', why: 'being built by another worker' };
    const claimedRow = returned<ClaimedExportRow>(
      await ds.query(
        `UPDATE exports SET status = 'running', started_at = now(), finished_at = NULL, total = NULL, done_rows = 0, size_bytes = NULL, error = NULL
          WHERE id = $1 AND status <> 'done' RETURNING user_id, filters`,
        [exportId],
      ),
    )[0];
    if (!claimedRow) {
      const [existing] = await ds.query<
        {
          status: string;
        }[]
      >(`SELECT status FROM exports WHERE id = $1`, [exportId]);
      return { result: 'skipped', why: existing ? 'already done' : 'no such export' };
    }
    claimed = true;
    // the requester's jurisdiction as of now, from the primary
    const listing = await exportListing(reader, claimedRow);
    releaseHeap = boundHeapGrowth();
    /** Count and write the rows `source` holds (one snapshot), from the first chunk. */
    const render = async (source: Queryable) => {
      let abandoned = false;
      let inflight: Promise<unknown> = Promise.resolve();
      try {
        await ds.query(`DELETE FROM export_chunks WHERE export_id = $1`, [exportId]);
        const total = await countLedger(source, listing);
        await ds.query(`UPDATE exports SET total = $2, done_rows = 0 WHERE id = $1`, [exportId, total]);
        opts.onProgress?.(0, total);
        const writer = new ChunkWriter((seq, data) => {
          if (abandoned) return Promise.reject(new Error('export render abandoned'));
          const stored = ds
            .query(`INSERT INTO export_chunks (export_id, seq, data) VALUES ($1, $2, $3)`, [
              exportId,
              seq,
              data,
            ])
            .then(() => undefined);
          inflight = stored.catch(() => undefined);
          return stored;
        }, chunkBytes);
        const failed = new Promise<never>((_, reject) => writer.once('error', reject));
        failed.catch(() => undefined);
        const workbook = openLedgerWorkbook(writer);
        let done = 0;
        for await (const rows of ledgerRowBatches(source, listing, batch)) {
          await workbook.add(rows);
          done += rows.length;
          await Promise.race([
            ds.query(`UPDATE exports SET done_rows = $2 WHERE id = $1`, [exportId, done]),
            failed,
          ]);
          opts.onProgress?.(done, total);
        }
        await Promise.race([workbook.commit(), failed]);
        return { done, bytes: writer.bytes, chunks: writer.seq };
      } catch (err) {
        // no chunk of this render may land after it (a retry on the primary starts from the first chunk)
        abandoned = true;
        await inflight;
        throw err;
      }
    };
    // a read replica (opts.replica) that has replayed every commit before the build: the rows come from
    // there; it failing midway (connection, recovery conflict), the primary builds the file again
    let readFrom: 'primary' | 'replica' = 'primary';
    let out: { done: number; bytes: number; chunks: number } | undefined;
    const replica = opts.replica ? await replicaSnapshot(ds, opts.replica.waitMs) : null;
    if (replica) {
      try {
        out = await render(replica);
        readFrom = 'replica';
        replicaCounters.replicaStatements++;
      } catch (err) {
        if (!replicaTrouble(err)) throw err;
        replicaCounters.fallbacks++;
      } finally {
        if (replica.isTransactionActive) await replica.rollbackTransaction().catch(() => undefined);
        await replica.release().catch(() => undefined);
      }
    }
    out ??= await render(reader);
    await reader.commitTransaction();
    await ds.query(
      `UPDATE exports SET status = 'done', total = $2, done_rows = $2, size_bytes = $3, finished_at = now() WHERE id = $1`,
      [exportId, out.done, out.bytes],
    );
    return {
      result: 'done',
      rows: out.done,
      bytes: out.bytes,
      chunks: out.chunks,
      ms: Date.now() - t0,
      readFrom,
    };
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

interface ClaimedExportRow {
  user_id: string;
  filters: unknown;
}

interface RequesterRow {
  id: string;
  role: LedgerViewer['role'];
  unit_id: string | null;
  active: boolean;
}

/**
 * The ledger listing of an export: the requester's jurisdiction as of now (his current role and unit; a
 * deactivated requester gets nothing) and the stored filters. Its rows are selected by `ledgerCondition`, the
 * same code as the list (GET /api/cases) and its download.
 */
async function exportListing(q: Queryable, row: ClaimedExportRow): Promise<LedgerListing> {
  const filters = parseLedgerFilters(row.filters);
  const [u] = await q.query<RequesterRow[]>(`SELECT id, role, unit_id, active FROM users WHERE id = $1`, [
    row.user_id,
  ]);
  if (!u?.active) throw new Error('the requester of this export is no longer active');
  const viewer: LedgerViewer = { id: u.id, role: u.role, unitId: u.unit_id };
  return { viewer, filters, kinds: await ledgerUnitKinds(q, viewer, filters) };
}

/**
 * The ledger condition the stored export `exportId` stands for (what its build would select), pushing its
 * parameters; null for no such export. For tests and diagnostics.
 */
export async function exportCondition(
  q: Queryable,
  exportId: string,
  params: unknown[],
): Promise<string | null> {
  const [row] = await q.query<ClaimedExportRow[]>(`SELECT user_id, filters FROM exports WHERE id = $1`, [
    exportId,
  ]);
  return row ? ledgerCondition(q, await exportListing(q, row), params) : null;
}

/** The rows of an UPDATE/DELETE … RETURNING (TypeORM answers `[rows, count]` on postgres). */
function returned<T = Record<string, unknown>>(r: unknown): T[] {
  if (Array.isArray(r) && Array.isArray(r[0])) return r[0] as T[];
  return Array.isArray(r) ? (r as T[]) : [];
}

/** Drop exports (and their files) created more than `days` ago. Answers how many. */
export async function pruneExports(q: Queryable, days = EXPORT_KEEP_DAYS): Promise<number> {
  return returned(
    await q.query(`DELETE FROM exports WHERE created_at < now() - make_interval(days => $1) RETURNING id`, [
      days,
    ]),
  ).length;
}
