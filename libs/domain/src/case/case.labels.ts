import type { CaseLevel, CaseStatus } from './case.types';

/** The Chinese name of each case status: error messages, the ledger workbook. */
export const CASE_STATUS_ZH: Record<CaseStatus, string> = {
  open: '待处理',
  in_progress: '处理中',
  escalated: '已上报',
  resolved: '已解决',
  closed: '已销号',
  cancelled: '已撤销',
};

/** The Chinese name of each level (0 town, 1 county, 2 city). */
export const CASE_LEVEL_ZH: Record<CaseLevel, string> = { 0: '乡镇', 1: '县区', 2: '市级' };
