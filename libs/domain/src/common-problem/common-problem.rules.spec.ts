import type { CaseStatus, Role } from '../case/case.types';
import {
  GroupingActor,
  MemberCandidate,
  caseWithinActorUnit,
  enterpriseCount,
  groupActionRefusal,
  groupUnitFor,
  mayGroup,
  mayActOnGroup,
  mayManageGroup,
  memberCountRefusal,
  memberRefusals,
} from './common-problem.rules';

const TOWN = 'unit-town';
const BUREAU = 'unit-bureau';
const OTHER = 'unit-other';
const actor = (role: Role, unitId: string | null = null): GroupingActor => ({ role, unitId });
const caseOf = (over: Partial<MemberCandidate> = {}): MemberCandidate => ({
  id: 'case-1',
  status: 'open',
  unitId: TOWN,
  townId: TOWN,
  groupId: null,
  ...over,
});

describe('mayGroup', () => {
  it.each<[Role, string | null, boolean]>([
    ['coordinator', TOWN, true],
    ['bureau_officer', BUREAU, true],
    ['admin', null, true],
    ['coordinator', null, false],
    ['instructor', TOWN, false],
    ['manager', TOWN, false],
  ])('%s of %s → %s', (role, unit, ok) => expect(mayGroup(actor(role, unit))).toBe(ok));
});

describe('caseWithinActorUnit', () => {
  it.each<[string, GroupingActor, Partial<MemberCandidate>, boolean]>([
    ['coordinator: a case of his town at the town', actor('coordinator', TOWN), {}, true],
    [
      'coordinator: a case of his town escalated to a bureau',
      actor('coordinator', TOWN),
      { unitId: BUREAU },
      true,
    ],
    ['coordinator: another town’s case', actor('coordinator', TOWN), { townId: OTHER, unitId: OTHER }, false],
    ['officer: a case his bureau holds', actor('bureau_officer', BUREAU), { unitId: BUREAU }, true],
    ['officer: a case still at the town', actor('bureau_officer', BUREAU), {}, false],
    ['admin: any', actor('admin'), { townId: OTHER, unitId: OTHER }, true],
    ['manager: none', actor('manager', TOWN), {}, false],
    ['instructor: none', actor('instructor', TOWN), {}, false],
  ])('%s → %s', (_name, a, c, ok) => expect(caseWithinActorUnit(a, caseOf(c))).toBe(ok));
});

describe('mayManageGroup', () => {
  it.each<[string, GroupingActor, string | null, string[], boolean]>([
    ['its unit’s coordinator', actor('coordinator', TOWN), TOWN, [TOWN], true],
    ['another town’s coordinator', actor('coordinator', OTHER), TOWN, [TOWN], false],
    ['its bureau’s officer', actor('bureau_officer', BUREAU), BUREAU, [BUREAU], true],
    [
      'the officer of the bureau its members were escalated to',
      actor('bureau_officer', BUREAU),
      TOWN,
      [BUREAU],
      true,
    ],
    ['the officer of a bureau holding none of them', actor('bureau_officer', BUREAU), TOWN, [TOWN], false],
    ['an admin, any group', actor('admin'), TOWN, [], true],
    ['an admin’s group, a coordinator', actor('coordinator', TOWN), null, [], false],
    ['a manager (reads only)', actor('manager', TOWN), TOWN, [TOWN], false],
  ])('%s → %s', (_name, a, unit, holders, ok) =>
    expect(mayManageGroup(a, { unitId: unit, holderUnitIds: holders })).toBe(ok),
  );
  it('a group belongs to its maker’s unit (an admin’s to none)', () => {
    expect(groupUnitFor(actor('coordinator', TOWN))).toBe(TOWN);
    expect(groupUnitFor(actor('admin'))).toBeNull();
  });
});

describe('mayActOnGroup', () => {
  const townGroup = { unitId: TOWN, holderUnitIds: [TOWN] };
  it.each<[string, GroupingActor, Parameters<typeof mayActOnGroup>[2], boolean]>([
    ['a manager urges', actor('manager', TOWN), 'urge', true],
    ['a manager comments', actor('manager', TOWN), 'comment', true],
    ['a manager resolves', actor('manager', TOWN), 'resolve', false],
    ['its coordinator resolves', actor('coordinator', TOWN), 'resolve', true],
    ['its coordinator assigns', actor('coordinator', TOWN), 'assign', true],
    ['another town’s coordinator escalates', actor('coordinator', OTHER), 'escalate', false],
  ])('%s → %s', (_name, a, action, ok) => expect(mayActOnGroup(a, townGroup, action)).toBe(ok));
});

describe('memberRefusals', () => {
  const coordinator = actor('coordinator', TOWN);
  it.each<[string, string | null, Partial<MemberCandidate>, string | null]>([
    ['an open case of the town', null, {}, null],
    ...(['open', 'in_progress', 'escalated', 'resolved'] as CaseStatus[]).map(
      (s): [string, string | null, Partial<MemberCandidate>, string | null] => [
        `a ${s} case`,
        null,
        { status: s },
        null,
      ],
    ),
    ['a closed case', null, { status: 'closed' }, 'COMMON_PROBLEM.CASE_FINISHED'],
    ['a cancelled case', null, { status: 'cancelled' }, 'COMMON_PROBLEM.CASE_FINISHED'],
    ['a case in another group', null, { groupId: 'g2' }, 'COMMON_PROBLEM.CASE_IN_OTHER_GROUP'],
    ['a case in another group, adding to g1', 'g1', { groupId: 'g2' }, 'COMMON_PROBLEM.CASE_IN_OTHER_GROUP'],
    ['a case already in this group', 'g1', { groupId: 'g1' }, 'COMMON_PROBLEM.CASE_ALREADY_MEMBER'],
    ['another town’s case', null, { townId: OTHER, unitId: OTHER }, 'COMMON_PROBLEM.CASE_OUTSIDE_UNIT'],
    [
      'another town’s closed case: outside first',
      null,
      { townId: OTHER, status: 'closed' },
      'COMMON_PROBLEM.CASE_OUTSIDE_UNIT',
    ],
  ])('%s → %s', (_name, groupId, c, code) => {
    const got = memberRefusals(coordinator, groupId, [caseOf(c)]);
    expect(got.map((r) => r.code)).toEqual(code ? [code] : []);
  });
  it('names every refused case, not only the first', () => {
    const got = memberRefusals(coordinator, null, [
      caseOf({ id: 'a', status: 'closed' }),
      caseOf({ id: 'b' }),
      caseOf({ id: 'c', groupId: 'g9' }),
    ]);
    expect(got.map((r) => [r.caseId, r.code])).toEqual([
      ['a', 'COMMON_PROBLEM.CASE_FINISHED'],
      ['c', 'COMMON_PROBLEM.CASE_IN_OTHER_GROUP'],
    ]);
  });
});

describe('memberCountRefusal', () => {
  it.each<[number, string | null]>([
    [0, 'COMMON_PROBLEM.TOO_FEW'],
    [1, 'COMMON_PROBLEM.TOO_FEW'],
    [2, null],
    [200, null],
    [201, 'COMMON_PROBLEM.TOO_MANY'],
  ])('%d members → %s', (n, code) => expect(memberCountRefusal(n)?.code ?? null).toBe(code));
});

describe('groupActionRefusal', () => {
  it.each<[Parameters<typeof groupActionRefusal>[0], boolean]>([
    ['assign', true],
    ['escalate', true],
    ['resolve', true],
    ['comment', true],
    ['urge', true],
    ['accept', false],
    ['return', false],
    ['confirm', false],
    ['reopen', false],
    ['cancel', false],
  ])('%s on a group → %s', (action, ok) => expect(groupActionRefusal(action) === null).toBe(ok));
});

describe('enterpriseCount', () => {
  it('counts distinct enterprises', () => {
    expect(enterpriseCount([{ enterpriseId: 'e1' }, { enterpriseId: 'e2' }, { enterpriseId: 'e1' }])).toBe(2);
    expect(enterpriseCount([])).toBe(0);
  });
});
