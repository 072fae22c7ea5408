import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BuildExportOptions,
  ExportOutcome,
  buildExport,
  pruneExports,
  readReplicasConfigured,
} from '@taizhang/db';
import type { ExportBuildPayload } from '@taizhang/queue';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { WorkerMetrics } from '../metrics/worker-metrics';

/**
 * Builds Excel exports of the ledger (job `export.build`) with `buildExport` from `@taizhang/db`: rows in
 * keyset batches through the streaming XLSX writer (@taizhang/xlsx) into ~1 MB export_chunks rows, progress after every
 * batch. A done export is skipped; a half-done one starts again. After a build, exports older than a
 * week are dropped.
 *
 * With read replicas (DATABASE_READ_URLS) the rows are read from one once it has replayed every commit made
 * before the build started (waiting at most DATABASE_READ_MAX_LAG_MS), so an export holds what its requester
 * wrote before asking for it; a replica further behind or unreachable: the primary reads them.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger(ExportService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly metrics: WorkerMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async build(
    p: ExportBuildPayload,
    opts: Pick<BuildExportOptions, 'lastAttempt'> = {},
  ): Promise<ExportOutcome> {
    const tag = `export ${p.exportId}${p.requestId ? ` (request ${p.requestId})` : ''}`;
    let out: ExportOutcome;
    const started = Date.now();
    try {
      out = await buildExport(this.ds, p.exportId, {
        ...opts,
        ...(readReplicasConfigured(this.ds) ? { replica: { waitMs: this.config.databaseReadMaxLagMs } } : {}),
      });
    } catch (err) {
      this.metrics.exportDuration.observe({ outcome: 'failed' }, (Date.now() - started) / 1000);
      this.logger.warn(
        `${tag}: ${(err as Error).message}${opts.lastAttempt === false ? ' — will retry' : ''}`,
      );
      throw err;
    }
    if (out.result === 'done') {
      this.metrics.exportDuration.observe({ outcome: 'done' }, (Date.now() - started) / 1000);
      this.logger.log(
        `${tag}: ${out.rows} rows (read from the ${out.readFrom}), ${out.bytes} bytes in ${out.chunks} chunks, ${out.ms} ms`,
      );
      const pruned = await pruneExports(this.ds).catch(() => 0);
      if (pruned) this.logger.log(`dropped ${pruned} exports older than a week`);
    }
    return out;
  }
}
