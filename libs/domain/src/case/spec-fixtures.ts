import {
  Actor,
  ActorRelation,
  ActorRole,
  CaseAction,
  CaseCommand,
  CaseLevel,
  CaseSnapshot,
  CaseStatus,
  NO_RELATION,
} from './case.types';
import { untouchedCase } from './case.state-machine';

/** Helpers of the case specs (not exported by the library). */

/* ------------------------------------------------------------------------------------------------
 * The world of these specs: a town service team (专班), the county labour bureau it escalates to, and the
 * city labour bureau above that (the top).
 * ---------------------------------------------------------------------------------------------- */
export const TOWN = 'unit-town-xinqiao';
export const COUNTY_BUREAU = 'unit-county-labor';
export const CITY_BUREAU = 'unit-city-labor';
/** Where a case at each level sits, and where the routing rules send it next. */
export const UNIT_AT: Record<CaseLevel, string> = { 0: TOWN, 1: COUNTY_BUREAU, 2: CITY_BUREAU };
export const RETURN_PATH: Record<CaseLevel, string[]> = { 0: [], 1: [TOWN], 2: [TOWN, COUNTY_BUREAU] };

export const OPENED_AT = '2026-03-02T01:00:00.000Z'; // Mon 09:00 Asia/Shanghai
export const NOW = new Date('2026-03-02T02:00:00.000Z'); // Mon 10:00 Asia/Shanghai

/** What a case holds before anyone worked on it (the state machine's own defaults). */
export const UNTOUCHED: Omit<CaseSnapshot, 'status' | 'level' | 'unitId'> = untouchedCase();

/** A plausible case in `status`, held at `level` by the unit of that level. */
export function caseAt(
  status: CaseStatus,
  level: CaseLevel = 0,
  overrides: Partial<CaseSnapshot> = {},
): CaseSnapshot {
  const worked = status !== 'open' && status !== 'escalated';
  const done = status === 'resolved' || status === 'closed';
  const closed = status === 'closed';
  return {
    ...UNTOUCHED,
    status,
    level,
    unitId: UNIT_AT[level],
    assigneeId: worked ? 'user-handler' : null,
    returnUnitIds: [...RETURN_PATH[level]],
    resolution: done ? '已协调人社局组织专场招聘会，补齐用工 30 人' : null,
    satisfied: closed ? true : null,
    rating: closed ? 5 : null,
    confirmedBy: closed ? 'staff' : null,
    resolvedAt: done ? '2026-03-01T08:00:00.000Z' : null,
    closedAt: closed ? '2026-03-01T09:00:00.000Z' : null,
    ...overrides,
  };
}

export function actor(role: ActorRole, relation: Partial<ActorRelation> = {}, id = `user-${role}`): Actor {
  return { id, role, relation: { ...NO_RELATION, ...relation } };
}

/** A complete, valid command for the action on a case at `level`: only the rules can refuse it. */
export function validCommand(action: CaseAction, level: CaseLevel): CaseCommand {
  switch (action) {
    case 'assign':
      return { action, assigneeId: 'user-handler-2', assigneeInCurrentUnit: true };
    case 'accept':
      return { action };
    case 'escalate': {
      const up = Math.min(level + 1, 2) as CaseLevel;
      return { action, reason: '本级无法协调解决', target: { unitId: UNIT_AT[up], level: up } };
    }
    case 'return':
      return { action, reason: '不属本部门职责' };
    case 'resolve':
      return { action, resolution: '已协调解决' };
    case 'confirm':
      return { action, rating: 5 };
    case 'reopen':
      return { action, reason: '企业反映问题仍未解决' };
    case 'comment':
      return { action, comment: '已电话联系企业负责人' };
    case 'urge':
      return { action, reason: '请于今日内办结' };
    case 'cancel':
      return { action, reason: '重复登记' };
    case 'request_extension':
      return {
        action,
        reason: '需协调外部单位',
        until: new Date(NOW.getTime() + 86_400_000),
        resolveBy: NOW,
      };
    case 'approve_extension':
      return { action };
    case 'deny_extension':
      return { action, reason: '可按期办结' };
  }
}
