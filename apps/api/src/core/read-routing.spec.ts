import { lsnValue, REPLICA_ROUTES } from './read-routing';

describe('read routing', () => {
  it('compares WAL positions across the 32-bit boundary', () => {
    expect((lsnValue('0/FFFFFFFF') as bigint) < (lsnValue('1/0') as bigint)).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(lsnValue(null)).toBeNull();
    expect(lsnValue('garbage')).toBeNull();
  });

  it('sends only dashboards, the ledger list and its export to a replica', () => {
    const routed = (path: string) => REPLICA_ROUTES.some((r) => r.test(path));
    for (const p of [
      '/api/dashboard/summary',
      '/api/dashboard/scorecard',
      '/api/dashboard/scorecard.xlsx',
      '/api/cases',
      '/api/cases/export.xlsx',
    ])
      expect(routed(p)).toBe(true);
    for (const p of [
      '/api/cases/0190a1b2-0000-7000-8000-000000000000',
      '/api/auth/me',
      '/api/users',
      '/api/cases/x/actions',
    ])
      expect(routed(p)).toBe(false);
  });
});
