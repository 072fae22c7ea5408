import type { Role } from '@taizhang/contracts';
import type { TranslationKey } from '../i18n/zh-CN';

export interface NavItem {
  path: string;
  label: TranslationKey;
  roles: readonly Role[];
  testId: string;
  /** A label of its own for some roles (the instructor's "my cases", "my enterprises"). */
  roleLabels?: Partial<Record<Role, TranslationKey>>;
  /** Not a route of the app: the queue dashboard, opened in a new tab with the token (see `queueBoardUrl`). */
  external?: 'queue-board';
}

/** A page of the administration (`/admin/<path>`): for the admins only. */
const adminItem = (path: string, label: TranslationKey, testId: string): NavItem => ({
  path: `/admin/${path}`,
  label,
  roles: ['admin'],
  testId,
});

/** The navigation, by role (DESIGN §2): each role sees what it can act on. */
export const NAV_ITEMS: readonly NavItem[] = [
  {
    path: '/dashboard',
    label: 'nav.dashboard',
    roles: ['manager', 'admin', 'coordinator', 'bureau_officer'],
    testId: 'nav-dashboard',
  },
  {
    path: '/cases',
    label: 'nav.cases',
    roles: ['instructor', 'coordinator', 'bureau_officer', 'manager', 'admin'],
    testId: 'nav-cases',
    roleLabels: { instructor: 'nav.myCases' },
  },
  {
    path: '/cases/new',
    label: 'nav.newCase',
    roles: ['instructor', 'coordinator', 'admin'],
    testId: 'nav-new-case',
  },
  {
    path: '/enterprises',
    label: 'nav.enterprises',
    roles: ['instructor', 'coordinator', 'manager', 'admin'],
    testId: 'nav-enterprises',
    roleLabels: { instructor: 'nav.myEnterprises' },
  },
  {
    path: '/common-problems',
    label: 'nav.commonProblems',
    roles: ['coordinator', 'bureau_officer', 'manager', 'admin'],
    testId: 'nav-common-problems',
  },
  {
    path: '/notifications',
    label: 'nav.notifications',
    roles: ['instructor', 'coordinator', 'bureau_officer', 'manager', 'admin'],
    testId: 'nav-notifications',
  },
  {
    path: '/daily-reports',
    label: 'nav.dailyReports',
    roles: ['manager', 'coordinator', 'admin'],
    testId: 'nav-daily-reports',
  },
  {
    path: '/account/password',
    label: 'nav.password',
    roles: ['instructor', 'coordinator', 'bureau_officer', 'manager', 'admin'],
    testId: 'nav-password',
  },
  adminItem('units', 'nav.units', 'nav-units'),
  adminItem('users', 'nav.users', 'nav-users'),
  adminItem('categories', 'nav.categories', 'nav-categories'),
  adminItem('routing-rules', 'nav.routingRules', 'nav-routing-rules'),
  adminItem('deadline-policies', 'nav.deadlinePolicies', 'nav-deadline-policies'),
  adminItem('calendar', 'nav.calendar', 'nav-calendar'),
  adminItem('jobs', 'nav.failedJobs', 'nav-failed-jobs'),
  adminItem('deliveries', 'nav.deliveries', 'nav-deliveries'),
  adminItem('audit-log', 'nav.auditLog', 'nav-audit-log'),
  {
    path: '/api/admin/queues',
    label: 'nav.queueBoard',
    roles: ['admin'],
    testId: 'nav-queue-board',
    external: 'queue-board',
  },
];

export function navFor(role: Role | null): NavItem[] {
  return role
    ? NAV_ITEMS.filter((item) => item.roles.includes(role)).map((item) => ({
        ...item,
        label: item.roleLabels?.[role] ?? item.label,
      }))
    : [];
}

/** Roles that may open a case (instructors at the factory, the town's service team, the admin). */
export const CASE_OPENER_ROLES: readonly Role[] = ['instructor', 'coordinator', 'admin'];

/**
 * The queue dashboard (bull-board) address: a link cannot send a Bearer header, so the token goes in the
 * query once; the API checks it, keeps it in an HttpOnly cookie scoped to the board and redirects to a
 * clean address.
 */
export function queueBoardUrl(token: string | null): string | null {
  return token ? `/api/admin/queues?token=${encodeURIComponent(token)}` : null;
}
