import { caseVisibility, ledgerWhere, parseLedgerFilters } from './ledger-filter';

describe(caseVisibility.name, () => {
  const user = (role: string, unitId: string | null = 'u1') => ({
    id: 'me',
    username: 'x',
    role: role as never,
    unitId,
  });

  it.each([
    ['admin', 'TRUE', []],
    ['instructor', 'enterprise_instructors WHERE user_id = $1', ['me']],
    ['coordinator', 'c.town_id = $1', ['u1']],
    ['bureau_officer', 'case_hops h WHERE h.case_id = c.id AND h.unit_id = $1', ['u1']],
    ['manager', 'c.county_id = $1', ['u1']],
  ])('%s sees by %s', (role, fragment, params) => {
    const p: unknown[] = [];
    expect(caseVisibility(user(role), p)).toContain(fragment);
    expect(p).toEqual(params);
  });

  it('shows nothing to a non-admin without a unit', () => {
    expect(caseVisibility(user('coordinator', null), [])).toBe('FALSE');
  });

  it('numbers its parameter after the ones already there', () => {
    const p: unknown[] = ['a', 'b'];
    expect(caseVisibility(user('coordinator'), p)).toBe('c.town_id = $3');
  });
});

describe(parseLedgerFilters.name, () => {
  it('reads back what the list DTO lets through', () => {
    const f = {
      status: ['open', 'escalated'],
      category: 'labor',
      unitId: '6f1c0c1e-0000-4000-8000-000000000001',
      level: 1,
      overdue: false,
      q: '焊工',
    };
    expect(parseLedgerFilters(f)).toEqual(f);
    expect(parseLedgerFilters(null)).toEqual({});
    expect(parseLedgerFilters({})).toEqual({});
  });

  it.each([
    [{ status: ['nope'] }, 'status'],
    [{ status: 'open' }, 'status'],
    [{ level: 'high' }, 'level'],
    [{ overdue: 'yes' }, 'overdue'],
    [{ unitId: "1' OR TRUE" }, 'unitId'],
    [{ q: '' }, 'q'],
    [[1], 'the filters'],
  ])('refuses %j (%s)', (raw, field) => {
    expect(() => parseLedgerFilters(raw)).toThrow(`${field} is not valid`);
  });
});

describe(ledgerWhere.name, () => {
  const coordinator = { id: 'me', role: 'coordinator' as const, unitId: 'town1' };
  const none = { query: () => Promise.reject(new Error('no query expected')) };

  it('puts the jurisdiction first, then each filter as a parameter', async () => {
    const p: unknown[] = [];
    const kinds = new Map([['town1', 'town']]);
    const where = await ledgerWhere(
      none,
      coordinator,
      { status: ['open'], level: 0, overdue: true },
      p,
      kinds,
    );
    expect(where).toBe('c.town_id = $1 AND c.status = ANY($2::text[]) AND c.level = $3 AND c.overdue');
    expect(p).toEqual(['town1', ['open'], 0]);
  });

  it('escapes LIKE wildcards in a search', async () => {
    const p: unknown[] = [];
    await ledgerWhere(none, coordinator, { q: ' 50%_off ' }, p, new Map());
    expect(p).toEqual(['town1', '%50\\%\\_off%']);
  });
});
