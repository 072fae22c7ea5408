import type { ParamMap } from '@angular/router';
import {
  CASE_SORT_FIELDS,
  CASE_STATUSES,
  type CaseListQuery,
  type CaseStatus,
  type Role,
} from '@taizhang/contracts';

export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

type CaseSort = NonNullable<CaseListQuery['sort']>;
const CASE_SORTS: readonly string[] = CASE_SORT_FIELDS.flatMap((f) => [f, `-${f}`]);
/** A sort the API knows (a field, `-` for descending); any other one in the URL is left out. */
function isCaseSort(s: string): s is CaseSort {
  return CASE_SORTS.includes(s);
}

/** The ledger's filters live in the URL, so a dashboard number can link to a filtered ledger. */
export function queryFromParams(params: ParamMap): CaseListQuery {
  const statuses = params
    .getAll('status')
    .filter((s): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s));
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const level = params.get('level');
  const query: CaseListQuery = {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
  if (statuses.length) query.status = statuses;
  const category = params.get('category');
  if (category) query.category = category;
  const q = params.get('q');
  if (q) query.q = q;
  const unitId = params.get('unitId');
  if (unitId) query.unitId = unitId;
  if (level === '0' || level === '1' || level === '2') query.level = Number(level) as 0 | 1 | 2;
  if (params.get('overdue') === 'true') query.overdue = true;
  const enterpriseId = params.get('enterpriseId');
  if (enterpriseId) query.enterpriseId = enterpriseId;
  const assigneeId = params.get('assigneeId');
  if (assigneeId) query.assigneeId = assigneeId;
  const sort = params.get('sort');
  if (sort && isCaseSort(sort)) query.sort = sort;
  return query;
}

/** A preset view of the ledger (an inbox tab): its key names its label (`inbox.<key>`) and test id. */
export interface InboxTab {
  key: 'all' | 'new' | 'mine' | 'escalated' | 'toAccept' | 'pending' | 'toConfirm' | 'overdue';
  params: Record<string, string | string[]>;
}

/** The inbox tabs of each role: the filters it works from every day (DESIGN §2). */
export function inboxTabs(role: Role | null, userId: string | null): InboxTab[] {
  const all: InboxTab = { key: 'all', params: {} };
  const overdue: InboxTab = { key: 'overdue', params: { overdue: 'true' } };
  const mine: InboxTab[] = userId ? [{ key: 'mine', params: { assigneeId: userId } }] : [];
  switch (role) {
    case 'instructor':
      return [
        all,
        { key: 'pending', params: { status: ['open', 'in_progress', 'escalated'] } },
        { key: 'toConfirm', params: { status: ['resolved'] } },
        overdue,
      ];
    case 'coordinator':
      return [
        all,
        { key: 'new', params: { status: ['open'] } },
        ...mine,
        { key: 'escalated', params: { status: ['escalated'] } },
        overdue,
      ];
    case 'bureau_officer':
      return [all, { key: 'toAccept', params: { status: ['escalated'] } }, ...mine, overdue];
    case 'manager':
    case 'admin':
      return [
        all,
        { key: 'new', params: { status: ['open'] } },
        { key: 'escalated', params: { status: ['escalated'] } },
        overdue,
      ];
    default:
      return [all];
  }
}

/** Whether the ledger's filters are exactly those of a tab (paging and sorting aside). */
export function isTabActive(tab: InboxTab, query: CaseListQuery): boolean {
  const status =
    query.status === undefined ? [] : Array.isArray(query.status) ? query.status : [query.status];
  const wanted = tab.params['status'];
  const wantedStatus = wanted === undefined ? [] : Array.isArray(wanted) ? wanted : [wanted];
  return (
    [...status].sort().join(',') === [...wantedStatus].sort().join(',') &&
    (query.overdue ? 'true' : undefined) === tab.params['overdue'] &&
    query.assigneeId === tab.params['assigneeId'] &&
    !query.q &&
    !query.category &&
    !query.unitId &&
    query.level === undefined &&
    !query.enterpriseId
  );
}
