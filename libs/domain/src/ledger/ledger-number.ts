import { shanghaiWallClock } from '../shared/shanghai-time';
/** Digits the sequence is padded to (more when it outgrows them). */
export const LEDGER_SEQ_DIGITS = 4;

/** Ledger number `{townCode}-{year}-{seq:0000}`: gap-free per town and year (the sequence is kept by the caller). */
export function formatLedgerNo(townCode: string, year: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1)
    throw new RangeError(`ledger sequence must be a positive integer, got ${seq}`);
  return `${ledgerNoPrefix(townCode, year)}${String(seq).padStart(LEDGER_SEQ_DIGITS, '0')}`;
}

/** What comes before the sequence: the part of a ledger number known before the sequence is drawn. */
export function ledgerNoPrefix(townCode: string, year: number): string {
  return `${townCode}-${year}-`;
}

export function parseLedgerNo(ledgerNo: string): { townCode: string; year: number; seq: number } | null {
  const m = /^(.+)-(\d{4})-(\d{4,})$/.exec(ledgerNo);
  if (!m) return null;
  const seq = Number(m[3]);
  // Only what formatLedgerNo writes: the sequence starts at 1 and is padded to exactly 4 digits.
  if (seq < 1 || String(seq).padStart(4, '0') !== m[3]) return null;
  return { townCode: m[1], year: Number(m[2]), seq };
}

/** The ledger year of a moment: the calendar year in Asia/Shanghai (UTC+8, no daylight saving). */
export function ledgerYear(at: Date): number {
  return shanghaiWallClock(at).getUTCFullYear();
}
