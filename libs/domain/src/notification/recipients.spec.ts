import { NOTIFICATION_KINDS, NotificationKind } from './notification';
import { RECIPIENT_RULES, RecipientCandidate, RecipientCase, recipientsOf } from './recipients';

/** A bureau (its county above it) holding a case of an enterprise with two instructors. */
const BUREAU = 'bureau';
const COUNTY = 'county';
const TOWN = 'town';
const users: RecipientCandidate[] = [
  { id: 'assignee', role: 'bureau_officer', unitId: BUREAU, active: true },
  { id: 'officer', role: 'bureau_officer', unitId: BUREAU, active: true },
  { id: 'off-away', role: 'bureau_officer', unitId: 'other-bureau', active: true },
  { id: 'bureau-mgr', role: 'manager', unitId: BUREAU, active: true },
  { id: 'county-mgr', role: 'manager', unitId: COUNTY, active: true },
  { id: 'town-coord', role: 'coordinator', unitId: TOWN, active: true },
  { id: 'instr', role: 'instructor', unitId: TOWN, active: true },
  { id: 'instr-2', role: 'instructor', unitId: TOWN, active: true },
  { id: 'instr-other', role: 'instructor', unitId: TOWN, active: true },
  { id: 'gone', role: 'bureau_officer', unitId: BUREAU, active: false },
  { id: 'admin', role: 'admin', unitId: null, active: true },
];
const atBureau: RecipientCase = {
  unitId: BUREAU,
  parentUnitId: COUNTY,
  assigneeId: 'assignee',
  enterpriseInstructorIds: ['instr', 'instr-2'],
};
const unassigned: RecipientCase = { ...atBureau, assigneeId: null };
const atTown: RecipientCase = {
  unitId: TOWN,
  parentUnitId: COUNTY,
  assigneeId: null,
  enterpriseInstructorIds: ['instr'],
};

describe(recipientsOf.name, () => {
  it.each<[NotificationKind, RecipientCase, string | null, string[]]>([
    ['opened', atTown, 'instr', ['town-coord']],
    ['opened', atTown, 'town-coord', []],
    ['assigned', atBureau, 'officer', ['assignee']],
    ['assigned', atBureau, 'assignee', []],
    ['escalated_to_unit', unassigned, 'town-coord', ['assignee', 'officer', 'county-mgr']],
    ['escalated_to_unit', unassigned, null, ['assignee', 'officer', 'county-mgr']],
    ['returned', atTown, 'officer', ['town-coord']],
    ['returned', { ...atTown, assigneeId: 'town-coord' }, 'officer', ['town-coord']],
    ['returned', atBureau, 'county-mgr', ['assignee', 'officer']],
    ['resolved', atBureau, 'assignee', ['instr', 'instr-2']],
    ['resolved', atTown, 'town-coord', ['instr']],
    ['reopened', atBureau, 'instr', ['assignee', 'officer', 'bureau-mgr', 'county-mgr']],
    ['urged', atBureau, 'county-mgr', ['assignee', 'bureau-mgr']],
    ['urged', unassigned, 'county-mgr', ['assignee', 'officer', 'bureau-mgr']],
    ['deadline_near', atBureau, null, ['assignee', 'officer', 'bureau-mgr', 'county-mgr']],
    ['deadline_near', atTown, null, ['county-mgr', 'town-coord']],
    ['deadline_missed', atBureau, null, ['assignee', 'officer', 'bureau-mgr', 'county-mgr']],
    ['extension_requested', atBureau, 'officer', ['county-mgr']],
    ['extension_requested', atTown, 'town-coord', ['county-mgr']],
    ['extension_approved', { ...atBureau, extensionRequesterId: 'officer' }, 'county-mgr', ['officer']],
    ['extension_denied', { ...atTown, extensionRequesterId: 'town-coord' }, 'county-mgr', ['town-coord']],
    ['extension_denied', atTown, 'county-mgr', []],
  ])('%s (%j) by %s → %j', (kind, c, actor, expected) => {
    expect(recipientsOf(kind, c, users, actor)).toEqual(expected);
  });

  it('tells no inactive user, and has rules for every kind', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(RECIPIENT_RULES[kind].length).toBeGreaterThan(0);
      expect(recipientsOf(kind, atBureau, users, null)).not.toContain('gone');
    }
  });
});
