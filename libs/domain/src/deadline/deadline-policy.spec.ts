import { CASE_PRIORITIES, CaseLevel, CasePriority } from '../case/case.types';
import {
  DEFAULT_DEADLINE_POLICIES,
  DeadlinePolicy,
  computeDeadlines,
  effectivePriority,
  findPolicy,
} from './deadline-policy';
import { GOLDEN_WEEK, local, sh } from './spec-fixtures';

const DAY = 24 * 60;
const WORKDAY = 9 * 60;

describe('DEFAULT_DEADLINE_POLICIES', () => {
  /* DESIGN §4: the town responds the day the case arrives (问题不过夜) and resolves in 3 days; a bureau accepts
   * within 1 working day and resolves in 5 working days; urgent halves them. */
  it.each<[CaseLevel, CasePriority, number, number, boolean, boolean]>([
    // level priority respond       resolve          working time  by end of day
    [0, 'normal', DAY, 3 * DAY, false, true],
    [0, 'urgent', DAY / 2, 1.5 * DAY, false, true],
    [1, 'normal', WORKDAY, 5 * WORKDAY, true, false],
    [1, 'urgent', WORKDAY / 2, 2.5 * WORKDAY, true, false],
    [2, 'normal', WORKDAY, 5 * WORKDAY, true, false],
    [2, 'urgent', WORKDAY / 2, 2.5 * WORKDAY, true, false],
  ])(
    'level %i, %s: respond in %p min, resolve in %p min, working time %p, by end of day %p',
    (level, priority, respondMinutes, resolveMinutes, workingTime, respondByEndOfDay) => {
      const policies = DEFAULT_DEADLINE_POLICIES.filter((p) => p.level === level && p.priority === priority);
      expect(policies).toEqual([
        { level, priority, respondMinutes, resolveMinutes, workingTime, respondByEndOfDay },
      ]);
    },
  );

  it('has one policy for every level × priority', () => {
    expect(DEFAULT_DEADLINE_POLICIES).toHaveLength(3 * CASE_PRIORITIES.length);
  });
});

describe(effectivePriority.name, () => {
  it.each<[CasePriority, boolean, CasePriority]>([
    ['normal', false, 'normal'],
    ['normal', true, 'urgent'],
    ['urgent', false, 'urgent'],
    ['urgent', true, 'urgent'],
  ])('a %s case of a key enterprise (%p) is %s', (priority, key, effective) => {
    expect(effectivePriority(priority, key)).toBe(effective);
  });
});

describe(findPolicy.name, () => {
  const configured: DeadlinePolicy[] = [
    {
      level: 1,
      priority: 'normal',
      respondMinutes: 60,
      resolveMinutes: 600,
      workingTime: true,
      respondByEndOfDay: true,
    },
  ];

  it('answers the configured policy', () => {
    expect(findPolicy(configured, 1, 'normal')).toBe(configured[0]);
  });

  it.each<[CaseLevel, CasePriority]>([
    [0, 'normal'],
    [1, 'urgent'],
    [2, 'normal'],
  ])('falls back to the default for level %i, %s when none is configured', (level, priority) => {
    expect(findPolicy(configured, level, priority)).toEqual(
      DEFAULT_DEADLINE_POLICIES.find((p) => p.level === level && p.priority === priority),
    );
    expect(findPolicy([], level, priority)).toMatchObject({ level, priority });
  });
});

describe(computeDeadlines.name, () => {
  /* arrived (local) · level · priority · respond by · resolve by · why */
  it.each<[string, CaseLevel, CasePriority, string, string, string]>([
    // town: plain time, first response by the end of the day (问题不过夜)
    [
      '2026-03-02 10:00',
      0,
      'normal',
      '2026-03-02 23:59:59.999',
      '2026-03-05 10:00',
      'the end of the day comes before 24 h',
    ],
    [
      '2026-03-07 22:00',
      0,
      'normal',
      '2026-03-07 23:59:59.999',
      '2026-03-10 22:00',
      'on a Saturday night too',
    ],
    [
      '2026-03-02 23:59:59.999',
      0,
      'normal',
      '2026-03-02 23:59:59.999',
      '2026-03-05 23:59:59.999',
      'at the last moment',
    ],
    [
      '2026-03-02 00:00',
      0,
      'urgent',
      '2026-03-02 12:00',
      '2026-03-03 12:00',
      'urgent, just after midnight: 12 h',
    ],
    [
      '2026-03-02 10:00',
      0,
      'urgent',
      '2026-03-02 22:00',
      '2026-03-03 22:00',
      'urgent: 12 h is before the end of day',
    ],
    [
      '2026-03-02 14:00',
      0,
      'urgent',
      '2026-03-02 23:59:59.999',
      '2026-03-04 02:00',
      'urgent: the end of day is before 12 h',
    ],
    [
      '2026-09-30 10:00',
      0,
      'normal',
      '2026-09-30 23:59:59.999',
      '2026-10-03 10:00',
      'the town does not stop for holidays',
    ],
    // bureaus: working time
    ['2026-03-02 10:00', 1, 'normal', '2026-03-03 10:00', '2026-03-09 10:00', '1 and 5 working days'],
    [
      '2026-03-02 10:00',
      1,
      'urgent',
      '2026-03-02 14:30',
      '2026-03-04 14:30',
      'urgent: half a day and 2.5 days',
    ],
    [
      '2026-03-06 16:00',
      1,
      'normal',
      '2026-03-09 16:00',
      '2026-03-13 16:00',
      'arriving on a Friday afternoon',
    ],
    ['2026-03-07 11:00', 2, 'normal', '2026-03-09 17:30', '2026-03-13 17:30', 'arriving on a Saturday'],
    ['2026-03-02 19:00', 2, 'urgent', '2026-03-03 13:00', '2026-03-05 13:00', 'arriving after hours, urgent'],
    ['2026-09-30 10:00', 2, 'normal', '2026-10-08 10:00', '2026-10-13 10:00', 'across the golden week'],
    [
      '2026-10-10 09:30',
      1,
      'urgent',
      '2026-10-10 14:00',
      '2026-10-13 14:00',
      'arriving on a Saturday make-up day',
    ],
  ])(
    'arrived %s at level %i, %s: respond by %s, resolve by %s (%s)',
    (arrived, level, priority, respondBy, resolveBy) => {
      const deadlines = computeDeadlines(
        sh(arrived),
        findPolicy(DEFAULT_DEADLINE_POLICIES, level, priority),
        GOLDEN_WEEK,
      );
      expect({ respondBy: local(deadlines.respondBy), resolveBy: local(deadlines.resolveBy) }).toEqual({
        respondBy: local(sh(respondBy)),
        resolveBy: local(sh(resolveBy)),
      });
    },
  );

  it('treats a key enterprise (重点保障企业) as urgent', () => {
    const policy = findPolicy(DEFAULT_DEADLINE_POLICIES, 0, effectivePriority('normal', true));
    const { respondBy, resolveBy } = computeDeadlines(sh('2026-03-02 10:00'), policy);
    expect([local(respondBy), local(resolveBy)]).toEqual([
      '2026-03-02 22:00:00.000',
      '2026-03-03 22:00:00.000',
    ]);
  });

  it('counts holidays as working days without a calendar', () => {
    const { respondBy } = computeDeadlines(sh('2026-09-30 10:00'), findPolicy([], 1, 'normal'));
    expect(local(respondBy)).toBe('2026-10-01 10:00:00.000');
  });

  it.each([
    ['2026-03-02 16:00', '2026-03-02 23:59:59.999', 'the end of the day comes first'],
    ['2026-03-02 08:00', '2026-03-02 17:30:00.000', 'a full working day fits in the day'],
  ])(
    'applies the end-of-day rule to a working-time policy too: arrived %s → respond by %s (%s)',
    (arrived, respondBy) => {
      const policy: DeadlinePolicy = {
        level: 0,
        priority: 'normal',
        respondMinutes: WORKDAY,
        resolveMinutes: 3 * WORKDAY,
        workingTime: true,
        respondByEndOfDay: true,
      };
      expect(local(computeDeadlines(sh(arrived), policy).respondBy)).toBe(local(sh(respondBy)));
    },
  );

  it('never sets the resolution deadline before the response deadline', () => {
    const policy: DeadlinePolicy = {
      level: 1,
      priority: 'normal',
      respondMinutes: 600,
      resolveMinutes: 60,
      workingTime: false,
      respondByEndOfDay: false,
    };
    const { respondBy, resolveBy } = computeDeadlines(sh('2026-03-02 10:00'), policy);
    expect(local(respondBy)).toBe('2026-03-02 20:00:00.000');
    expect(resolveBy).toEqual(respondBy);
  });
});
