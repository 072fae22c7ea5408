import type { LedgerFilters } from './ledger-filter';
import {
  LedgerSort,
  isLedgerSortValue,
  ledgerAfter,
  ledgerLeadingOrder,
  ledgerOrderBy,
} from './ledger-order';

const ledgerSort = (sort = '-openedAt'): LedgerSort => ({
  key: sort.replace(/^-/, '') as LedgerSort['key'],
  dir: sort.startsWith('-') ? 'DESC' : 'ASC',
});

describe(ledgerLeadingOrder.name, () => {
  it.each<[string, LedgerFilters, string | undefined, string]>([
    ['one status leads', { status: ['closed'] }, undefined, 'c.status DESC, '],
    ['oldest first too', { status: ['closed'] }, 'openedAt', 'c.status ASC, '],
    ['several statuses are not one value', { status: ['open', 'in_progress'] }, undefined, ''],
    ['an escalated level', { level: 2 }, undefined, 'c.level DESC, '],
    ['level 0 has no index of its own (most cases)', { level: 0 }, undefined, ''],
    ['a category', { category: 'labor' }, undefined, 'c.category_code DESC, '],
    ['a status before a category', { status: ['closed'], category: 'labor' }, undefined, 'c.status DESC, '],
    [
      'a unit has its own index',
      { status: ['closed'], unitId: '6f1c0c1e-0000-4000-8000-000000000001' },
      undefined,
      '',
    ],
    ['so has a search', { category: 'labor', q: '缺工' }, undefined, ''],
    ['another sort', { status: ['closed'] }, '-resolveBy', ''],
    ['no filter', {}, undefined, ''],
  ])('%s', (_name, filters, sort, expected) => {
    expect(ledgerLeadingOrder(filters, ledgerSort(sort))).toBe(expected);
  });
});

describe(ledgerOrderBy.name, () => {
  it.each<[string, string]>([
    ['-openedAt', 'c.opened_at DESC, c.id DESC'],
    ['resolveBy', 'c.resolve_by ASC NULLS LAST, c.id ASC'],
  ])('%s', (sort, expected) => expect(ledgerOrderBy(ledgerSort(sort))).toBe(expected));
});

describe(ledgerAfter.name, () => {
  const id = '6f1c0c1e-0000-4000-8000-000000000001';
  it.each<[string, string | null, string, unknown[]]>([
    [
      '-openedAt',
      '2026-01-01T00:00:00.000000Z',
      '(c.opened_at, c.id) < ($2::timestamptz, $1::uuid)',
      [id, '2026-01-01T00:00:00.000000Z'],
    ],
    ['resolveBy', null, '(c.resolve_by IS NULL AND c.id > $1::uuid)', [id]],
    ['-ledgerNo', 'A-1', '(c.ledger_no, c.id) < ($2::text, $1::uuid)', [id, 'A-1']],
    [
      'respondBy',
      '2026-01-01T00:00:00.000000Z',
      '(c.respond_by > $2::timestamptz OR (c.respond_by = $2::timestamptz AND c.id > $1::uuid) OR c.respond_by IS NULL)',
      [id, '2026-01-01T00:00:00.000000Z'],
    ],
  ])('%s after %s', (sort, value, sql, params) => {
    const p: unknown[] = [];
    expect(ledgerAfter(ledgerSort(sort), { value, id }, p)).toBe(sql);
    expect(p).toEqual(params);
  });
});

describe(isLedgerSortValue.name, () => {
  it.each<[string, unknown, boolean]>([
    ['openedAt', '2026-01-01T00:00:00.000000Z', true],
    ['openedAt', null, false],
    ['resolveBy', null, true],
    ['openedAt', '2026-01-01', false],
    ['openedAt', '2026-13-45T00:00:00.000000Z', false],
    ['ledgerNo', 'A-1', true],
    ['ledgerNo', 42, false],
    ['ledgerNo', 'x'.repeat(201), false],
  ])('%s %p → %p', (key, value, ok) => expect(isLedgerSortValue(key as LedgerSort['key'], value)).toBe(ok));
});
