import type { Role } from '../case/case.types';
import { EnterpriseFigures, checkVisit, mayRecordVisit, visitedWithin } from './visit.policy';

const NOW = new Date('2026-11-30T08:00:00Z');
const DAY = 86_400_000;
const ENT: EnterpriseFigures = { resumption: 'resumed', headcount: 100, returnedHeadcount: 60 };

describe('mayRecordVisit', () => {
  it.each<[Role, boolean, boolean, boolean]>([
    // role, instructor of the enterprise, coordinator of its town, may record
    ['instructor', true, false, true],
    ['instructor', false, false, false],
    ['coordinator', false, true, true],
    ['coordinator', false, false, false],
    ['manager', false, false, false],
    ['manager', true, true, false],
    ['bureau_officer', false, false, false],
    ['admin', false, false, false],
  ])(
    '%s (own instructor %s, town coordinator %s) → %s',
    (role, isEnterpriseInstructor, coordinatesEnterpriseTown, ok) => {
      const r = mayRecordVisit({ role, isEnterpriseInstructor, coordinatesEnterpriseTown });
      expect(r.ok).toBe(ok);
      if (!r.ok) expect(r.code).toBe('VISIT.NOT_ALLOWED');
    },
  );
});

describe('checkVisit', () => {
  it.each<[string, Parameters<typeof checkVisit>[0], string | null]>([
    ['a visit an hour ago', { visitedAt: new Date(NOW.getTime() - 3_600_000), note: '正常生产' }, null],
    ['a visit now', { visitedAt: NOW, note: 'ok' }, null],
    ['a phone clock 4 minutes ahead', { visitedAt: new Date(NOW.getTime() + 4 * 60_000), note: 'ok' }, null],
    ['tomorrow', { visitedAt: new Date(NOW.getTime() + DAY), note: 'ok' }, 'visitedAt'],
    ['89 days ago', { visitedAt: new Date(NOW.getTime() - 89 * DAY), note: 'ok' }, null],
    ['91 days ago', { visitedAt: new Date(NOW.getTime() - 91 * DAY), note: 'ok' }, 'visitedAt'],
    ['year 1970', { visitedAt: new Date(0), note: 'ok' }, 'visitedAt'],
    ['an invalid date', { visitedAt: new Date('x'), note: 'ok' }, 'visitedAt'],
    ['an empty note', { visitedAt: NOW, note: '   ' }, 'note'],
    ['a note of 2001 characters', { visitedAt: NOW, note: 'x'.repeat(2001) }, 'note'],
    ['3 problems raised', { visitedAt: NOW, note: 'ok', problemsRaised: 3 }, null],
    ['-1 problems', { visitedAt: NOW, note: 'ok', problemsRaised: -1 }, 'problemsRaised'],
    ['1.5 problems', { visitedAt: NOW, note: 'ok', problemsRaised: 1.5 }, 'problemsRaised'],
    ['101 problems', { visitedAt: NOW, note: 'ok', problemsRaised: 101 }, 'problemsRaised'],
    ['returned = headcount', { visitedAt: NOW, note: 'ok', returnedHeadcount: 100 }, null],
    ['returned > headcount', { visitedAt: NOW, note: 'ok', returnedHeadcount: 101 }, 'returnedHeadcount'],
    ['returned < 0', { visitedAt: NOW, note: 'ok', returnedHeadcount: -1 }, 'returnedHeadcount'],
    ['an unknown status', { visitedAt: NOW, note: 'ok', resumption: 'closed' as never }, 'resumption'],
  ])('%s', (_name, input, field) => {
    const r = checkVisit(input, ENT, NOW);
    expect(r.ok ? null : r.field).toBe(field);
    if (!r.ok) expect(r.code).toBe('VISIT.INVALID');
  });

  it.each<[string, Parameters<typeof checkVisit>[0], EnterpriseFigures | null]>([
    ['no figures: no change', { visitedAt: NOW, note: 'ok' }, null],
    [
      'the same figures: no change',
      { visitedAt: NOW, note: 'ok', resumption: 'resumed', returnedHeadcount: 60 },
      null,
    ],
    [
      'full capacity, all back',
      { visitedAt: NOW, note: 'ok', resumption: 'full_capacity', returnedHeadcount: 100 },
      { resumption: 'full_capacity', headcount: 100, returnedHeadcount: 100 },
    ],
    [
      'only the headcount',
      { visitedAt: NOW, note: 'ok', returnedHeadcount: 80 },
      { resumption: 'resumed', headcount: 100, returnedHeadcount: 80 },
    ],
    [
      'only the status',
      { visitedAt: NOW, note: 'ok', resumption: 'not_resumed' },
      { resumption: 'not_resumed', headcount: 100, returnedHeadcount: 60 },
    ],
  ])('%s', (_name, input, figures) => {
    const r = checkVisit(input, ENT, NOW);
    expect(r.ok && r.visit.figures).toEqual(r.ok ? figures : false);
  });

  it('trims the note and counts no problems by default', () => {
    const r = checkVisit({ visitedAt: NOW, note: '  复工正常  ' }, ENT, NOW);
    expect(r.ok && r.visit).toMatchObject({ note: '复工正常', problemsRaised: 0 });
  });
});

describe('visitedWithin', () => {
  it.each<[Date | null, number, boolean]>([
    [null, 7, false],
    [new Date(NOW.getTime() - 6 * DAY), 7, true],
    [new Date(NOW.getTime() - 8 * DAY), 7, false],
    [new Date(NOW.getTime() - 8 * DAY), 30, true],
  ])('%s within %d days → %s', (at, days, expected) => {
    expect(visitedWithin(at, days, NOW)).toBe(expected);
  });
});
