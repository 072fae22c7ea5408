import { navFor, queueBoardUrl } from './nav';

describe('navFor', () => {
  it('admins get the calendar, the failed jobs and the queue dashboard (external)', () => {
    const items = navFor('admin');
    expect(items.map((i) => i.testId)).toEqual(
      expect.arrayContaining(['nav-calendar', 'nav-failed-jobs', 'nav-queue-board', 'nav-daily-reports']),
    );
    expect(items.find((i) => i.testId === 'nav-queue-board')?.external).toBe('queue-board');
  });

  it('daily reports for managers, coordinators and admins only', () => {
    expect(navFor('manager').some((i) => i.path === '/daily-reports')).toBe(true);
    expect(navFor('coordinator').some((i) => i.path === '/daily-reports')).toBe(true);
    expect(navFor('instructor').some((i) => i.path === '/daily-reports')).toBe(false);
    expect(navFor('bureau_officer').some((i) => i.path === '/daily-reports')).toBe(false);
    expect(navFor('manager').some((i) => i.external)).toBe(false);
  });

  it('the queue dashboard address carries the token once, encoded', () => {
    expect(queueBoardUrl('a.b+c')).toBe('/api/admin/queues?token=a.b%2Bc');
    expect(queueBoardUrl(null)).toBeNull();
  });
});
