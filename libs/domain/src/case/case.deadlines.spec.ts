import {
  AUTO_ESCALATION_REASON,
  autoEscalation,
  belowTop,
  deadlineChecks,
  freshDeadlines,
  getsFreshDeadlines,
  missedDeadline,
  sqlStatusList,
} from './case.deadlines';
import { applyEvent, openEvent } from './case.state-machine';
import {
  CASE_STATUSES,
  CaseEventDraft,
  CaseLevel,
  CaseSnapshot,
  CaseStatus,
  DeadlineKind,
} from './case.types';

const NOW = new Date('2026-03-02T08:00:00.000Z');
/** A case just opened at the town, with `over` changed. */
const snap = (over: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  ...applyEvent(null, openEvent('town'), NOW.toISOString()),
  ...over,
});

describe('missedDeadline: what a missed deadline does', () => {
  // status, level, already overdue, deadline → marks overdue, escalates
  const table: [CaseStatus, CaseLevel, boolean, DeadlineKind, boolean, boolean][] = [
    ['open', 0, false, 'respond', true, false],
    ['escalated', 1, false, 'respond', true, false],
    ['in_progress', 0, false, 'respond', false, false],
    ['open', 0, false, 'resolve', true, true],
    ['in_progress', 0, false, 'resolve', true, true],
    ['in_progress', 0, true, 'resolve', false, true],
    ['escalated', 1, false, 'resolve', true, false],
    ['in_progress', 2, false, 'resolve', true, false],
    ['in_progress', 1, true, 'resolve', false, false],
    ['resolved', 0, false, 'resolve', false, false],
    ['closed', 0, false, 'respond', false, false],
    ['cancelled', 0, false, 'resolve', false, false],
  ];
  it.each(table)(
    '%s at level %s (overdue %s), %s-by passed → mark %s, escalate %s',
    (status, level, overdue, deadline, marks, escalates) => {
      const r = missedDeadline(snap({ status, level, overdue }), deadline, NOW);
      expect(Boolean(r.overdue)).toBe(marks);
      expect(r.escalates).toBe(escalates);
      expect(r.next.overdue).toBe(overdue || marks);
      if (r.overdue) expect(r.overdue.payload).toEqual({ overdue: true, deadline });
    },
  );

  it('escalates with the system reason, to the target it is given', () => {
    expect(autoEscalation({ unitId: 'bureau', level: 1 })).toEqual({
      action: 'escalate',
      reason: AUTO_ESCALATION_REASON,
      target: { unitId: 'bureau', level: 1 },
    });
  });

  it.each([
    [0, true],
    [1, true],
    [2, false],
  ])('a case at level %s can go one up: %s', (level, below) => expect(belowTop(level)).toBe(below));
});

describe('which deadlines follow a change', () => {
  const event = (type: CaseEventDraft['type']): CaseEventDraft => ({
    type,
    fromStatus: 'open',
    toStatus: 'open',
    fromUnitId: 'town',
    toUnitId: 'town',
    reason: null,
    payload: { level: 1 },
  });
  const OLD = { respondBy: new Date('2026-03-01T00:00:00Z'), resolveBy: new Date('2026-03-02T00:00:00Z') };
  const FRESH = { respondBy: new Date('2026-03-03T00:00:00Z'), resolveBy: new Date('2026-03-05T00:00:00Z') };
  // event, moves, → fresh deadlines, respond-by after, respond-by scheduled
  const table: [CaseEventDraft['type'], boolean, boolean, Date | null, Date | null][] = [
    ['escalate', true, true, FRESH.respondBy, FRESH.respondBy],
    ['return', true, true, FRESH.respondBy, FRESH.respondBy],
    ['reopen', false, true, OLD.respondBy, null],
    ['assign', false, false, null, null],
    ['resolve', false, false, null, null],
    ['overdue', false, false, null, null],
  ];
  it.each(table)(
    '%s (moves: %s) → fresh deadlines %s',
    (type, moves, gets, respondAfter, respondScheduled) => {
      const before = snap();
      const next = snap({ unitId: moves ? 'bureau' : 'town' });
      expect(getsFreshDeadlines(before, next, { type })).toBe(gets);
      if (!gets) return;
      const r = freshDeadlines(before, event(type), next, OLD, FRESH);
      expect(r.deadlines).toEqual({ respondBy: respondAfter, resolveBy: FRESH.resolveBy });
      expect(r.scheduled).toEqual({ respondBy: respondScheduled, resolveBy: FRESH.resolveBy });
      expect(r.event.payload).toEqual({
        level: 1,
        respondBy: respondAfter?.toISOString() ?? null,
        resolveBy: FRESH.resolveBy.toISOString(),
      });
    },
  );

  // status → the checks it needs (both deadlines set)
  const checks: [CaseStatus, DeadlineKind[]][] = [
    ['open', ['respond', 'resolve']],
    ['escalated', ['respond', 'resolve']],
    ['in_progress', ['resolve']],
    ['resolved', []],
    ['closed', []],
    ['cancelled', []],
  ];
  it.each(checks)('a case %s needs the checks %j', (status, kinds) => {
    expect(deadlineChecks(status, OLD).map((c) => c.deadline)).toEqual(kinds);
    expect(deadlineChecks(status, { respondBy: null, resolveBy: null })).toEqual([]);
  });

  it('writes a status list as SQL', () => {
    expect(sqlStatusList(['open', 'escalated'])).toBe(`('open','escalated')`);
    expect(sqlStatusList(CASE_STATUSES)).toBe(
      `('open','in_progress','escalated','resolved','closed','cancelled')`,
    );
  });
});
