import { deadlineState } from './deadline-state';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const h = (n: number) => new Date(NOW.getTime() + n * 3_600_000).toISOString();

describe('deadlineState', () => {
  it.each([
    [
      'a fresh open case: the respond-by counts',
      { status: 'open', respondBy: h(5), resolveBy: h(70), overdue: false, missedDeadline: null },
      { deadline: 'respond', missed: null, dueSoon: true, hoursLeft: 5 },
    ],
    [
      'in progress: the resolve-by counts',
      { status: 'in_progress', respondBy: h(-5), resolveBy: h(48), overdue: false, missedDeadline: null },
      { deadline: 'resolve', missed: null, dueSoon: false, hoursLeft: 48 },
    ],
    [
      'missed its response, resolve-by ahead: 响应超期 only',
      { status: 'in_progress', respondBy: h(-5), resolveBy: h(48), overdue: true, missedDeadline: 'respond' },
      { missed: 'respond', dueSoon: false },
    ],
    [
      'missed its resolve-by',
      {
        status: 'in_progress',
        respondBy: h(-50),
        resolveBy: h(-1),
        overdue: true,
        missedDeadline: 'resolve',
      },
      { missed: 'resolve', hoursLeft: null },
    ],
    [
      'resolve-by passed but not yet marked',
      { status: 'in_progress', respondBy: h(-50), resolveBy: h(-1), overdue: false, missedDeadline: null },
      { missed: 'resolve' },
    ],
    [
      'closed: no deadline',
      { status: 'closed', respondBy: h(-50), resolveBy: h(-1), overdue: false, missedDeadline: null },
      { deadline: null, missed: null, dueSoon: false },
    ],
  ] as const)('%s', (_, c, expected) => {
    expect(deadlineState(c, NOW)).toMatchObject(expected);
  });
});
