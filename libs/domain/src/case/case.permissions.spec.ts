import { allowedActions } from './case.permissions';
import { decide } from './case.state-machine';
import {
  ActorRelation,
  ActorRole,
  CASE_ACTIONS,
  CASE_STATUSES,
  CaseAction,
  CaseLevel,
  CaseStatus,
  ROLES,
} from './case.types';
import { NOW, actor, caseAt, validCommand } from './spec-fixtures';

/*
 * The buttons each role sees, in the same scenes as the decide() rule table:
 *   instructor     of the case's enterprise, case at the town (level 0)
 *   coordinator    of the town holding the case (level 0)
 *   bureau_officer of the county bureau holding the case (level 1, escalated from the town)
 *   manager        above the case, case at the town
 *   admin          no relation, case at the county bureau (level 1, escalated from the town)
 *   system         the worker, case at the town
 */
const SCENES: Record<ActorRole, { level: CaseLevel; relation: Partial<ActorRelation> }> = {
  instructor: { level: 0, relation: { isEnterpriseInstructor: true } },
  coordinator: { level: 0, relation: { inCurrentUnit: true } },
  bureau_officer: { level: 1, relation: { inCurrentUnit: true } },
  manager: { level: 0, relation: { isManagerAbove: true } },
  admin: { level: 1, relation: {} },
  system: { level: 0, relation: {} },
  enterprise: { level: 0, relation: {} },
};

const BUTTONS: Array<[ActorRole, CaseStatus, CaseAction[]]> = [
  ['instructor', 'open', ['comment', 'cancel']],
  ['instructor', 'in_progress', ['comment']],
  ['instructor', 'escalated', ['comment']],
  ['instructor', 'resolved', ['confirm', 'reopen', 'comment']],
  ['instructor', 'closed', ['comment']],
  ['instructor', 'cancelled', ['comment']],

  ['coordinator', 'open', ['assign', 'escalate', 'comment', 'cancel', 'request_extension']],
  ['coordinator', 'in_progress', ['assign', 'escalate', 'resolve', 'comment', 'request_extension']],
  ['coordinator', 'escalated', ['assign', 'escalate', 'comment', 'request_extension']],
  ['coordinator', 'resolved', ['comment']],
  ['coordinator', 'closed', ['comment']],
  ['coordinator', 'cancelled', ['comment']],

  ['bureau_officer', 'open', ['assign', 'escalate', 'comment', 'request_extension']],
  [
    'bureau_officer',
    'in_progress',
    ['assign', 'escalate', 'return', 'resolve', 'comment', 'request_extension'],
  ],
  ['bureau_officer', 'escalated', ['assign', 'accept', 'escalate', 'return', 'comment', 'request_extension']],
  ['bureau_officer', 'resolved', ['comment']],
  ['bureau_officer', 'closed', ['comment']],
  ['bureau_officer', 'cancelled', ['comment']],

  ['manager', 'open', ['comment', 'urge']],
  ['manager', 'in_progress', ['comment', 'urge']],
  ['manager', 'escalated', ['comment', 'urge']],
  ['manager', 'resolved', ['comment']],
  ['manager', 'closed', ['comment']],
  ['manager', 'cancelled', ['comment']],

  ['admin', 'open', ['assign', 'escalate', 'comment', 'urge', 'cancel', 'request_extension']],
  [
    'admin',
    'in_progress',
    ['assign', 'escalate', 'return', 'resolve', 'comment', 'urge', 'request_extension'],
  ],
  ['admin', 'escalated', ['assign', 'accept', 'escalate', 'return', 'comment', 'urge', 'request_extension']],
  ['admin', 'resolved', ['confirm', 'reopen', 'comment']],
  ['admin', 'closed', ['comment']],
  ['admin', 'cancelled', ['comment']],

  ['system', 'open', ['escalate', 'comment']],
  ['system', 'in_progress', ['escalate', 'comment']],
  ['system', 'escalated', ['escalate', 'comment']],
  ['system', 'resolved', ['comment']],
  ['system', 'closed', ['comment']],
  ['system', 'cancelled', ['comment']],

  // the enterprise's contact, through its one-time link: only its verdict on a resolved case
  ['enterprise', 'open', []],
  ['enterprise', 'in_progress', []],
  ['enterprise', 'escalated', []],
  ['enterprise', 'resolved', ['confirm', 'reopen']],
  ['enterprise', 'closed', []],
  ['enterprise', 'cancelled', []],
];

describe(allowedActions.name, () => {
  it('the table has one row for every role × status', () => {
    expect(BUTTONS.map(([r, s]) => `${r}/${s}`).sort()).toEqual(
      [...ROLES, 'system', 'enterprise'].flatMap((r) => CASE_STATUSES.map((s) => `${r}/${s}`)).sort(),
    );
  });

  it.each(BUTTONS)('a %s on a case that is %s may: %j', (role, status, expected) => {
    const scene = SCENES[role];
    expect(allowedActions(caseAt(status, scene.level), actor(role, scene.relation))).toEqual(expected);
  });

  it.each(CASE_STATUSES)('offers nothing to a user with no relation to a %s case', (status) => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      expect(allowedActions(caseAt(status, 0), actor(role))).toEqual([]);
      expect(allowedActions(caseAt(status, 1), actor(role))).toEqual([]);
    }
  });

  it('does not offer escalate at the city bureau, the top level', () => {
    const officer = actor('bureau_officer', { inCurrentUnit: true });
    expect(allowedActions(caseAt('in_progress', 2), officer)).toEqual([
      'assign',
      'return',
      'resolve',
      'comment',
      'request_extension',
    ]);
    expect(allowedActions(caseAt('in_progress', 2), actor('system'))).toEqual(['comment']);
  });

  it('does not offer return when there is no unit to return to', () => {
    const officer = actor('bureau_officer', { inCurrentUnit: true });
    expect(allowedActions(caseAt('escalated', 1, { returnUnitIds: [] }), officer)).not.toContain('return');
  });

  it('offers resolve to the assignee inside the unit holding the case', () => {
    expect(
      allowedActions(
        caseAt('in_progress', 1),
        actor('bureau_officer', { isAssignee: true, inCurrentUnit: true }),
      ),
    ).toContain('resolve');
    expect(allowedActions(caseAt('in_progress', 1), actor('bureau_officer', { isAssignee: true }))).toEqual([
      'comment',
    ]);
    expect(
      allowedActions(
        caseAt('in_progress', 1),
        actor('bureau_officer', { isAssignee: true, inCurrentUnit: true }),
      ),
    ).toContain('request_extension');
  });

  /* Every relation (2^5) × role × status × level × action: a button is shown iff decide() lets it through. */
  it('agrees with decide() on every combination when the command is complete', () => {
    const flags: Array<keyof ActorRelation> = [
      'inCurrentUnit',
      'isAssignee',
      'isEnterpriseInstructor',
      'isOpener',
      'isManagerAbove',
      'managesUnitAbove',
      'inCaseTown',
    ];
    const relations = Array.from(
      { length: 1 << flags.length },
      (_, bits) =>
        Object.fromEntries(flags.map((f, i) => [f, (bits & (1 << i)) !== 0])) as unknown as ActorRelation,
    );
    const disagreements: string[] = [];
    let checked = 0;
    for (const role of [...ROLES, 'system', 'enterprise'] as ActorRole[])
      for (const relation of relations)
        for (const status of CASE_STATUSES)
          for (const level of [0, 1, 2] as CaseLevel[])
            for (const pending of [false, true]) {
              const snapshot = caseAt(
                status,
                level,
                pending ? { extensionUntil: '2026-03-09T02:00:00.000Z' } : {},
              );
              const who = actor(role, relation);
              const shown = allowedActions(snapshot, who);
              for (const action of CASE_ACTIONS) {
                checked++;
                const ok = decide(snapshot, who, validCommand(action, level), NOW).ok;
                if (ok !== shown.includes(action)) {
                  disagreements.push(
                    `${role} ${JSON.stringify(relation)} ${status}@${level} ${action}: decide ${ok}`,
                  );
                }
              }
            }
    expect(checked).toBe(7 * 128 * 6 * 3 * 2 * CASE_ACTIONS.length);
    expect(disagreements).toEqual([]);
  });
});
