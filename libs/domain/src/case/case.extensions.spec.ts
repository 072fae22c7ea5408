import { allowedActions } from './case.permissions';
import { applyEvent, decide } from './case.state-machine';
import { autoEscalates, extensionDeadlines, missedDeadline } from './case.deadlines';
import { latestExtension } from '../deadline/deadline-policy';
import { Actor, ActorRelation, ActorRole, CaseCommand, CaseLevel, CaseSnapshot } from './case.types';
import { NOW, UNTOUCHED, actor } from './spec-fixtures';

const RESOLVE_BY = new Date('2026-03-04T09:30:00.000Z'); // Wednesday 17:30
const DAY = 86_400_000;

/** A case in progress at the town (level 0) or at a bureau, escalated from the town. */
const snap = (level: CaseLevel, o: Partial<CaseSnapshot> = {}): CaseSnapshot => ({
  ...UNTOUCHED,
  status: 'in_progress',
  level,
  unitId: level === 0 ? 'town' : 'bureau',
  assigneeId: 'officer',
  returnUnitIds: level === 0 ? [] : ['town'],
  ...o,
});
const who = (role: ActorRole, r: Partial<ActorRelation> = {}): Actor => actor(role, r, `u-${role}`);
const request = (
  until: Date,
  o: Partial<Extract<CaseCommand, { action: 'request_extension' }>> = {},
): CaseCommand => ({
  action: 'request_extension',
  reason: '需协调外部单位',
  until,
  resolveBy: RESOLVE_BY,
  latest: latestExtension(RESOLVE_BY, NOW, {}),
  ...o,
});

describe('extension requests (延期申请)', () => {
  const holder = who('bureau_officer', { inCurrentUnit: true });
  const above = who('manager', { managesUnitAbove: true, isManagerAbove: true });
  const pending = snap(1, { extensionUntil: new Date(RESOLVE_BY.getTime() + DAY).toISOString() });

  it.each<[string, CaseSnapshot, Actor, CaseCommand, string]>([
    [
      'the holder asks for two more days',
      snap(1),
      holder,
      request(new Date(RESOLVE_BY.getTime() + 2 * DAY)),
      'ok',
    ],
    [
      'the assignee in the unit asks',
      snap(1),
      who('bureau_officer', { isAssignee: true, inCurrentUnit: true }),
      request(new Date(RESOLVE_BY.getTime() + DAY)),
      'ok',
    ],
    [
      'the town coordinator asks for a town case',
      snap(0),
      who('coordinator', { inCurrentUnit: true }),
      request(new Date(RESOLVE_BY.getTime() + DAY)),
      'ok',
    ],
    [
      'a manager may not ask',
      snap(1),
      above,
      request(new Date(RESOLVE_BY.getTime() + DAY)),
      'CASE.NOT_IN_JURISDICTION',
    ],
    [
      'an officer of another unit may not ask',
      snap(1),
      who('bureau_officer'),
      request(new Date(RESOLVE_BY.getTime() + DAY)),
      'CASE.NOT_IN_JURISDICTION',
    ],
    [
      'no reason',
      snap(1),
      holder,
      request(new Date(RESOLVE_BY.getTime() + DAY), { reason: ' ' }),
      'CASE.FIELD_REQUIRED',
    ],
    [
      'no date',
      snap(1),
      holder,
      request(new Date(RESOLVE_BY.getTime() + DAY), { until: null }),
      'CASE.FIELD_REQUIRED',
    ],
    [
      'a date before the current resolve-by',
      snap(1),
      holder,
      request(new Date(RESOLVE_BY.getTime() - DAY)),
      'CASE.EXTENSION_INVALID',
    ],
    [
      'more than 5 working days',
      snap(1),
      holder,
      request(new Date(RESOLVE_BY.getTime() + 8 * DAY)),
      'CASE.EXTENSION_LIMIT',
    ],
    [
      'a request is already pending',
      pending,
      holder,
      request(new Date(RESOLVE_BY.getTime() + DAY)),
      'CASE.EXTENSION_PENDING',
    ],
    [
      'this level already had its extension',
      snap(1, { extendedLevels: [1] }),
      holder,
      request(new Date(RESOLVE_BY.getTime() + DAY)),
      'CASE.EXTENSION_LIMIT',
    ],
    [
      "the town's extension does not count at the bureau",
      snap(1, { extendedLevels: [0] }),
      holder,
      request(new Date(RESOLVE_BY.getTime() + DAY)),
      'ok',
    ],
    [
      'a resolved case',
      snap(1, { status: 'resolved' }),
      holder,
      request(new Date(RESOLVE_BY.getTime() + DAY)),
      'CASE.NOT_ALLOWED_IN_STATE',
    ],
    ['the unit above approves', pending, above, { action: 'approve_extension' }, 'ok'],
    ['an admin approves', pending, who('admin'), { action: 'approve_extension' }, 'ok'],
    [
      'a manager further up (not the unit above) may not approve',
      pending,
      who('manager', { isManagerAbove: true }),
      { action: 'approve_extension' },
      'CASE.NOT_IN_JURISDICTION',
    ],
    [
      'the holder may not approve his own request',
      pending,
      holder,
      { action: 'approve_extension' },
      'CASE.NOT_IN_JURISDICTION',
    ],
    ['nothing to approve', snap(1), above, { action: 'approve_extension' }, 'CASE.NO_EXTENSION_PENDING'],
    ['deny with a reason', pending, above, { action: 'deny_extension', reason: '可按期办结' }, 'ok'],
    ['deny without a reason', pending, above, { action: 'deny_extension' }, 'CASE.FIELD_REQUIRED'],
    [
      'nothing to deny',
      snap(1),
      above,
      { action: 'deny_extension', reason: 'x' },
      'CASE.NO_EXTENSION_PENDING',
    ],
  ])('%s', (_, c, actor, command, expected) => {
    const d = decide(c, actor, command, NOW);
    expect(d.ok ? 'ok' : d.code).toBe(expected);
  });

  it("a request is pending until approved, which moves the resolve-by and uses the level's extension", () => {
    const until = new Date(RESOLVE_BY.getTime() + 2 * DAY);
    const asked = decide(snap(1), holder, request(until), NOW);
    if (!asked.ok) throw new Error(asked.message);
    expect(asked.event.type).toBe('request_extension');
    expect(asked.next.extensionUntil).toBe(until.toISOString());
    expect(allowedActions(asked.next, holder)).not.toContain('request_extension');
    expect(allowedActions(asked.next, above)).toEqual(
      expect.arrayContaining(['approve_extension', 'deny_extension']),
    );

    const approved = decide(asked.next, above, { action: 'approve_extension' }, NOW);
    if (!approved.ok) throw new Error(approved.message);
    expect(approved.next.extensionUntil).toBeNull();
    expect(approved.next.extendedLevels).toEqual([1]);
    expect(extensionDeadlines(approved.event, { respondBy: NOW, resolveBy: RESOLVE_BY })).toEqual({
      deadlines: { respondBy: NOW, resolveBy: until },
      scheduled: { respondBy: null, resolveBy: until },
    });
    expect(allowedActions(approved.next, holder)).not.toContain('request_extension');
  });

  it('a denied request leaves the deadline and lets the holder ask again', () => {
    const asked = decide(snap(1), holder, request(new Date(RESOLVE_BY.getTime() + DAY)), NOW);
    if (!asked.ok) throw new Error(asked.message);
    const denied = decide(asked.next, above, { action: 'deny_extension', reason: '可按期办结' }, NOW);
    if (!denied.ok) throw new Error(denied.message);
    expect(denied.next.extensionUntil).toBeNull();
    expect(denied.next.extendedLevels).toEqual([]);
    expect(extensionDeadlines(denied.event, { respondBy: null, resolveBy: RESOLVE_BY })).toBeNull();
    expect(allowedActions(denied.next, holder)).toContain('request_extension');
  });

  it('a pending request lapses when the case moves on', () => {
    const moved = applyEvent(
      snap(0, { extensionUntil: RESOLVE_BY.toISOString() }),
      { type: 'escalate', toStatus: 'escalated', toUnitId: 'bureau', payload: { level: 1 } },
      NOW.toISOString(),
    );
    expect(moved.extensionUntil).toBeNull();
  });

  it("latestExtension counts 5 working days by default, and the policy's own number", () => {
    // Wed 17:30 + 5 working days (45 h) = next Wed 17:30
    expect(latestExtension(RESOLVE_BY, NOW, {}).toISOString()).toBe('2026-03-11T09:30:00.000Z');
    expect(latestExtension(RESOLVE_BY, NOW, { maxExtensionDays: 1 }).toISOString()).toBe(
      '2026-03-05T09:30:00.000Z',
    );
  });
});

describe('follow-through on an escalated case', () => {
  const coordinator = who('coordinator', { inCaseTown: true });
  const instructor = who('instructor', { isEnterpriseInstructor: true });
  it.each<[string, CaseSnapshot, Actor, string[]]>([
    [
      'the town coordinator on a case the town escalated',
      snap(1, { status: 'escalated' }),
      coordinator,
      ['comment', 'urge'],
    ],
    [
      'the enterprise instructor on a case the town escalated',
      snap(1, { status: 'in_progress' }),
      instructor,
      ['comment', 'urge'],
    ],
    [
      'the town coordinator on a resolved bureau case (nothing to urge)',
      snap(1, { status: 'resolved' }),
      coordinator,
      ['comment'],
    ],
    ['a coordinator of another town', snap(1), who('coordinator'), []],
    ['the instructor on a case still at the town (not escalated)', snap(0), instructor, ['comment']],
  ])('%s may: %j', (_, c, actor, expected) => {
    expect(allowedActions(c, actor)).toEqual(expected);
  });
});

describe('missed deadlines and automatic escalation', () => {
  it.each<[string, CaseSnapshot, 'respond' | 'resolve', 'respond' | 'resolve' | null, boolean]>([
    ['a town case misses its respond-by', snap(0, { status: 'open' }), 'respond', 'respond', false],
    ['a town case misses its resolve-by: escalated', snap(0), 'resolve', 'resolve', true],
    [
      'a returned town case misses its resolve-by: marked, not escalated (no ping-pong)',
      snap(0, { returnedFromUnitId: 'bureau' }),
      'resolve',
      'resolve',
      false,
    ],
    ['a bureau case misses its resolve-by', snap(1), 'resolve', 'resolve', false],
    [
      'an overdue (respond) case passing its resolve-by keeps the first miss',
      snap(0, { overdue: true, missedDeadline: 'respond' }),
      'resolve',
      'respond',
      true,
    ],
  ])('%s', (_, c, kind, missed, escalates) => {
    const m = missedDeadline(c, kind, NOW);
    expect(m.next.missedDeadline).toBe(missed);
    expect(m.escalates).toBe(escalates);
    expect(autoEscalates(m.next, kind)).toBe(escalates);
  });

  it('a return records the bureau; escalating again clears it and the overdue mark', () => {
    const returned = applyEvent(
      snap(1, { overdue: true, missedDeadline: 'resolve' }),
      { type: 'return', toStatus: 'open', toUnitId: 'town', payload: { level: 0, overdue: false } },
      NOW.toISOString(),
    );
    expect(returned.returnedFromUnitId).toBe('bureau');
    expect(returned.missedDeadline).toBeNull();
    const again = applyEvent(
      returned,
      { type: 'escalate', toStatus: 'escalated', toUnitId: 'bureau', payload: { level: 1, overdue: false } },
      NOW.toISOString(),
    );
    expect(again.returnedFromUnitId).toBeNull();
  });
});
