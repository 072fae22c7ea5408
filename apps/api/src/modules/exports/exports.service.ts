import { Injectable, Logger } from '@nestjs/common';
import type { CreateExportRequest, ExportDto, ExportStatus, Page } from '@taizhang/contracts';
import { XLSX_CONTENT_TYPE, attachmentHeader, requestExport } from '@taizhang/db';
import type { Response } from 'express';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { ApiError } from '../../core/errors';
import { CasesService } from '../cases/cases.service';
import { CreateExportDto } from './dto/create-export.dto';

type Row = Record<string, unknown>;

/** Exports one user may have queued or running at once. */
export const MAX_ACTIVE_EXPORTS = 3;
/** How many of his exports GET /api/exports lists. */
export const RECENT_EXPORTS = 20;

const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());

/** 0–100: 100 once done; below 100 while building, even if rows came in after the count. */
export function percentOf(status: ExportStatus, total: number | null, doneRows: number): number {
  if (status === 'done') return 100;
  if (!total) return 0;
  return Math.min(99, Math.floor((doneRows * 100) / total));
}

export function rowToExportDto(r: Row): ExportDto {
  const status = r['status'] as ExportStatus;
  const total = r['total'] == null ? null : Number(r['total']);
  const doneRows = Number(r['done_rows'] ?? 0);
  return {
    id: r['id'] as string,
    status,
    filters: (r['filters'] ?? {}) as CreateExportRequest,
    total,
    doneRows,
    percent: percentOf(status, total, doneRows),
    fileName: r['file_name'] as string,
    sizeBytes: r['size_bytes'] == null ? null : Number(r['size_bytes']),
    error: (r['error'] as string | null) ?? null,
    createdAt: iso(r['created_at']) as string,
    startedAt: iso(r['started_at']),
    finishedAt: iso(r['finished_at']),
  };
}

const COLUMNS = `id, status, filters, total, done_rows, file_name, size_bytes, error, created_at, started_at, finished_at`;

/**
 * Large Excel exports as worker jobs. The request stores the ledger's WHERE clause for this user and these
 * filters — built by `CasesService.filters`, the same SQL as GET /api/cases and its jurisdiction — with the
 * outbox row of the `export.build` job, in one transaction; the worker writes the file into export_chunks.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CasesService,
  ) {}

  async create(user: AuthUser, dto: CreateExportDto, requestId?: string): Promise<ExportDto> {
    const [{ active }] = (await this.ds.query(
      `SELECT count(*)::int AS active FROM exports WHERE user_id = $1 AND status IN ('queued', 'running')`,
      [user.id],
    )) as [{ active: number }];
    if (active >= MAX_ACTIVE_EXPORTS) {
      throw new ApiError(
        'EXPORT.TOO_MANY',
        `You have ${active} exports waiting or running: let one finish first`,
      );
    }
    const params: unknown[] = [];
    const whereSql = await this.cases.filters(user, dto, params);
    const filters = JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
    const row = await this.ds.transaction((m) =>
      requestExport(m, { userId: user.id, filters, whereSql, whereParams: params, requestId }),
    );
    this.logger.log(
      `export ${row['id'] as string} queued for ${user.username}${requestId ? ` (request ${requestId})` : ''}`,
    );
    return rowToExportDto(row);
  }

  async list(user: AuthUser, q: { page?: number; pageSize?: number } = {}): Promise<Page<ExportDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? RECENT_EXPORTS;
    const [{ total }] = (await this.ds.query(
      `SELECT count(*)::int AS total FROM exports WHERE user_id = $1`,
      [user.id],
    )) as {
      total: number;
    }[];
    const rows = (await this.ds.query(
      `SELECT ${COLUMNS} FROM exports WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [user.id, pageSize, (page - 1) * pageSize],
    )) as Row[];
    return { items: rows.map(rowToExportDto), total, page, pageSize };
  }

  async get(user: AuthUser, id: string): Promise<ExportDto> {
    return rowToExportDto(await this.own(user, id));
  }

  /** The file, chunk by chunk in order (one chunk in memory at a time, waiting for the client to drain). */
  async download(user: AuthUser, id: string, res: Response): Promise<void> {
    const row = await this.own(user, id);
    if (row['status'] !== 'done') {
      throw new ApiError(
        'EXPORT.NOT_READY',
        `Export ${id} is ${row['status'] as string}: download it once it is done`,
      );
    }
    res.status(200);
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', attachmentHeader(row['file_name'] as string));
    if (row['size_bytes'] != null) res.setHeader('Content-Length', String(row['size_bytes']));
    res.setHeader('Cache-Control', 'private, no-store');
    let seq = -1;
    for (;;) {
      const [chunk] = (await this.ds.query(
        `SELECT seq, data FROM export_chunks WHERE export_id = $1 AND seq > $2 ORDER BY seq LIMIT 1`,
        [id, seq],
      )) as { seq: number; data: Buffer }[];
      if (!chunk || res.destroyed) break;
      seq = chunk.seq;
      if (!res.write(chunk.data)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  }

  /** The user's own export; anyone else's is a 404 (no existence leaks). */
  private async own(user: AuthUser, id: string): Promise<Row> {
    const [row] = (await this.ds.query(`SELECT ${COLUMNS} FROM exports WHERE id = $1 AND user_id = $2`, [
      id,
      user.id,
    ])) as Row[];
    if (!row) throw new ApiError('EXPORT.NOT_FOUND', 'No export with this id of yours');
    return row;
  }
}
