import type { AuthUser } from '../../core/auth';

/**
 * SQL condition on a case aliased `c` for "this user may see this case" (DESIGN §6), pushing parameters.
 * instructor: cases of his enterprises · coordinator: cases of enterprises in his town · bureau officer:
 * cases that are or were at his bureau · manager: everything under his unit · admin: everything.
 */
export function caseVisibility(user: AuthUser, params: unknown[]): string {
  if (user.role === 'admin') return 'TRUE';
  if (user.role === 'instructor') {
    params.push(user.id);
    return `c.enterprise_id IN (SELECT enterprise_id FROM enterprise_instructors WHERE user_id = $${params.length})`;
  }
  if (!user.unitId) return 'FALSE';
  params.push(user.unitId);
  const u = `$${params.length}`;
  const hop = `EXISTS (SELECT 1 FROM case_hops h WHERE h.case_id = c.id AND h.unit_id = ${u})`;
  switch (user.role) {
    case 'coordinator':
      return `c.town_id = ${u}`;
    case 'bureau_officer':
      return hop;
    case 'manager':
      return `(c.town_id = ${u} OR c.county_id = ${u} OR c.city_id = ${u} OR ${hop})`;
    default:
      return 'FALSE';
  }
}
