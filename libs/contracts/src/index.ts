/**
 * HTTP contract of the taizhang API (DESIGN §6): what the admin app and outside clients send and receive.
 * camelCase JSON, UUID ids, ISO 8601 times with offset.
 */
import type {
  CaseAction,
  CaseEventType,
  CaseLevel,
  CasePriority,
  CaseStatus,
  DeadlineKind,
  Role,
} from '@taizhang/domain';

export type { CaseAction, CaseEventType, CaseLevel, CasePriority, CaseStatus, Role } from '@taizhang/domain';
export {
  CASE_ACTIONS,
  CASE_STATUSES,
  CASE_PRIORITIES,
  ROLES,
  PENDING_STATUSES,
  SOLVED_STATUSES,
} from '@taizhang/domain';

// ---------- errors (RFC 9457 problem details) ----------
export interface ProblemFieldError {
  field: string;
  message: string;
}
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** A stable machine-readable code, e.g. `CASE.STALE_VERSION` (the document lists them as an enum). */
  code: string;
  errors?: ProblemFieldError[];
  /** On a stale-version 409: the version the case has now. */
  currentVersion?: number;
  instance?: string;
}

// ---------- auth ----------
export interface LoginRequest {
  username: string;
  password: string;
}
export interface LoginResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserDto;
}
export interface MeResponse extends UserDto {
  unit: UnitDto | null;
}
/** POST /api/auth/password: change one's own password (the current one proves it is you). */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}
/** Answer of POST /api/auth/password: a fresh token (the change ended every other session). */
export type ChangePasswordResponse = LoginResponse;

// ---------- administration ----------
export const UNIT_KINDS = ['city', 'county', 'town', 'grid', 'bureau'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitDto {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  categoryCodes?: string[];
  /** false: disabled, kept for old cases but not offered for new work (the API always sends it). */
  active?: boolean;
}
export interface CreateUnitRequest {
  code: string;
  name: string;
  kind: UnitKind;
  parentId?: string | null;
  categoryCodes?: string[];
}

export interface UpdateUnitRequest {
  name?: string;
  /** For a bureau: the categories it handles. */
  categoryCodes?: string[];
  active?: boolean;
}
/** GET /api/units/search: one page of units, for pickers. */
export interface UnitSearchQuery {
  q?: string;
  kind?: UnitKind;
  /** Only enabled units (the default for pickers of new work), only disabled ones, or both. */
  active?: 'true' | 'false' | 'all';
  page?: number;
  pageSize?: number;
}

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  phone?: string | null;
  /** false: disabled, cannot sign in. */
  active: boolean;
  /** An admin reset the password: the user must choose a new one before anything else. */
  mustChangePassword: boolean;
}
/** GET /api/users: paged and searchable. */
export interface UserListQuery {
  /** Part of the username or display name. */
  q?: string;
  unitId?: string;
  role?: Role;
  active?: 'true' | 'false' | 'all';
  page?: number;
  pageSize?: number;
}
/** PATCH /api/users/:id: only the fields sent change. A change of role or unit ends the user's sessions. */
export interface UpdateUserRequest {
  displayName?: string;
  role?: Role;
  unitId?: string | null;
  phone?: string | null;
  active?: boolean;
}
/** POST /api/users/:id/reset-password: a temporary password the user must change at next sign-in. */
export interface ResetPasswordRequest {
  newPassword: string;
}
export interface CreateUserRequest {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  unitId?: string | null;
  phone?: string | null;
}

export interface CategoryDto {
  code: string;
  nameZh: string;
  nameEn: string;
  /** false: disabled, still shown on old cases but not offered for new ones (the API always sends it). */
  active?: boolean;
}
export type CreateCategoryRequest = Omit<CategoryDto, 'active'>;
export interface UpdateCategoryRequest {
  nameZh?: string;
  nameEn?: string;
  active?: boolean;
}

// ---------- audit log ----------
export const AUDIT_ENTITIES = ['user', 'unit', 'category', 'routing_rules', 'deadline_policies', 'calendar'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
export interface AuditLogEntryDto {
  id: string;
  at: string;
  actorId: string | null;
  actorUsername: string;
  entity: AuditEntity;
  entityId: string | null;
  /** create | update | reset_password | change_password | replace */
  action: string;
  /** The values before and after (secrets never appear); null for a creation's `before`. */
  before: unknown;
  after: unknown;
}
export interface AuditLogQuery {
  entity?: AuditEntity;
  entityId?: string;
  actorId?: string;
  /** ISO 8601 time, inclusive. */
  from?: string;
  /** ISO 8601 time, exclusive. */
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface RoutingRuleDto {
  categoryCode: string;
  unitId: string;
  bureauId: string;
}
/** `PUT /api/routing-rules`: the list as GET answers it, or (older form) wrapped. */
export interface PutRoutingRulesRequest {
  rules: RoutingRuleDto[];
}
export type ReplaceRoutingRulesBody = RoutingRuleDto[] | PutRoutingRulesRequest;

export interface DeadlinePolicyDto {
  level: CaseLevel;
  priority: CasePriority;
  respondMinutes: number;
  resolveMinutes: number;
  workingTime: boolean;
  respondByEndOfDay: boolean;
}
/** `PUT /api/deadline-policies`: the list as GET answers it, or (older form) wrapped. */
export interface PutDeadlinePoliciesRequest {
  policies: DeadlinePolicyDto[];
}
export type UpdateDeadlinePoliciesBody = DeadlinePolicyDto[] | PutDeadlinePoliciesRequest;

// ---------- enterprises ----------
export const ENTERPRISE_SCALES = ['above', 'below'] as const;
export type EnterpriseScale = (typeof ENTERPRISE_SCALES)[number];
export const RESUMPTION_STATUSES = ['not_resumed', 'resumed', 'full_capacity'] as const;
export type ResumptionStatus = (typeof RESUMPTION_STATUSES)[number];

export interface EnterpriseDto {
  id: string;
  name: string;
  creditCode: string;
  scale: EnterpriseScale;
  industry: string;
  unitId: string;
  address: string;
  contactName: string;
  contactPhone: string;
  key: boolean;
  resumption: ResumptionStatus;
  headcount: number;
  returnedHeadcount: number;
  instructorIds: string[];
  /** Cases of this enterprise still pending (open, in progress, escalated). */
  openCases?: number;
}
export type CreateEnterpriseRequest = Omit<EnterpriseDto, 'id' | 'openCases'>;
export type UpdateEnterpriseRequest = Partial<CreateEnterpriseRequest>;

/** The one list envelope: every list of the API answers it. */
export interface Page<T> {
  items: T[];
  /** Matching rows: a count, or the planner's estimate when `totalEstimated` (keyset paging with `cursor`). */
  total: number;
  page: number;
  pageSize: number;
  /** Keyset paging (GET /api/cases): send it back as `cursor` for the next page; null on the last page. */
  nextCursor?: string | null;
  totalEstimated?: boolean;
}

// ---------- cases ----------
export interface CaseEventDto {
  id: string;
  type: CaseEventType;
  actorId: string | null;
  actorName?: string | null;
  at: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  fromUnitId: string | null;
  toUnitId: string;
  reason: string | null;
  payload: Record<string, unknown>;
}

export interface CaseDto {
  id: string;
  ledgerNo: string;
  enterpriseId: string;
  enterprise: { id: string; name: string };
  categoryCode: string;
  title: string;
  description: string;
  priority: CasePriority;
  status: CaseStatus;
  level: CaseLevel;
  unitId: string;
  unitName?: string;
  assigneeId: string | null;
  respondBy: string | null;
  resolveBy: string | null;
  overdue: boolean;
  resolution: string | null;
  satisfied: boolean | null;
  openedById: string;
  openedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
  /** What the caller may do with this case now (from `libs/domain`). */
  allowedActions?: CaseAction[];
  events?: CaseEventDto[];
  /** Every unit that held the case, when it arrived and left (null while it holds it): time held per unit. */
  hops?: CaseHopDto[];
}

export interface CaseHopDto {
  unitId: string;
  unitName: string;
  level: CaseLevel;
  arrivedAt: string;
  leftAt: string | null;
  /** Hours held, up to now for the current holder. */
  hoursHeld: number;
}

export interface CreateCaseRequest {
  enterpriseId: string;
  categoryCode: string;
  title: string;
  description: string;
  priority?: CasePriority;
}

export interface CaseActionRequest {
  action: CaseAction;
  version: number;
  assigneeId?: string;
  reason?: string;
  resolution?: string;
  satisfied?: boolean;
  comment?: string;
}

export const CASE_SORT_FIELDS = ['openedAt', 'ledgerNo', 'resolveBy', 'status', 'priority'] as const;
export type CaseSortField = (typeof CASE_SORT_FIELDS)[number];

export interface CaseListQuery {
  status?: CaseStatus | CaseStatus[];
  category?: string;
  unitId?: string;
  level?: CaseLevel;
  overdue?: boolean;
  q?: string;
  enterpriseId?: string;
  assigneeId?: string;
  page?: number;
  pageSize?: number;
  /** e.g. `openedAt` or `-openedAt` (descending). */
  sort?: string;
}

// ---------- dashboard ----------
export interface DashboardSummary {
  unitId: string | null;
  total: number;
  solved: number;
  pending: number;
  overdue: number;
  byStatus: Record<CaseStatus, number>;
  byCategory: { categoryCode: string; total: number; solved: number; pending: number; overdue: number }[];
  byUnit: { unitId: string; unitName: string; total: number; solved: number; pending: number; overdue: number }[];
  byLevel: { level: CaseLevel; total: number; solved: number; pending: number; overdue: number }[];
  trend: { date: string; opened: number; solved: number }[];
  medianHoursToSolve: number | null;
}

// ---------- health ----------
export interface HealthResponse {
  status: 'ok' | 'error';
  db: 'up' | 'down';
  redis: 'up' | 'down';
}

export type { DeadlineKind };

// ---------- working-time calendar ----------
export type { CalendarDayKind, NotificationKind } from '@taizhang/domain';
export { CALENDAR_DAY_KINDS, NOTIFICATION_KINDS } from '@taizhang/domain';

/** One day of the working-time calendar: a holiday on Mon–Fri, or a make-up working day (调休) on Sat/Sun. */
export interface CalendarDayDto {
  /** Local date (Asia/Shanghai) `YYYY-MM-DD`. */
  date: string;
  kind: 'holiday' | 'workday';
  /** e.g. 国庆节, 国庆节调休上班 */
  name: string;
}
/** `GET /api/calendar`: the dates as lists, and every day with its name. */
export interface WorkCalendarDto {
  holidays: string[];
  makeupWorkdays: string[];
  days: CalendarDayDto[];
}
/** `PUT /api/calendar` (admin): replaces the whole calendar. Applies to deadlines computed afterwards. */
export interface PutWorkCalendarRequest {
  days: CalendarDayDto[];
  /** As GET answers them (derived from `days`): may be left out; if sent, must agree with `days`. */
  holidays?: string[];
  makeupWorkdays?: string[];
}

// ---------- notifications ----------
export interface NotificationDto {
  id: string;
  caseId: string;
  ledgerNo: string;
  kind: 'assigned' | 'escalated_to_unit' | 'deadline_missed' | 'urged' | 'reopened';
  /** One line in Chinese. */
  title: string;
  createdAt: string;
  readAt: string | null;
}
export interface NotificationListQuery {
  /** Only the unread ones. */
  unread?: boolean;
  page?: number;
  pageSize?: number;
}
export interface ReadAllNotificationsResponse {
  /** How many notifications were marked read. */
  updated: number;
}

// ---------- daily reports (每日清零) ----------
/** The frozen figures of one town/county/city for one local day; they never change once frozen. */
export interface DailyReportDto {
  unitId: string;
  unitName: string;
  unitKind: 'city' | 'county' | 'town';
  /** Local date (Asia/Shanghai) `YYYY-MM-DD`. */
  reportDate: string;
  opened: number;
  solved: number;
  pending: number;
  overdue: number;
  frozenAt: string;
}
export interface DailyReportQuery {
  /** A town, county or city in your jurisdiction (default: all of it). */
  unitId?: string;
  /** `YYYY-MM-DD`, inclusive; default 30 days before `to`. */
  from?: string;
  /** `YYYY-MM-DD`, inclusive; default yesterday. */
  to?: string;
}

// ---------- exports (Excel ledger built by the worker) ----------
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];
/** `POST /api/exports`: the filters of `GET /api/cases`, without paging and sort. */
export type CreateExportRequest = Omit<CaseListQuery, 'page' | 'pageSize' | 'sort' | 'cursor'>;
/** One export of the ledger; `GET /api/exports/:id/download` once `status` is `done`. */
export interface ExportDto {
  id: string;
  status: ExportStatus;
  /** The filters it was asked with. */
  filters: CreateExportRequest;
  /** Rows to write (counted when the build starts); null while queued. */
  total: number | null;
  doneRows: number;
  /** 0–100; 100 once done. */
  percent: number;
  /** e.g. 问题台账-2026-03-02.xlsx */
  fileName: string;
  sizeBytes: number | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

// ---------- generated from the OpenAPI document (npx nx run api:openapi) ----------
export type {
  paths as ApiPaths,
  components as ApiComponents,
  operations as ApiOperations,
} from './openapi.generated';
