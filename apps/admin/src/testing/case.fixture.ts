import type { CaseDto } from '@taizhang/contracts';

/** A case of the unit tests: 宏达机械's missing workers at town-1, open, unassigned; `changes` set the rest. */
export function aCase(changes: Partial<CaseDto> = {}): CaseDto {
  return {
    id: 'c1',
    ledgerNo: 'T01-2020-0001',
    enterpriseId: 'e1',
    enterprise: { id: 'e1', name: '宏达机械' },
    categoryCode: 'labor',
    title: '缺工 30 人',
    description: '急需普工',
    priority: 'normal',
    status: 'open',
    level: 0,
    unitId: 'town-1',
    assigneeId: null,
    respondBy: null,
    resolveBy: null,
    overdue: false,
    resolution: null,
    satisfied: null,
    rating: null,
    ratingComment: null,
    confirmedBy: null,
    missedDeadline: null,
    extensionUntil: null,
    extendedLevels: [],
    returnedFromUnitId: null,
    openedById: 'u0',
    openedAt: '2020-03-01T01:00:00Z',
    resolvedAt: null,
    closedAt: null,
    version: 1,
    ...changes,
  };
}
