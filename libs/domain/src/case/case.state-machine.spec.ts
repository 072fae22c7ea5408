import {
  decide,
  applyEvent,
  foldEvents,
  openEvent,
  markOverdue,
  untouchedCase,
  Decision,
} from './case.state-machine';
import {
  Actor,
  ActorRelation,
  ActorRole,
  CASE_ACTIONS,
  CASE_STATUSES,
  CaseAction,
  CaseCommand,
  CaseErrorCode,
  CaseEventDraft,
  CaseLevel,
  CaseSnapshot,
  CaseStatus,
  ROLES,
} from './case.types';
import {
  CITY_BUREAU,
  COUNTY_BUREAU,
  NOW,
  OPENED_AT,
  TOWN,
  UNTOUCHED,
  actor,
  caseAt,
  validCommand,
} from './spec-fixtures';

/** The case a rule-table row acts on: an extension to decide needs a pending request. */
function caseFor(row: { action: CaseAction; status: CaseStatus }, level: CaseLevel): CaseSnapshot {
  const deciding = row.action === 'approve_extension' || row.action === 'deny_extension';
  return caseAt(row.status, level, deciding ? { extensionUntil: '2026-03-09T02:00:00.000Z' } : {});
}

function expectRefused(d: Decision, code: CaseErrorCode, field?: string): void {
  expect(d).toMatchObject({ ok: false, code });
  if (d.ok) return;
  expect(d.message).toEqual(expect.any(String));
  expect(d.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(d.field).toBe(field);
}

function expectOk(d: Decision): { next: CaseSnapshot; event: CaseEventDraft } {
  if (!d.ok) throw new Error(`expected the action to be allowed, was refused: ${d.code} ${d.message}`);
  return d;
}

/* ------------------------------------------------------------------------------------------------
 * The rules as a table: every status × action × role.
 *
 * Each role acts in one typical relation to the case (its "scene"):
 * ---------------------------------------------------------------------------------------------- */
const SCENES: Record<ActorRole, { level: CaseLevel; relation: Partial<ActorRelation>; who: string }> = {
  instructor: {
    level: 0,
    relation: { isEnterpriseInstructor: true },
    who: "an instructor of the case's enterprise",
  },
  coordinator: {
    level: 0,
    relation: { inCurrentUnit: true },
    who: 'a coordinator of the town holding the case',
  },
  bureau_officer: {
    level: 1,
    relation: { inCurrentUnit: true },
    who: 'an officer of the county bureau holding the case',
  },
  manager: {
    level: 0,
    relation: { isManagerAbove: true },
    who: 'a manager whose jurisdiction contains the case',
  },
  admin: { level: 1, relation: {}, who: 'an admin (no relation needed), case at the county bureau' },
  system: { level: 0, relation: {}, who: 'the system (worker), case at the town' },
  enterprise: { level: 0, relation: {}, who: "the enterprise's contact through its confirmation link" },
};

/*
 * A cell is either the status the case moves to (the action is allowed), or a refusal:
 *   JURIS  CASE.NOT_IN_JURISDICTION   (the role may never take the action, or this actor is not the one)
 *   STATE  CASE.NOT_ALLOWED_IN_STATE  (the action is not possible in this status)
 * The role is checked first, then the status, then the actor's relation to the case.
 * Some rows describe cases that do not occur (an `open` case at a bureau): the rules still answer them.
 */
const RULES = `
  action    status       instructor  coordinator  bureau_officer  manager      admin        system
  assign    open         JURIS       in_progress  in_progress     JURIS        in_progress  JURIS
  assign    in_progress  JURIS       in_progress  in_progress     JURIS        in_progress  JURIS
  assign    escalated    JURIS       in_progress  in_progress     JURIS        in_progress  JURIS
  assign    resolved     JURIS       STATE        STATE           JURIS        STATE        JURIS
  assign    closed       JURIS       STATE        STATE           JURIS        STATE        JURIS
  assign    cancelled    JURIS       STATE        STATE           JURIS        STATE        JURIS

  accept    open         JURIS       JURIS        STATE           JURIS        STATE        JURIS
  accept    in_progress  JURIS       JURIS        STATE           JURIS        STATE        JURIS
  accept    escalated    JURIS       JURIS        in_progress     JURIS        in_progress  JURIS
  accept    resolved     JURIS       JURIS        STATE           JURIS        STATE        JURIS
  accept    closed       JURIS       JURIS        STATE           JURIS        STATE        JURIS
  accept    cancelled    JURIS       JURIS        STATE           JURIS        STATE        JURIS

  escalate  open         JURIS       escalated    escalated       JURIS        escalated    escalated
  escalate  in_progress  JURIS       escalated    escalated       JURIS        escalated    escalated
  escalate  escalated    JURIS       escalated    escalated       JURIS        escalated    escalated
  escalate  resolved     JURIS       STATE        STATE           JURIS        STATE        STATE
  escalate  closed       JURIS       STATE        STATE           JURIS        STATE        STATE
  escalate  cancelled    JURIS       STATE        STATE           JURIS        STATE        STATE

  return    open         JURIS       JURIS        STATE           JURIS        STATE        JURIS
  return    in_progress  JURIS       JURIS        open            JURIS        open         JURIS
  return    escalated    JURIS       JURIS        open            JURIS        open         JURIS
  return    resolved     JURIS       JURIS        STATE           JURIS        STATE        JURIS
  return    closed       JURIS       JURIS        STATE           JURIS        STATE        JURIS
  return    cancelled    JURIS       JURIS        STATE           JURIS        STATE        JURIS

  resolve   open         JURIS       STATE        STATE           JURIS        STATE        JURIS
  resolve   in_progress  JURIS       resolved     resolved        JURIS        resolved     JURIS
  resolve   escalated    JURIS       STATE        STATE           JURIS        STATE        JURIS
  resolve   resolved     JURIS       STATE        STATE           JURIS        STATE        JURIS
  resolve   closed       JURIS       STATE        STATE           JURIS        STATE        JURIS
  resolve   cancelled    JURIS       STATE        STATE           JURIS        STATE        JURIS

  confirm   open         STATE       STATE        JURIS           JURIS        STATE        JURIS
  confirm   in_progress  STATE       STATE        JURIS           JURIS        STATE        JURIS
  confirm   escalated    STATE       STATE        JURIS           JURIS        STATE        JURIS
  confirm   resolved     closed      JURIS        JURIS           JURIS        closed       JURIS
  confirm   closed       STATE       STATE        JURIS           JURIS        STATE        JURIS
  confirm   cancelled    STATE       STATE        JURIS           JURIS        STATE        JURIS

  reopen    open         STATE       STATE        JURIS           JURIS        STATE        JURIS
  reopen    in_progress  STATE       STATE        JURIS           JURIS        STATE        JURIS
  reopen    escalated    STATE       STATE        JURIS           JURIS        STATE        JURIS
  reopen    resolved     in_progress JURIS        JURIS           JURIS        in_progress  JURIS
  reopen    closed       STATE       STATE        JURIS           JURIS        STATE        JURIS
  reopen    cancelled    STATE       STATE        JURIS           JURIS        STATE        JURIS

  comment   open         open        open         open            open         open         open
  comment   in_progress  in_progress in_progress  in_progress     in_progress  in_progress  in_progress
  comment   escalated    escalated   escalated    escalated       escalated    escalated    escalated
  comment   resolved     resolved    resolved     resolved        resolved     resolved     resolved
  comment   closed       closed      closed       closed          closed       closed       closed
  comment   cancelled    cancelled   cancelled    cancelled       cancelled    cancelled    cancelled

  urge      open         JURIS       JURIS        JURIS           open         open         JURIS
  urge      in_progress  JURIS       JURIS        JURIS           in_progress  in_progress  JURIS
  urge      escalated    JURIS       JURIS        JURIS           escalated    escalated    JURIS
  urge      resolved     STATE       STATE        JURIS           STATE        STATE        JURIS
  urge      closed       STATE       STATE        JURIS           STATE        STATE        JURIS
  urge      cancelled    STATE       STATE        JURIS           STATE        STATE        JURIS

  cancel    open         cancelled   cancelled    JURIS           JURIS        cancelled    JURIS
  cancel    in_progress  STATE       STATE        JURIS           JURIS        STATE        JURIS
  cancel    escalated    STATE       STATE        JURIS           JURIS        STATE        JURIS
  cancel    resolved     STATE       STATE        JURIS           JURIS        STATE        JURIS
  cancel    closed       STATE       STATE        JURIS           JURIS        STATE        JURIS
  cancel    cancelled    STATE       STATE        JURIS           JURIS        STATE        JURIS

  request_extension open        JURIS  open         open            JURIS        open         JURIS
  request_extension in_progress JURIS  in_progress  in_progress     JURIS        in_progress  JURIS
  request_extension escalated   JURIS  escalated    escalated       JURIS        escalated    JURIS
  request_extension resolved    JURIS  STATE        STATE           JURIS        STATE        JURIS
  request_extension closed      JURIS  STATE        STATE           JURIS        STATE        JURIS
  request_extension cancelled   JURIS  STATE        STATE           JURIS        STATE        JURIS

  approve_extension open        JURIS  JURIS        JURIS           JURIS        open         JURIS
  approve_extension in_progress JURIS  JURIS        JURIS           JURIS        in_progress  JURIS
  approve_extension escalated   JURIS  JURIS        JURIS           JURIS        escalated    JURIS
  approve_extension resolved    JURIS  JURIS        JURIS           STATE        STATE        JURIS
  approve_extension closed      JURIS  JURIS        JURIS           STATE        STATE        JURIS
  approve_extension cancelled   JURIS  JURIS        JURIS           STATE        STATE        JURIS

  deny_extension    open        JURIS  JURIS        JURIS           JURIS        open         JURIS
  deny_extension    in_progress JURIS  JURIS        JURIS           JURIS        in_progress  JURIS
  deny_extension    escalated   JURIS  JURIS        JURIS           JURIS        escalated    JURIS
  deny_extension    resolved    JURIS  JURIS        JURIS           STATE        STATE        JURIS
  deny_extension    closed      JURIS  JURIS        JURIS           STATE        STATE        JURIS
  deny_extension    cancelled   JURIS  JURIS        JURIS           STATE        STATE        JURIS
`;

type Outcome = CaseStatus | 'JURIS' | 'STATE';
const REFUSALS: Record<'JURIS' | 'STATE', CaseErrorCode> = {
  JURIS: 'CASE.NOT_IN_JURISDICTION',
  STATE: 'CASE.NOT_ALLOWED_IN_STATE',
};
const ACTOR_ROLES: readonly ActorRole[] = [...ROLES, 'system'];

interface Row {
  action: CaseAction;
  status: CaseStatus;
  role: ActorRole;
  expected: Outcome;
}

function parseRules(table: string): Row[] {
  const lines = table
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const [header, ...body] = lines.map((l) => l.split(/\s+/));
  const roles = (header ?? []).slice(2);
  if (roles.join() !== ACTOR_ROLES.join()) throw new Error(`rule table columns: ${roles.join()}`);
  return body.flatMap(([action, status, ...cells]) => {
    if (!(CASE_ACTIONS as readonly string[]).includes(action ?? ''))
      throw new Error(`unknown action ${action}`);
    if (!(CASE_STATUSES as readonly string[]).includes(status ?? ''))
      throw new Error(`unknown status ${status}`);
    if (cells.length !== roles.length) throw new Error(`row ${action} ${status}: ${cells.length} cells`);
    return cells.map((cell, i) => {
      if (!['JURIS', 'STATE', ...CASE_STATUSES].includes(cell)) throw new Error(`bad cell ${cell}`);
      return {
        action: action as CaseAction,
        status: status as CaseStatus,
        role: roles[i] as ActorRole,
        expected: cell as Outcome,
      };
    });
  });
}

const ROWS = parseRules(RULES);

describe(decide.name, () => {
  describe('the rule table', () => {
    it('has exactly one row for every status × action × role', () => {
      const keys = ROWS.map((r) => `${r.status}/${r.action}/${r.role}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toHaveLength(CASE_STATUSES.length * CASE_ACTIONS.length * ACTOR_ROLES.length);
    });

    const allowed = ROWS.filter((r) => r.expected !== 'JURIS' && r.expected !== 'STATE');
    const refused = ROWS.filter((r) => r.expected === 'JURIS' || r.expected === 'STATE');

    it.each(allowed)('a $role may $action a case that is $status → $expected', (row) => {
      const scene = SCENES[row.role];
      const before = caseFor(row, scene.level);
      const { next, event } = expectOk(
        decide(before, actor(row.role, scene.relation), validCommand(row.action, scene.level), NOW),
      );
      expect(next.status).toBe(row.expected);
      expect(event).toMatchObject({ type: row.action, fromStatus: row.status, toStatus: row.expected });
      expect(event.fromUnitId).toBe(before.unitId);
      expect(event.toUnitId).toBe(next.unitId);
    });

    it.each(refused)('a $role may not $action a case that is $status → $expected', (row) => {
      const scene = SCENES[row.role];
      const d = decide(
        caseFor(row, scene.level),
        actor(row.role, scene.relation),
        validCommand(row.action, scene.level),
        NOW,
      );
      expectRefused(d, REFUSALS[row.expected as 'JURIS' | 'STATE']);
    });

    const users = ROWS.filter((r) => r.role !== 'admin' && r.role !== 'system');
    it.each(users)('a $role with no relation to the case may not $action it when $status', (row) => {
      const level = SCENES[row.role].level;
      const d = decide(caseFor(row, level), actor(row.role), validCommand(row.action, level), NOW);
      expectRefused(d, row.expected === 'STATE' ? 'CASE.NOT_ALLOWED_IN_STATE' : 'CASE.NOT_IN_JURISDICTION');
    });
  });

  /* The enterprise's contact (through its link) gives its verdict on a resolved case, and does nothing else. */
  describe('the enterprise, through its confirmation link', () => {
    const enterprise = actor('enterprise', {}, 'link');
    const rows = CASE_ACTIONS.flatMap((action) => CASE_STATUSES.map((status) => ({ action, status })));
    it.each(rows)('$action on a $status case', ({ action, status }) => {
      const d = decide(caseAt(status, 0), enterprise, validCommand(action, 0), NOW);
      if ((action === 'confirm' || action === 'reopen') && status === 'resolved') {
        expect(expectOk(d).next.status).toBe(action === 'confirm' ? 'closed' : 'in_progress');
      } else if (action === 'confirm' || action === 'reopen') {
        expectRefused(d, 'CASE.NOT_ALLOWED_IN_STATE');
      } else {
        expectRefused(d, 'CASE.NOT_IN_JURISDICTION');
      }
    });
  });

  describe('jurisdiction', () => {
    it.each<[string, CaseSnapshot, Actor, CaseCommand]>([
      [
        'a coordinator of another town assigns',
        caseAt('open', 0),
        actor('coordinator'),
        validCommand('assign', 0),
      ],
      [
        'a coordinator of another town escalates',
        caseAt('open', 0),
        actor('coordinator'),
        validCommand('escalate', 0),
      ],
      [
        'a coordinator of another town resolves',
        caseAt('in_progress', 0),
        actor('coordinator'),
        validCommand('resolve', 0),
      ],
      [
        'a coordinator of another town cancels',
        caseAt('open', 0),
        actor('coordinator'),
        validCommand('cancel', 0),
      ],
      [
        'a coordinator assigns a county-level case (a bureau officer must)',
        caseAt('escalated', 1),
        actor('coordinator', { inCurrentUnit: true }),
        validCommand('assign', 1),
      ],
      [
        'a bureau officer in a town unit assigns a town case',
        caseAt('open', 0),
        actor('bureau_officer', { inCurrentUnit: true }),
        validCommand('assign', 0),
      ],
      [
        'an officer of another bureau accepts',
        caseAt('escalated', 1),
        actor('bureau_officer'),
        validCommand('accept', 1),
      ],
      [
        'an officer of another bureau returns',
        caseAt('escalated', 1),
        actor('bureau_officer'),
        validCommand('return', 1),
      ],
      [
        "the bureau's assignee, no longer in the bureau, resolves",
        caseAt('in_progress', 1),
        actor('bureau_officer', { isAssignee: true }),
        validCommand('resolve', 1),
      ],
      [
        'an instructor of another enterprise confirms',
        caseAt('resolved', 0),
        actor('instructor'),
        validCommand('confirm', 0),
      ],
      [
        'an instructor of another enterprise cancels',
        caseAt('open', 0),
        actor('instructor'),
        validCommand('cancel', 0),
      ],
      [
        'an instructor of another enterprise comments',
        caseAt('open', 0),
        actor('instructor'),
        validCommand('comment', 0),
      ],
      ['a manager of another county urges', caseAt('open', 0), actor('manager'), validCommand('urge', 0)],
      [
        'a manager urges the unit he sits in but not above',
        caseAt('open', 0),
        actor('manager', { inCurrentUnit: true }),
        validCommand('urge', 0),
      ],
      [
        'an admin returns a town case (a town has nowhere to return to)',
        caseAt('in_progress', 0),
        actor('admin'),
        validCommand('return', 0),
      ],
      [
        'an admin accepts a case still at the town',
        caseAt('escalated', 0),
        actor('admin'),
        validCommand('accept', 0),
      ],
    ])('refuses when %s: CASE.NOT_IN_JURISDICTION', (_what, snapshot, who, command) => {
      expectRefused(decide(snapshot, who, command, NOW), 'CASE.NOT_IN_JURISDICTION');
    });

    it.each<[string, CaseSnapshot, Actor, CaseCommand]>([
      [
        'the coordinator who opened the case confirms it',
        caseAt('resolved', 0),
        actor('coordinator', { isOpener: true }),
        validCommand('confirm', 0),
      ],
      [
        'the coordinator who opened the case cancels it from another town',
        caseAt('open', 0),
        actor('coordinator', { isOpener: true }),
        validCommand('cancel', 0),
      ],
      [
        'the instructor who opened the case (not of the enterprise any more) reopens it',
        caseAt('resolved', 0),
        actor('instructor', { isOpener: true }),
        validCommand('reopen', 0),
      ],
      [
        'the assignee in the bureau resolves',
        caseAt('in_progress', 1),
        actor('bureau_officer', { isAssignee: true, inCurrentUnit: true }),
        validCommand('resolve', 1),
      ],
      [
        'the assignee comments on a closed case',
        caseAt('closed', 1),
        actor('bureau_officer', { isAssignee: true }),
        validCommand('comment', 1),
      ],
      ['an admin with no relation urges', caseAt('escalated', 1), actor('admin'), validCommand('urge', 1)],
      [
        'the system escalates a town case',
        caseAt('in_progress', 0),
        actor('system'),
        validCommand('escalate', 0),
      ],
    ])('allows it when %s', (_what, snapshot, who, command) => {
      expectOk(decide(snapshot, who, command, NOW));
    });

    it('checks the role before the status, and the status before the relation', () => {
      expectRefused(
        decide(
          caseAt('closed'),
          actor('instructor', SCENES.instructor.relation),
          validCommand('assign', 0),
          NOW,
        ),
        'CASE.NOT_IN_JURISDICTION',
      );
      expectRefused(
        decide(caseAt('closed'), actor('coordinator'), validCommand('assign', 0), NOW),
        'CASE.NOT_ALLOWED_IN_STATE',
      );
    });
  });

  describe('assign', () => {
    const coordinator = actor('coordinator', { inCurrentUnit: true });

    it('gives the case to the assignee and moves it to in_progress', () => {
      const { next, event } = expectOk(
        decide(
          caseAt('open'),
          coordinator,
          {
            action: 'assign',
            assigneeId: 'user-zhang',
            assigneeInCurrentUnit: true,
            reason: '  用工问题专人跟进 ',
          },
          NOW,
        ),
      );
      expect(next).toEqual({ ...caseAt('open'), status: 'in_progress', assigneeId: 'user-zhang' });
      expect(event).toEqual({
        type: 'assign',
        fromStatus: 'open',
        toStatus: 'in_progress',
        fromUnitId: TOWN,
        toUnitId: TOWN,
        reason: '用工问题专人跟进',
        payload: { assigneeId: 'user-zhang' },
      });
    });

    it('reassigns a case in progress', () => {
      const { next } = expectOk(
        decide(
          caseAt('in_progress'),
          coordinator,
          { action: 'assign', assigneeId: 'user-li', assigneeInCurrentUnit: true },
          NOW,
        ),
      );
      expect(next.assigneeId).toBe('user-li');
      expect(next.status).toBe('in_progress');
    });

    it.each<[string, boolean | undefined]>([
      ['not in the current unit', false],
      ['not checked by the caller', undefined],
    ])('refuses an assignee %s: CASE.ASSIGNEE_NOT_IN_UNIT', (_what, assigneeInCurrentUnit) => {
      expectRefused(
        decide(
          caseAt('open'),
          coordinator,
          { action: 'assign', assigneeId: 'user-zhang', assigneeInCurrentUnit },
          NOW,
        ),
        'CASE.ASSIGNEE_NOT_IN_UNIT',
        'assigneeId',
      );
    });

    it.each([undefined, null, ''])('requires an assigneeId (%p): CASE.FIELD_REQUIRED', (assigneeId) => {
      expectRefused(
        decide(
          caseAt('open'),
          coordinator,
          { action: 'assign', assigneeId, assigneeInCurrentUnit: true },
          NOW,
        ),
        'CASE.FIELD_REQUIRED',
        'assigneeId',
      );
    });
  });

  describe('accept', () => {
    it('makes the accepting officer the assignee', () => {
      const officer = actor('bureau_officer', { inCurrentUnit: true }, 'user-wang');
      const { next, event } = expectOk(decide(caseAt('escalated', 1), officer, { action: 'accept' }, NOW));
      expect(next).toEqual({ ...caseAt('escalated', 1), status: 'in_progress', assigneeId: 'user-wang' });
      expect(event.payload).toEqual({ assigneeId: 'user-wang' });
      expect(event.reason).toBeNull();
    });
  });

  describe('escalate', () => {
    it('sends a town case to the county bureau, one level up, remembering the town for a return', () => {
      const before = caseAt('in_progress', 0);
      const { next, event } = expectOk(
        decide(
          before,
          actor('coordinator', { inCurrentUnit: true }),
          { action: 'escalate', reason: '镇级无法协调用工', target: { unitId: COUNTY_BUREAU, level: 1 } },
          NOW,
        ),
      );
      expect(next).toEqual({
        ...before,
        status: 'escalated',
        level: 1,
        unitId: COUNTY_BUREAU,
        assigneeId: null,
        returnUnitIds: [TOWN],
      });
      expect(event).toEqual({
        type: 'escalate',
        fromStatus: 'in_progress',
        toStatus: 'escalated',
        fromUnitId: TOWN,
        toUnitId: COUNTY_BUREAU,
        reason: '镇级无法协调用工',
        payload: { level: 1, assigneeId: null, returnUnitIds: [TOWN], overdue: false },
      });
    });

    it('sends a county case to the city bureau, pushing the county bureau on the return path', () => {
      const { next } = expectOk(
        decide(
          caseAt('escalated', 1),
          actor('bureau_officer', { inCurrentUnit: true }),
          { action: 'escalate', reason: '需市级统筹', target: { unitId: CITY_BUREAU, level: 2 } },
          NOW,
        ),
      );
      expect(next).toMatchObject({
        status: 'escalated',
        level: 2,
        unitId: CITY_BUREAU,
        returnUnitIds: [TOWN, COUNTY_BUREAU],
      });
    });

    it('lets the system escalate a town case automatically when its deadline is missed', () => {
      const { next, event } = expectOk(
        decide(
          caseAt('open', 0, { overdue: true }),
          actor('system', {}, 'system'),
          { action: 'escalate', reason: '办结超时，自动上报', target: { unitId: COUNTY_BUREAU, level: 1 } },
          NOW,
        ),
      );
      expect(next).toMatchObject({
        status: 'escalated',
        level: 1,
        unitId: COUNTY_BUREAU,
        returnUnitIds: [TOWN],
      });
      expect(event.reason).toBe('办结超时，自动上报');
    });

    it('refuses at the city bureau, the top level: CASE.TOP_LEVEL', () => {
      expectRefused(
        decide(
          caseAt('in_progress', 2),
          actor('bureau_officer', { inCurrentUnit: true }),
          { action: 'escalate', reason: '省级?', target: { unitId: 'unit-province', level: 2 } },
          NOW,
        ),
        'CASE.TOP_LEVEL',
      );
    });

    it.each([undefined, null])('refuses without a routing target (%p): CASE.NO_ROUTE', (target) => {
      expectRefused(
        decide(
          caseAt('open'),
          actor('coordinator', { inCurrentUnit: true }),
          { action: 'escalate', reason: '无法解决', target },
          NOW,
        ),
        'CASE.NO_ROUTE',
      );
    });

    it.each([undefined, null, '', '   '])('requires a reason (%p): CASE.FIELD_REQUIRED', (reason) => {
      expectRefused(
        decide(
          caseAt('open'),
          actor('coordinator', { inCurrentUnit: true }),
          { action: 'escalate', reason, target: { unitId: COUNTY_BUREAU, level: 1 } },
          NOW,
        ),
        'CASE.FIELD_REQUIRED',
        'reason',
      );
    });
  });

  describe('return', () => {
    const officer = actor('bureau_officer', { inCurrentUnit: true });

    it('sends a county case back to the town, where it is open again (level 1 → 0)', () => {
      const before = caseAt('in_progress', 1);
      const { next, event } = expectOk(
        decide(before, officer, { action: 'return', reason: '不属劳动部门职责' }, NOW),
      );
      expect(next).toEqual({
        ...before,
        status: 'open',
        level: 0,
        unitId: TOWN,
        assigneeId: null,
        returnUnitIds: [],
        returnedFromUnitId: COUNTY_BUREAU,
      });
      expect(event).toMatchObject({
        type: 'return',
        fromUnitId: COUNTY_BUREAU,
        toUnitId: TOWN,
        toStatus: 'open',
        reason: '不属劳动部门职责',
      });
    });

    it('sends a city case back to the county bureau, where it is escalated again (level 2 → 1)', () => {
      const { next } = expectOk(
        decide(caseAt('escalated', 2), officer, { action: 'return', reason: '应由县局办理' }, NOW),
      );
      expect(next).toMatchObject({
        status: 'escalated',
        level: 1,
        unitId: COUNTY_BUREAU,
        assigneeId: null,
        returnUnitIds: [TOWN],
      });
    });

    it.each([undefined, null, ' '])('requires a reason (%p): CASE.FIELD_REQUIRED', (reason) => {
      expectRefused(
        decide(caseAt('escalated', 1), officer, { action: 'return', reason }, NOW),
        'CASE.FIELD_REQUIRED',
        'reason',
      );
    });

    it('refuses when there is no unit to return to: CASE.NOTHING_TO_RETURN', () => {
      expectRefused(
        decide(
          caseAt('escalated', 1, { returnUnitIds: [] }),
          officer,
          { action: 'return', reason: '不属本部门' },
          NOW,
        ),
        'CASE.NOTHING_TO_RETURN',
      );
    });
  });

  describe('resolve', () => {
    it('records the resolution and the time it was resolved', () => {
      const { next, event } = expectOk(
        decide(
          caseAt('in_progress'),
          actor('coordinator', { inCurrentUnit: true }),
          { action: 'resolve', resolution: ' 已对接物流企业，恢复运输 ' },
          NOW,
        ),
      );
      expect(next).toMatchObject({
        status: 'resolved',
        resolution: '已对接物流企业，恢复运输',
        resolvedAt: NOW.toISOString(),
      });
      expect(event.payload).toEqual({ resolution: '已对接物流企业，恢复运输' });
    });

    it.each([undefined, null, '', '\t'])('requires a resolution (%p): CASE.FIELD_REQUIRED', (resolution) => {
      expectRefused(
        decide(
          caseAt('in_progress'),
          actor('coordinator', { inCurrentUnit: true }),
          { action: 'resolve', resolution },
          NOW,
        ),
        'CASE.FIELD_REQUIRED',
        'resolution',
      );
    });
  });

  describe('confirm', () => {
    const instructor = actor('instructor', { isEnterpriseInstructor: true });
    const enterprise = actor('enterprise', {}, 'link');

    it('closes the case (销号), recording the rating, its comment, who confirmed, and the time it was closed', () => {
      const before = caseAt('resolved');
      const { next, event } = expectOk(
        decide(before, instructor, { action: 'confirm', rating: 4, comment: ' 企业表示满意 ' }, NOW),
      );
      expect(next).toEqual({
        ...before,
        status: 'closed',
        satisfied: true,
        rating: 4,
        ratingComment: '企业表示满意',
        confirmedBy: 'staff',
        closedAt: NOW.toISOString(),
      });
      expect(event.payload).toEqual({
        satisfied: true,
        rating: 4,
        ratingComment: '企业表示满意',
        confirmedBy: 'staff',
        comment: '企业表示满意',
      });
    });

    /* rating → satisfied (derived: rating ≥ 4, still written for readers of the old yes/no figure) */
    it.each<[number, boolean]>([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, true],
    ])('rating %p closes the case with satisfied=%p', (rating, satisfied) => {
      const { next } = expectOk(decide(caseAt('resolved'), instructor, { action: 'confirm', rating }, NOW));
      expect(next).toMatchObject({ status: 'closed', rating, satisfied, ratingComment: null });
    });

    it('records the enterprise itself as the one who confirmed, when it answers through its link', () => {
      const { next, event } = expectOk(
        decide(caseAt('resolved'), enterprise, { action: 'confirm', rating: 5 }, NOW),
      );
      expect(next).toMatchObject({ status: 'closed', confirmedBy: 'enterprise' });
      expect(event.payload).toMatchObject({ confirmedBy: 'enterprise' });
    });

    it.each([undefined, null])('requires a rating (%p): CASE.FIELD_REQUIRED', (rating) => {
      expectRefused(
        decide(caseAt('resolved'), instructor, { action: 'confirm', rating }, NOW),
        'CASE.FIELD_REQUIRED',
        'rating',
      );
    });

    it.each([0, 6, 3.5, -1, Number.NaN])('refuses a rating outside 1..5 or not whole (%p)', (rating) => {
      expectRefused(
        decide(caseAt('resolved'), instructor, { action: 'confirm', rating }, NOW),
        'CASE.FIELD_REQUIRED',
        'rating',
      );
    });
  });

  describe('reopen', () => {
    const instructor = actor('instructor', { isEnterpriseInstructor: true });

    it('puts the case back in progress with its handler, not satisfied, no longer resolved', () => {
      const before = caseAt('resolved', 1);
      const { next, event } = expectOk(
        decide(before, instructor, { action: 'reopen', reason: '企业反映仍缺工' }, NOW),
      );
      expect(next).toEqual({
        ...before,
        status: 'in_progress',
        satisfied: false,
        rating: null,
        ratingComment: '企业反映仍缺工',
        confirmedBy: 'staff',
        resolvedAt: null,
      });
      expect(event).toMatchObject({
        type: 'reopen',
        reason: '企业反映仍缺工',
        payload: { satisfied: false, rating: null },
      });
    });

    it('records the rating of a refusal when one is given, and who gave it', () => {
      const { next, event } = expectOk(
        decide(
          caseAt('resolved'),
          actor('enterprise'),
          { action: 'reopen', reason: '仍缺工', rating: 2 },
          NOW,
        ),
      );
      expect(next).toMatchObject({
        status: 'in_progress',
        rating: 2,
        ratingComment: '仍缺工',
        confirmedBy: 'enterprise',
      });
      expect(event.payload).toMatchObject({ rating: 2, confirmedBy: 'enterprise' });
    });

    it.each([0, 6, 2.5])('refuses a refusal rating outside 1..5 (%p)', (rating) => {
      expectRefused(
        decide(caseAt('resolved'), instructor, { action: 'reopen', reason: '仍缺工', rating }, NOW),
        'CASE.FIELD_REQUIRED',
        'rating',
      );
    });

    it.each([undefined, null, ''])('requires a reason (%p): CASE.FIELD_REQUIRED', (reason) => {
      expectRefused(
        decide(caseAt('resolved'), instructor, { action: 'reopen', reason }, NOW),
        'CASE.FIELD_REQUIRED',
        'reason',
      );
    });
  });

  describe('overdue', () => {
    /* A case that reaches a new unit, or comes back to work, starts on new deadlines: it is no longer overdue. */
    it.each<[string, CaseSnapshot, Actor, CaseCommand, boolean]>([
      [
        'escalated',
        caseAt('in_progress', 0, { overdue: true }),
        actor('system'),
        validCommand('escalate', 0),
        false,
      ],
      [
        'returned',
        caseAt('escalated', 1, { overdue: true }),
        actor('bureau_officer', { inCurrentUnit: true }),
        validCommand('return', 1),
        false,
      ],
      [
        'reopened',
        caseAt('resolved', 0, { overdue: true }),
        actor('instructor', { isEnterpriseInstructor: true }),
        validCommand('reopen', 0),
        false,
      ],
      [
        'assigned',
        caseAt('open', 0, { overdue: true }),
        actor('coordinator', { inCurrentUnit: true }),
        validCommand('assign', 0),
        true,
      ],
      [
        'accepted',
        caseAt('escalated', 1, { overdue: true }),
        actor('bureau_officer', { inCurrentUnit: true }),
        validCommand('accept', 1),
        true,
      ],
      [
        'resolved',
        caseAt('in_progress', 0, { overdue: true }),
        actor('coordinator', { inCurrentUnit: true }),
        validCommand('resolve', 0),
        true,
      ],
      [
        'urged',
        caseAt('in_progress', 0, { overdue: true }),
        actor('manager', { isManagerAbove: true }),
        validCommand('urge', 0),
        true,
      ],
    ])('an overdue case that is %s is still overdue: %p', (_what, before, who, command, stillOverdue) => {
      expect(expectOk(decide(before, who, command, NOW)).next.overdue).toBe(stillOverdue);
    });
  });

  describe('comment, urge and cancel', () => {
    it('records a comment without changing the case', () => {
      const before = caseAt('escalated', 1);
      const { next, event } = expectOk(
        decide(
          before,
          actor('manager', { isManagerAbove: true }),
          { action: 'comment', comment: '请关注' },
          NOW,
        ),
      );
      expect(next).toEqual(before);
      expect(event).toMatchObject({
        type: 'comment',
        fromStatus: 'escalated',
        toStatus: 'escalated',
        payload: { comment: '请关注' },
      });
    });

    it.each([undefined, null, '  '])('requires the comment text (%p): CASE.FIELD_REQUIRED', (comment) => {
      expectRefused(
        decide(
          caseAt('open'),
          actor('coordinator', { inCurrentUnit: true }),
          { action: 'comment', comment },
          NOW,
        ),
        'CASE.FIELD_REQUIRED',
        'comment',
      );
    });

    it.each([
      ['with a reason', '请今日办结', '请今日办结'],
      ['without a reason', undefined, null],
    ])('records an urge (督办) %s without changing the case', (_what, reason, recorded) => {
      const before = caseAt('in_progress');
      const { next, event } = expectOk(
        decide(before, actor('manager', { isManagerAbove: true }), { action: 'urge', reason }, NOW),
      );
      expect(next).toEqual(before);
      expect(event).toMatchObject({ type: 'urge', toStatus: 'in_progress', reason: recorded, payload: {} });
    });

    it('cancels an open case with a reason', () => {
      const { next, event } = expectOk(
        decide(
          caseAt('open'),
          actor('instructor', { isOpener: true }),
          { action: 'cancel', reason: '重复登记' },
          NOW,
        ),
      );
      expect(next.status).toBe('cancelled');
      expect(event).toMatchObject({ type: 'cancel', toStatus: 'cancelled', reason: '重复登记' });
    });

    it.each([undefined, null, ''])('requires a reason to cancel (%p): CASE.FIELD_REQUIRED', (reason) => {
      expectRefused(
        decide(
          caseAt('open'),
          actor('coordinator', { inCurrentUnit: true }),
          { action: 'cancel', reason },
          NOW,
        ),
        'CASE.FIELD_REQUIRED',
        'reason',
      );
    });
  });

  it('never changes the snapshot it is given', () => {
    const before = caseAt('in_progress', 1);
    const frozen = Object.freeze({
      ...before,
      returnUnitIds: Object.freeze([...before.returnUnitIds]) as string[],
    });
    const who = actor('bureau_officer', { inCurrentUnit: true });
    expectOk(
      decide(
        frozen,
        who,
        { action: 'escalate', reason: '需市级统筹', target: { unitId: CITY_BUREAU, level: 2 } },
        NOW,
      ),
    );
    expectOk(decide(frozen, who, { action: 'return', reason: '不属本部门' }, NOW));
    expect(frozen).toEqual(before);
  });
});

describe(applyEvent.name, () => {
  it('starts a case from its open event', () => {
    expect(applyEvent(null, openEvent(TOWN), OPENED_AT)).toEqual<CaseSnapshot>({
      status: 'open',
      level: 0,
      unitId: TOWN,
      ...UNTOUCHED,
    });
  });

  it('starts from a case nobody worked on: every other field empty (null, false or no entries), fresh each time', () => {
    const blank = untouchedCase();
    const set = Object.entries(blank).filter(
      ([, v]) => !(v === null || v === false || (Array.isArray(v) && v.length === 0)),
    );
    expect(set).toEqual([]);
    expect(Object.keys(blank)).toHaveLength(14);
    expect(untouchedCase().returnUnitIds).not.toBe(blank.returnUnitIds);
  });

  it('keeps resolvedAt when a resolved case is resolved again, and closedAt when commented after closing', () => {
    const resolved = caseAt('resolved');
    expect(
      applyEvent(resolved, { type: 'comment', toStatus: 'resolved', toUnitId: TOWN, payload: {} }, OPENED_AT),
    ).toEqual(resolved);
    const closed = caseAt('closed');
    expect(
      applyEvent(closed, { type: 'comment', toStatus: 'closed', toUnitId: TOWN, payload: {} }, OPENED_AT),
    ).toEqual(closed);
  });
});

describe(openEvent.name, () => {
  it('opens the case at the town with no previous status', () => {
    expect(openEvent(TOWN, '企业登记')).toEqual({
      type: 'open',
      fromStatus: null,
      toStatus: 'open',
      fromUnitId: null,
      toUnitId: TOWN,
      reason: '企业登记',
      payload: { level: 0, assigneeId: null, returnUnitIds: [], overdue: false },
    });
    expect(openEvent(TOWN).reason).toBeNull();
  });
});

describe(foldEvents.name, () => {
  it('folds no events into no case', () => {
    expect(foldEvents([])).toBeNull();
  });

  it("rebuilds, after every event of a case's life, the snapshot decide() answered", () => {
    const coordinator = actor('coordinator', { inCurrentUnit: true }, 'user-coord');
    const county = actor('bureau_officer', { inCurrentUnit: true }, 'user-county');
    const city = actor('bureau_officer', { inCurrentUnit: true }, 'user-city');
    const instructor = actor('instructor', { isEnterpriseInstructor: true, isOpener: true }, 'user-instr');
    const manager = actor('manager', { isManagerAbove: true }, 'user-mgr');
    /** Each step is an action decided by the rules, or a deadline the worker finds passed. */
    const story: Array<[Actor, CaseCommand] | 'respond deadline passed'> = [
      [coordinator, { action: 'assign', assigneeId: 'user-zhang', assigneeInCurrentUnit: true }],
      [
        coordinator,
        { action: 'escalate', reason: '镇级无法解决', target: { unitId: COUNTY_BUREAU, level: 1 } },
      ],
      'respond deadline passed',
      [county, { action: 'accept' }],
      [county, { action: 'escalate', reason: '需市级统筹', target: { unitId: CITY_BUREAU, level: 2 } }],
      [manager, { action: 'urge', reason: '请加快' }],
      [city, { action: 'return', reason: '应由县局办理' }],
      [county, { action: 'accept', reason: '接收' }],
      [county, { action: 'resolve', resolution: '已协调' }],
      [instructor, { action: 'reopen', reason: '企业不满意', rating: 2 }],
      [county, { action: 'comment', comment: '再次对接' }],
      [county, { action: 'resolve', resolution: '已解决招工 30 人' }],
      [actor('enterprise', {}, 'link'), { action: 'confirm', rating: 4, comment: '满意' }],
    ];

    let t = Date.parse(OPENED_AT);
    const events = [{ ...openEvent(TOWN), at: OPENED_AT }];
    let current = foldEvents(events) as CaseSnapshot;
    for (const step of story) {
      const now = new Date((t += 3_600_000));
      let next: CaseSnapshot;
      if (step === 'respond deadline passed') {
        const event = markOverdue(current, 'respond') as CaseEventDraft;
        next = applyEvent(current, event, now.toISOString());
        events.push({ ...event, at: now.toISOString() });
      } else {
        const decision = expectOk(decide(current, step[0], step[1], now));
        next = decision.next;
        events.push({ ...decision.event, at: now.toISOString() });
      }
      expect(foldEvents(events)).toEqual(next);
      current = next;
    }

    expect(current).toMatchObject({
      status: 'closed',
      level: 1,
      unitId: COUNTY_BUREAU,
      assigneeId: 'user-county',
      returnUnitIds: [TOWN],
      resolution: '已解决招工 30 人',
      satisfied: true,
      rating: 4,
      ratingComment: '满意',
      confirmedBy: 'enterprise',
      resolvedAt: '2026-03-02T13:00:00.000Z',
      closedAt: '2026-03-02T14:00:00.000Z',
    });
  });
});

describe(markOverdue.name, () => {
  /* deadline × status → is an overdue event recorded? */
  it.each<[CaseStatus, 'respond' | 'resolve', boolean]>([
    ['open', 'respond', true],
    ['escalated', 'respond', true],
    ['in_progress', 'respond', false],
    ['resolved', 'respond', false],
    ['closed', 'respond', false],
    ['cancelled', 'respond', false],
    ['open', 'resolve', true],
    ['in_progress', 'resolve', true],
    ['escalated', 'resolve', true],
    ['resolved', 'resolve', false],
    ['closed', 'resolve', false],
    ['cancelled', 'resolve', false],
  ])('when a case is %s and its %s deadline passes, records an event: %p', (status, deadline, recorded) => {
    const snapshot = caseAt(status, status === 'escalated' ? 1 : 0);
    const event = markOverdue(snapshot, deadline);
    if (!recorded) {
      expect(event).toBeNull();
      return;
    }
    expect(event).toEqual({
      type: 'overdue',
      fromStatus: status,
      toStatus: status,
      fromUnitId: snapshot.unitId,
      toUnitId: snapshot.unitId,
      reason: expect.any(String),
      payload: { overdue: true, deadline },
    });
    expect(applyEvent(snapshot, event as CaseEventDraft, NOW.toISOString())).toEqual({
      ...snapshot,
      overdue: true,
      missedDeadline: deadline,
    });
  });

  it.each(['respond', 'resolve'] as const)(
    'records nothing when the case is already overdue (%s)',
    (deadline) => {
      expect(markOverdue(caseAt('open', 0, { overdue: true }), deadline)).toBeNull();
    },
  );
});
