import { Injectable, Logger } from '@nestjs/common';
import type { CreateExportRequest, ExportDto, ExportStatus, Page } from '@taizhang/contracts';
import {
  ExportRow,
  countActiveExports,
  findOwnExport,
  listExports,
  nextExportChunk,
  requestExport,
} from '@taizhang/db';
import type { Response } from 'express';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth';
import { setXlsxHeaders } from '../../core/xlsx-download';
import { ApiError } from '../../core/errors';
import { CreateExportDto } from './dto/create-export.dto';

/** Exports one user may have queued or running at once. */
export const MAX_ACTIVE_EXPORTS = 3;
/** How many of his exports GET /api/exports lists. */
export const RECENT_EXPORTS = 20;

const iso = (v: Date | string | null): string | null => (v == null ? null : new Date(v).toISOString());

/** 0–100: 100 once done; below 100 while building, even if rows came in after the count. */
export function percentOf(status: ExportStatus, total: number | null, doneRows: number): number {
  if (status === 'done') return 100;
  if (!total) return 0;
  return Math.min(99, Math.floor((doneRows * 100) / total));
}

export function rowToExportDto(r: ExportRow): ExportDto {
  const total = r.total == null ? null : Number(r.total);
  const doneRows = Number(r.done_rows ?? 0);
  return {
    id: r.id,
    status: r.status,
    filters: (r.filters ?? {}) as CreateExportRequest,
    total,
    doneRows,
    percent: percentOf(r.status, total, doneRows),
    fileName: r.file_name,
    sizeBytes: r.size_bytes == null ? null : Number(r.size_bytes),
    error: r.error ?? null,
    createdAt: iso(r.created_at) as string,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/**
 * Large Excel exports as worker jobs. The request stores the requester and the validated filters (never
 * SQL) with the outbox row of the `export.build` job, in one transaction; the worker rebuilds the ledger's
 * condition with `ledgerWhere` of `@taizhang/db` — the same code as GET /api/cases and its jurisdiction —
 * and writes the file into export_chunks.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(private readonly ds: DataSource) {}

  async create(user: AuthUser, dto: CreateExportDto, requestId?: string): Promise<ExportDto> {
    const active = await countActiveExports(this.ds, user.id);
    if (active >= MAX_ACTIVE_EXPORTS) {
      throw new ApiError(
        'EXPORT.TOO_MANY',
        `You have ${active} exports waiting or running: let one finish first`,
      );
    }
    const filters = JSON.parse(JSON.stringify(dto)) as CreateExportDto;
    const row = await this.ds.transaction((m) => requestExport(m, { userId: user.id, filters, requestId }));
    this.logger.log(
      `export ${row.id} queued for ${user.username}${requestId ? ` (request ${requestId})` : ''}`,
    );
    return rowToExportDto(row);
  }

  async list(user: AuthUser, q: { page?: number; pageSize?: number } = {}): Promise<Page<ExportDto>> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? RECENT_EXPORTS;
    const { rows, total } = await listExports(this.ds, user.id, pageSize, (page - 1) * pageSize);
    return { items: rows.map(rowToExportDto), total, page, pageSize };
  }

  async get(user: AuthUser, id: string): Promise<ExportDto> {
    return rowToExportDto(await this.own(user, id));
  }

  /** The file, chunk by chunk in order (one chunk in memory at a time, waiting for the client to drain). */
  async download(user: AuthUser, id: string, res: Response): Promise<void> {
    const row = await this.own(user, id);
    if (row.status !== 'done') {
      throw new ApiError('EXPORT.NOT_READY', `Export ${id} is ${row.status}: download it once it is done`);
    }
    res.status(200);
    setXlsxHeaders(res, row.file_name);
    if (row.size_bytes != null) res.setHeader('Content-Length', String(row.size_bytes));
    res.setHeader('Cache-Control', 'private, no-store');
    let seq = -1;
    for (;;) {
      const chunk = await nextExportChunk(this.ds, id, seq);
      if (!chunk || res.destroyed) break;
      seq = chunk.seq;
      if (!res.write(chunk.data)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  }

  /** The user's own export; anyone else's is a 404 (no existence leaks). */
  private async own(user: AuthUser, id: string): Promise<ExportRow> {
    const row = await findOwnExport(this.ds, user.id, id);
    if (!row) throw new ApiError('EXPORT.NOT_FOUND', 'No export with this id of yours');
    return row;
  }
}
