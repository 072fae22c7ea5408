import { caseVisibility } from './jurisdiction';

describe(caseVisibility.name, () => {
  const user = (role: string, unitId: string | null = 'u1') => ({ id: 'me', username: 'x', role: role as never, unitId });

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
