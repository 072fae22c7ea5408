import { ListCasesQuery } from './cases.dto';
import { leadingOrder } from './cases.service';
import { ledgerSort } from './ledger-paging';

describe(leadingOrder.name, () => {
  const q = (x: Partial<ListCasesQuery>) => Object.assign(new ListCasesQuery(), x);
  it.each<[string, Partial<ListCasesQuery>, string | undefined, string]>([
    ['one status leads', { status: ['closed'] }, undefined, 'c.status DESC, '],
    ['oldest first too', { status: ['closed'] }, 'openedAt', 'c.status ASC, '],
    ['several statuses are not one value', { status: ['open', 'in_progress'] }, undefined, ''],
    ['an escalated level', { level: 2 }, undefined, 'c.level DESC, '],
    ['level 0 has no index of its own (most cases)', { level: 0 }, undefined, ''],
    ['a category', { category: 'labor' }, undefined, 'c.category_code DESC, '],
    ['a status before a category', { status: ['closed'], category: 'labor' }, undefined, 'c.status DESC, '],
    ['a unit has its own index', { status: ['closed'], unitId: '6f1c0c1e-0000-4000-8000-000000000001' }, undefined, ''],
    ['so has a search', { category: 'labor', q: '缺工' }, undefined, ''],
    ['another sort', { status: ['closed'] }, '-resolveBy', ''],
    ['no filter', {}, undefined, ''],
  ])('%s', (_name, filters, sort, expected) => {
    expect(leadingOrder(q(filters), ledgerSort(sort))).toBe(expected);
  });
});
