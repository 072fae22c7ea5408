import { formatLedgerNo, ledgerYear, parseLedgerNo } from './ledger-number';

describe(formatLedgerNo.name, () => {
  it.each([
    ['320115101', 2026, 1, '320115101-2026-0001'],
    ['320115101', 2026, 42, '320115101-2026-0042'],
    ['320115101', 2026, 9999, '320115101-2026-9999'],
    ['320115101', 2026, 10000, '320115101-2026-10000'],
    ['XQ', 2020, 7, 'XQ-2020-0007'],
    ['JN-XQ', 2027, 123, 'JN-XQ-2027-0123'],
  ])('numbers case %#: (%s, %i, %i) → %s', (townCode, year, seq, ledgerNo) => {
    expect(formatLedgerNo(townCode, year, seq)).toBe(ledgerNo);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses the sequence %p (it starts at 1)',
    (seq) => {
      expect(() => formatLedgerNo('XQ', 2026, seq)).toThrow(RangeError);
    },
  );
});

describe(parseLedgerNo.name, () => {
  it.each([
    ['320115101-2026-0001', { townCode: '320115101', year: 2026, seq: 1 }],
    ['320115101-2026-0042', { townCode: '320115101', year: 2026, seq: 42 }],
    ['320115101-2026-10000', { townCode: '320115101', year: 2026, seq: 10000 }],
    ['JN-XQ-2027-0123', { townCode: 'JN-XQ', year: 2027, seq: 123 }],
  ])('reads %s', (ledgerNo, parts) => {
    expect(parseLedgerNo(ledgerNo)).toEqual(parts);
  });

  it.each([
    ['no parts', 'XQ'],
    ['no town code', '-2026-0001'],
    ['a two-digit year', 'XQ-26-0001'],
    ['a three-digit sequence', 'XQ-2026-001'],
    ['a sequence of zero (numbering starts at 1)', 'XQ-2026-0000'],
    ['a sequence padded beyond four digits', 'XQ-2026-00001'],
    ['letters in the sequence', 'XQ-2026-00A1'],
    ['a trailing space', 'XQ-2026-0001 '],
    ['a trailing dash', 'XQ-2026-0001-'],
  ])('answers null for %s: %j', (_what, ledgerNo) => {
    expect(parseLedgerNo(ledgerNo)).toBeNull();
  });

  it.each([
    ['320115101', 2026, 1],
    ['320115101', 2026, 9999],
    ['320115101', 2026, 123456],
    ['JN-XQ-01', 2030, 5],
  ])('reads back what formatLedgerNo wrote: (%s, %i, %i)', (townCode, year, seq) => {
    expect(parseLedgerNo(formatLedgerNo(townCode, year, seq))).toEqual({ townCode, year, seq });
  });
});

describe(ledgerYear.name, () => {
  it.each([
    ['2026-06-15T04:00:00.000Z', 2026, 'midday'],
    ['2025-12-31T15:59:59.999Z', 2025, 'the last millisecond of 2025 in Shanghai'],
    ['2025-12-31T16:00:00.000Z', 2026, 'midnight on New Year in Shanghai, still 2025 in UTC'],
    ['2026-12-31T20:00:00.000Z', 2027, '04:00 on 1 January 2027 in Shanghai'],
    ['2027-01-01T00:00:00.000+08:00', 2027, 'New Year written in local time'],
  ])('%s is in ledger year %i (%s)', (at, year) => {
    expect(ledgerYear(new Date(at))).toBe(year);
  });
});
