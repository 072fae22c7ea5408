import { LEDGER_NO_MAX_STARTS, caseVisibility, ledgerWhere, parseLedgerFilters } from './ledger-filter';

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

describe('ledgerWhere: search', () => {
  const admin = { id: 'me', role: 'admin' as const, unitId: null };
  const manager = { id: 'me', role: 'manager' as const, unitId: 'county1' };
  const kinds = new Map([['county1', 'county']]);
  /** A Queryable that answers the heads query with these rows and records what it was asked. */
  const heads = (rows: { head: string; start: string }[]) => {
    const asked: { sql: string; params: unknown[] }[] = [];
    return {
      asked,
      query: <T>(sql: string, params?: unknown[]): Promise<T> => {
        asked.push({ sql, params: params ?? [] });
        return Promise.resolve(rows as T);
      },
    };
  };

  it('searches a text without a hyphen on the trigram indexes, asking nothing first', async () => {
    const db = heads([]);
    const p: unknown[] = [];
    const where = await ledgerWhere(db, admin, { q: '宏达机械' }, p, new Map());
    expect(db.asked).toEqual([]);
    expect(where).toBe(
      'TRUE AND (c.ledger_no ILIKE $1 OR c.title ILIKE $1 OR c.enterprise_id = ANY(ARRAY(SELECT id FROM enterprises WHERE name ILIKE $1)))',
    );
    expect(p).toEqual(['%宏达机械%']);
  });

  it('looks a ledger number up by the prefixes it can sit at, keeping the ILIKE as the check', async () => {
    const db = heads([{ head: 'bk1t01-2026-', start: 'bk1t01-2026-0123' }]);
    const p: unknown[] = [];
    const where = await ledgerWhere(db, admin, { q: ' BK1T01-2026-0123 ' }, p, new Map());
    expect(db.asked).toHaveLength(1);
    expect(db.asked[0].params).toEqual(['BK1T01-2026-0123']);
    expect(db.asked[0].sql).toContain('FROM ledger_heads');
    expect(where).toBe(
      "TRUE AND ((c.ledger_no ILIKE $1 AND ((regexp_replace(lower(c.ledger_no), '[^-]*$', '') = $2 AND lower(c.ledger_no) LIKE $3)))" +
        ' OR c.title ILIKE $1 OR c.enterprise_id = ANY(ARRAY(SELECT id FROM enterprises WHERE name ILIKE $1)))',
    );
    expect(p).toEqual(['%BK1T01-2026-0123%', 'bk1t01-2026-', 'bk1t01-2026-0123%']);
  });

  it('reads the heads once for a page and its count built from the same filters', async () => {
    const db = heads([{ head: 'bk1t01-2026-', start: 'bk1t01-2026-0123' }]);
    const f = { q: 'BK1T01-2026-0123' };
    const [page, count] = await Promise.all([
      ledgerWhere(db, admin, f, [], new Map()),
      ledgerWhere(db, admin, f, [], new Map()),
    ]);
    expect(count).toBe(page);
    expect(db.asked).toHaveLength(1);
    await ledgerWhere(db, admin, { ...f }, [], new Map());
    expect(db.asked).toHaveLength(2);
  });

  it('ORs every place a partial number can sit, escaping LIKE wildcards in them', async () => {
    const db = heads([
      { head: 'a_1-2026-', start: 'a_1-2026-0123' },
      { head: 'bk1t01-2026-', start: 'bk1t01-2026-0123' },
    ]);
    const p: unknown[] = [];
    const where = await ledgerWhere(db, manager, { q: '-2026-0123', status: ['open'] }, p, kinds);
    expect(where).toContain(
      'c.county_id = $1 AND c.status = ANY($2::text[]) AND ((c.ledger_no ILIKE $3 AND (',
    );
    expect(where).toContain(
      "(regexp_replace(lower(c.ledger_no), '[^-]*$', '') = $4 AND lower(c.ledger_no) LIKE $5) OR (regexp_replace(lower(c.ledger_no), '[^-]*$', '') = $6 AND lower(c.ledger_no) LIKE $7)",
    );
    expect(p).toEqual([
      'county1',
      ['open'],
      '%-2026-0123%',
      'a_1-2026-',
      'a\\_1-2026-0123%',
      'bk1t01-2026-',
      'bk1t01-2026-0123%',
    ]);
  });

  it('leaves the number arm out when no ledger number can hold the text', async () => {
    const where = await ledgerWhere(heads([]), admin, { q: 'no-such' }, [], new Map());
    expect(where).toBe(
      'TRUE AND (FALSE OR c.title ILIKE $1 OR c.enterprise_id = ANY(ARRAY(SELECT id FROM enterprises WHERE name ILIKE $1)))',
    );
  });

  it('falls back to the trigram index when the text can sit in too many places', async () => {
    const many = Array.from({ length: LEDGER_NO_MAX_STARTS + 1 }, (_, k) => ({
      head: `t${k}-2026-`,
      start: `t${k}-2026-`,
    }));
    const p: unknown[] = [];
    const where = await ledgerWhere(heads(many), admin, { q: '-' }, p, new Map());
    expect(where).toContain('(c.ledger_no ILIKE $1 OR c.title ILIKE $1');
    expect(p).toEqual(['%-%']);
  });
});
