import type { DailyReportDto, UnitDto } from '@taizhang/contracts';
import { dayRows, defaultRange, effectiveRange, reportUnits, totals } from './daily-reports';

const unit = (id: string, kind: UnitDto['kind'], parentId: string | null, code = id): UnitDto => ({
  id,
  code,
  name: id,
  kind,
  parentId,
  active: true,
});
const UNITS: UnitDto[] = [
  unit('city', 'city', null, '4101'),
  unit('xinzheng', 'county', 'city', '410184'),
  unit('zhongmou', 'county', 'city', '410122'),
  unit('guodian', 'town', 'xinzheng', '410184101'),
  unit('xuedian', 'town', 'xinzheng', '410184100'),
  unit('grid1', 'grid', 'guodian', '410184101001'),
  unit('bureau', 'bureau', 'xinzheng', '410184B1'),
  unit('town-zm', 'town', 'zhongmou', '410122100'),
];
const report = (unitId: string, reportDate: string, n: number): DailyReportDto => ({
  unitId,
  unitName: unitId,
  unitKind: 'county',
  reportDate,
  opened: n,
  solved: n + 1,
  pending: n + 2,
  overdue: n + 3,
  frozenAt: `${reportDate}T16:05:00Z`,
});

describe('daily reports', () => {
  describe('dates (Asia/Shanghai)', () => {
    it('defaults to the 14 days up to yesterday (today is not frozen yet)', () => {
      expect(defaultRange(new Date('2026-03-02T04:00:00Z'))).toEqual({
        from: '2026-02-16',
        to: '2026-03-01',
      });
    });

    it('uses the address’s dates, fills a missing end 14 days on, swaps a reversed range, ignores junk', () => {
      const now = new Date('2026-03-02T04:00:00Z');
      expect(effectiveRange(now, '2026-01-01', '2026-01-31')).toEqual({
        from: '2026-01-01',
        to: '2026-01-31',
      });
      expect(effectiveRange(now, '2026-01-01', undefined)).toEqual({ from: '2026-01-01', to: '2026-01-14' });
      expect(effectiveRange(now, undefined, '2026-01-31')).toEqual({ from: '2026-01-18', to: '2026-01-31' });
      expect(effectiveRange(now, '2026-01-31', '2026-01-01')).toEqual({
        from: '2026-01-01',
        to: '2026-01-31',
      });
      expect(effectiveRange(now, 'x', 'y')).toEqual(defaultRange(now));
    });
  });

  describe('reportUnits (jurisdiction)', () => {
    it('a county manager: his county and its towns, no grids or bureaus, in tree order', () => {
      expect(reportUnits(UNITS, 'manager', 'xinzheng').map((u) => u.id)).toEqual([
        'xinzheng',
        'xuedian',
        'guodian',
      ]);
    });

    it('a coordinator: his own town only', () => {
      expect(reportUnits(UNITS, 'coordinator', 'guodian').map((u) => u.id)).toEqual(['guodian']);
    });

    it('an admin: the whole tree from the city', () => {
      expect(reportUnits(UNITS, 'admin', null).map((u) => u.id)).toEqual([
        'city',
        'zhongmou',
        'town-zm',
        'xinzheng',
        'xuedian',
        'guodian',
      ]);
    });

    it('someone whose unit has no reports (a bureau, none): nothing', () => {
      expect(reportUnits(UNITS, 'manager', 'bureau')).toEqual([]);
      expect(reportUnits(UNITS, 'manager', null)).toEqual([]);
    });
  });

  describe('dayRows / totals', () => {
    const reports = [
      report('xinzheng', '2026-03-01', 1),
      report('xinzheng', '2026-02-27', 10),
      report('guodian', '2026-03-01', 100),
    ];

    it('one row per day, newest first, only the chosen unit, null where nothing was frozen', () => {
      const rows = dayRows(reports, 'xinzheng', '2026-02-27', '2026-03-01');
      expect(rows.map((r) => [r.date, r.report?.opened ?? null])).toEqual([
        ['2026-03-01', 1],
        ['2026-02-28', null],
        ['2026-02-27', 10],
      ]);
    });

    it('adds opened and solved; pending and overdue are the latest frozen day’s', () => {
      const rows = dayRows(reports, 'xinzheng', '2026-02-27', '2026-03-01');
      expect(totals(rows)).toEqual({ opened: 11, solved: 13, pending: 3, overdue: 4 });
      expect(totals(dayRows([], 'xinzheng', '2026-02-27', '2026-03-01'))).toEqual({
        opened: 0,
        solved: 0,
        pending: null,
        overdue: null,
      });
    });
  });
});
