export * from './entities';
export * from './data-source';
export * from './database';
export { MIGRATIONS } from './migrations';
export * from './prepared';
export * from './sql/like';
export * from './pool';
export { rowToSnapshot, type CasesRow, type LockedCaseRow } from './cases/case-rows';
export * from './cases/case-reads.store';
export * from './cases/intake.store';
export * from './cases/case-writes';
export * from './cases/case-reference.store';
export * from './cases/case-notify.store';
export * from './stats/case-counters.store';
export * from './read-replica';
export * from './stats/unit-days';
export * from './stats/scorecard.store';
export * from './cases/transitions';
export * from './cases/ledger-filter';
export * from './cases/ledger-rows';
// the ledger's order as typed inputs only: its SQL (ORDER BY, cursor seek) is built in ledgerPage
export {
  LEDGER_SORT_KEYS,
  isLedgerSortValue,
  type LedgerPosition,
  type LedgerSort,
  type LedgerSortKey,
} from './cases/ledger-order';
export * from './daily-reports/daily-reports.store';
export * from './exports/exports.store';
export * from './idempotency/idempotency.store';
export * from './accounts/login-throttle.store';
export * from './audit/audit-log.store';
export * from './accounts/users.store';
export * from './outbox/outbox.store';
export * from './stats/stats.store';
export * from './reference/calendar.store';
export * from './reference/categories.store';
export * from './reference/units.store';
export * from './notifications/notification.store';
export * from './confirmations/confirmation-links.store';
export * from './visits/visits.store';
export * from './attachments/attachments.store';
export * from './attachments/attachment-storage';
export * from './common-problems/common-problems.store';
export * from './cases/followup.store';
export * from './cases/deadlines.store';
export * from './seed/seed.store';
export * from './enterprises/enterprises.store';
export * from './dashboard/dashboard.store';
