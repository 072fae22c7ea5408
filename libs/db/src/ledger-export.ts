import type { Writable } from 'node:stream';
import { shanghaiDate, shanghaiDateTime } from '@taizhang/domain';
import { XlsxCell, XlsxColumn, openXlsxSheet } from './xlsx';

/**
 * The ledger as an Excel workbook (台账): one definition of its columns and rows, shared by the direct
 * download of the API (GET /api/cases/export.xlsx) and the worker's export job. Rows are read in keyset
 * batches and written by the streaming XLSX writer of ./xlsx, so nothing holds the whole ledger.
 */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const LEDGER_SHEET_NAME = '问题台账';
/** Rows per keyset batch. */
export const LEDGER_BATCH = 2000;

const STATUS_ZH: Record<string, string> = {
  open: '待处理',
  in_progress: '处理中',
  escalated: '已上报',
  resolved: '已解决',
  closed: '已销号',
  cancelled: '已撤销',
};
const LEVEL_ZH = ['乡镇', '县区', '市级'];

/** The columns, in the order of `ledgerRowCells`. */
export const LEDGER_COLUMNS: XlsxColumn[] = [
  { header: '台账编号', width: 22 },
  { header: '企业', width: 30 },
  { header: '类别', width: 12 },
  { header: '问题', width: 40 },
  { header: '状态', width: 10 },
  { header: '层级', width: 8 },
  { header: '当前单位', width: 20 },
  { header: '紧急', width: 6 },
  { header: '超期', width: 6 },
  { header: '登记时间', width: 20 },
  { header: '办结时限', width: 20 },
  { header: '解决时间', width: 20 },
  { header: '销号时间', width: 20 },
  { header: '办理结果', width: 40 },
  { header: '满意度评分', width: 10 },
  { header: '评价意见', width: 40 },
];

export type LedgerRow = Record<string, unknown>;
export type LedgerQuery = (sql: string, params: unknown[]) => Promise<LedgerRow[]>;

/** The local date (Asia/Shanghai) `YYYY-MM-DD`. */
export function ledgerStamp(at: Date = new Date()): string {
  return shanghaiDate(at);
}

/** 问题台账-2026-03-02.xlsx */
export function ledgerFileName(at: Date = new Date()): string {
  return `问题台账-${ledgerStamp(at)}.xlsx`;
}

/** `attachment` with an ASCII fallback and the Chinese name (RFC 6266 / 5987). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName
    .replace('问题台账', 'taizhang')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The ledger rows for `where` (a condition on `cases c` with its parameters), newest first, in keyset
 * batches of `batch`: each batch seeks past the last (opened_at, id) of the previous one.
 */
export async function* ledgerBatches(
  query: LedgerQuery,
  where: string,
  params: unknown[],
  batch = LEDGER_BATCH,
): AsyncGenerator<LedgerRow[]> {
  const size = Math.max(1, Math.floor(batch));
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const p = [...params];
    let keyset = '';
    if (after) {
      p.push(after.at, after.id);
      keyset = ` AND (c.opened_at, c.id) < ($${p.length - 1}::timestamptz, $${p.length}::uuid)`;
    }
    const rows = await query(
      `SELECT c.ledger_no, c.title, c.status, c.level, c.priority, c.overdue, c.opened_at, c.resolve_by, c.resolved_at, c.closed_at,
              c.resolution, c.rating, c.rating_comment, c.id, e.name AS enterprise_name, u.name AS unit_name, cat.name_zh AS category_name
         FROM cases c JOIN enterprises e ON e.id = c.enterprise_id JOIN units u ON u.id = c.unit_id
         JOIN categories cat ON cat.code = c.category_code
        WHERE (${where})${keyset} ORDER BY c.opened_at DESC, c.id DESC LIMIT ${size}`,
      p,
    );
    if (rows.length) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1] as LedgerRow;
    after = { at: new Date(last['opened_at'] as string).toISOString(), id: last['id'] as string };
  }
}

const local = (v: unknown) => (v ? shanghaiDateTime(new Date(v as string)) : '');

/** One case as a row of the workbook, cells in the order of LEDGER_COLUMNS. */
export function ledgerRowCells(r: LedgerRow): XlsxCell[] {
  return [
    r['ledger_no'] as string,
    r['enterprise_name'] as string,
    r['category_name'] as string,
    r['title'] as string,
    STATUS_ZH[r['status'] as string],
    LEVEL_ZH[Number(r['level'])],
    r['unit_name'] as string,
    r['priority'] === 'urgent' ? '是' : '',
    r['overdue'] ? '是' : '',
    local(r['opened_at']),
    local(r['resolve_by']),
    local(r['resolved_at']),
    local(r['closed_at']),
    (r['resolution'] as string | null) ?? '',
    r['rating'] == null ? '' : Number(r['rating']),
    (r['rating_comment'] as string | null) ?? '',
  ];
}

export interface LedgerWorkbook {
  /** Write rows; resolves when the output can take more (a slow reader holds the export back, not memory). */
  add(rows: LedgerRow[]): Promise<void>;
  /** Finish the sheet and the zip; ends `stream` and resolves when it has finished. */
  commit(): Promise<void>;
}

/** The ledger workbook (sheet 问题台账, its header row bold and frozen), written into `stream` as rows come. */
export function openLedgerWorkbook(stream: Writable, at: Date = new Date()): LedgerWorkbook {
  const sheet = openXlsxSheet(stream, { sheetName: LEDGER_SHEET_NAME, columns: LEDGER_COLUMNS, at });
  return {
    add: (rows) => sheet.addRows(rows.map(ledgerRowCells)),
    commit: () => sheet.finish(),
  };
}
