import type { UnitDto } from '@taizhang/contracts';
import { unitBreadcrumb } from './breadcrumb';

const unit = (id: string, kind: UnitDto['kind'], parentId: string | null): UnitDto => ({
  id,
  code: id,
  name: id,
  kind,
  parentId,
  active: true,
});
const UNITS: UnitDto[] = [
  unit('city', 'city', null),
  unit('xinzheng', 'county', 'city'),
  unit('zhongmou', 'county', 'city'),
  unit('guodian', 'town', 'xinzheng'),
  unit('grid1', 'grid', 'guodian'),
];
const ids = (units: UnitDto[]) => units.map((u) => u.id);

describe('unitBreadcrumb', () => {
  it('goes from the user’s own unit down to the current one', () => {
    expect(ids(unitBreadcrumb(UNITS, 'xinzheng', 'grid1'))).toEqual(['xinzheng', 'guodian', 'grid1']);
  });

  it('is the own unit alone when no unit (or the own one) is chosen', () => {
    expect(ids(unitBreadcrumb(UNITS, 'xinzheng', null))).toEqual(['xinzheng']);
    expect(ids(unitBreadcrumb(UNITS, 'xinzheng', undefined))).toEqual(['xinzheng']);
    expect(ids(unitBreadcrumb(UNITS, 'xinzheng', ''))).toEqual(['xinzheng']);
    expect(ids(unitBreadcrumb(UNITS, 'xinzheng', 'xinzheng'))).toEqual(['xinzheng']);
  });

  it('gives nothing for a unit outside the jurisdiction or unknown', () => {
    expect(unitBreadcrumb(UNITS, 'xinzheng', 'zhongmou')).toEqual([]);
    expect(unitBreadcrumb(UNITS, 'xinzheng', 'city')).toEqual([]);
    expect(unitBreadcrumb(UNITS, 'xinzheng', 'nope')).toEqual([]);
    expect(unitBreadcrumb([], 'xinzheng', 'grid1')).toEqual([]);
  });

  it('starts at the root for a user without a unit', () => {
    expect(ids(unitBreadcrumb(UNITS, null, 'guodian'))).toEqual(['city', 'xinzheng', 'guodian']);
    expect(unitBreadcrumb(UNITS, null, null)).toEqual([]);
  });

  it('stops on a cycle', () => {
    const cyclic = [unit('a', 'town', 'b'), unit('b', 'town', 'a')];
    expect(unitBreadcrumb(cyclic, 'x', 'a')).toEqual([]);
    expect(ids(unitBreadcrumb(cyclic, null, 'a'))).toEqual(['b', 'a']);
  });
});
