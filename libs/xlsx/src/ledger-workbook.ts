import type { Writable } from 'node:stream';
import {
  CASE_LEVEL_ZH,
  CASE_STATUS_ZH,
  CaseLevel,
  CaseStatus,
  shanghaiDate,
  shanghaiDateTime,
} from '@taizhang/domain';
import { XlsxCell, XlsxColumn, openXlsxSheet } from './xlsx';

/**
 * The ledger as an Excel workbook (台账): one definition of its columns and rows, shared by the direct
 * download of the API (GET /api/cases/export.xlsx) and the worker's export job. Rows come in keyset
 * batches (`ledgerBatches` of `@taizhang/db`) and are written by the streaming XLSX writer of ./xlsx, so
 * nothing holds the whole ledger.
 */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const LEDGER_SHEET_NAME = '问题台账';

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

/** One case as the ledger workbook shows it (what `ledgerBatches` of `@taizhang/db` reads). */
export interface LedgerRow {
  id: string;
  ledger_no: string;
  title: string;
  status: CaseStatus;
  level: CaseLevel;
  priority: string;
  overdue: boolean;
  opened_at: Date | string;
  resolve_by: Date | string | null;
  resolved_at: Date | string | null;
  closed_at: Date | string | null;
  resolution: string | null;
  /** The enterprise's rating 1–5 (null: not rated). */
  rating: number | null;
  rating_comment: string | null;
  enterprise_name: string;
  unit_name: string;
  category_name: string;
}

/** The local date (Asia/Shanghai) `YYYY-MM-DD`. */
export function ledgerStamp(at: Date = new Date()): string {
  return shanghaiDate(at);
}

/** 问题台账-2026-03-02.xlsx */
export function ledgerFileName(at: Date = new Date()): string {
  return `问题台账-${ledgerStamp(at)}.xlsx`;
}

const local = (v: Date | string | null) => (v ? shanghaiDateTime(new Date(v)) : '');

/** One case as a row of the workbook, cells in the order of LEDGER_COLUMNS. */
export function ledgerRowCells(r: LedgerRow): XlsxCell[] {
  return [
    r.ledger_no,
    r.enterprise_name,
    r.category_name,
    r.title,
    CASE_STATUS_ZH[r.status],
    CASE_LEVEL_ZH[Number(r.level) as CaseLevel],
    r.unit_name,
    r.priority === 'urgent' ? '是' : '',
    r.overdue ? '是' : '',
    local(r.opened_at),
    local(r.resolve_by),
    local(r.resolved_at),
    local(r.closed_at),
    r.resolution ?? '',
    r.rating == null ? '' : Number(r.rating),
    r.rating_comment ?? '',
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
