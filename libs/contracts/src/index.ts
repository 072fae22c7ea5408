/**
 * HTTP contract of the taizhang API (DESIGN §6): what the admin app and outside clients send and receive.
 * camelCase JSON, UUID ids, ISO 8601 times with offset.
 *
 * Every request and answer type here is an alias of the OpenAPI document's generated types
 * (`openapi.generated.ts`, `npx nx run api:openapi`): no hand-written duplicate, so the admin app and the API's DTO
 * classes (which `implements` these types) are checked against the document at compile time.
 */
import type { DeadlineKind } from '@taizhang/domain';
import type { components, operations } from './openapi.generated';

export type { CaseAction, CaseEventType, CaseLevel, CasePriority, CaseStatus, Role } from '@taizhang/domain';
export {
  CASE_ACTIONS,
  CASE_STATUSES,
  CASE_PRIORITIES,
  ROLES,
  PENDING_STATUSES,
  SOLVED_STATUSES,
} from '@taizhang/domain';

type Schemas = components['schemas'];
/** The query parameters of an operation of the document. */
type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

// ---------- errors (RFC 9457 problem details) ----------
export type ProblemDetails = Schemas['ProblemDetails'];
export type ProblemFieldError = NonNullable<ProblemDetails['errors']>[number];
/** A stable machine-readable code, e.g. `CASE.STALE_VERSION` (one table: apps/api/src/core/errors.ts). */
export type ProblemCode = ProblemDetails['code'];

// ---------- auth ----------
export type LoginRequest = Schemas['LoginDto'];
export type LoginResponse = Schemas['Login'];
export type MeResponse = Schemas['Me'];
/** POST /api/auth/password: change one's own password (the current one proves it is you). */
export type ChangePasswordRequest = Schemas['ChangePasswordDto'];
/** Answer of POST /api/auth/password: a fresh token (the change ended every other session). */
export type ChangePasswordResponse = LoginResponse;

// ---------- administration ----------
export const UNIT_KINDS = ['city', 'county', 'town', 'grid', 'bureau'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type UnitDto = Schemas['Unit'];
export type CreateUnitRequest = Schemas['CreateUnitDto'];
export type UpdateUnitRequest = Schemas['UpdateUnitDto'];
/** GET /api/units/search: one page of units, for pickers. */
export type UnitSearchQuery = QueryOf<'searchUnits'>;

export type UserDto = Schemas['User'];
/** GET /api/users: paged and searchable. */
export type UserListQuery = QueryOf<'listUsers'>;
/** PATCH /api/users/:id: only the fields sent change. A change of role or unit ends the user's sessions. */
export type UpdateUserRequest = Schemas['UpdateUserDto'];
/** POST /api/users/:id/reset-password: a temporary password the user must change at next sign-in. */
export type ResetPasswordRequest = Schemas['ResetPasswordDto'];
export type CreateUserRequest = Schemas['CreateUserDto'];

export type CategoryDto = Schemas['Category'];
export type CreateCategoryRequest = Schemas['CreateCategoryDto'];
export type UpdateCategoryRequest = Schemas['UpdateCategoryDto'];

// ---------- audit log ----------
export const AUDIT_ENTITIES = [
  'user',
  'unit',
  'category',
  'routing_rules',
  'deadline_policies',
  'calendar',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
export type AuditLogEntryDto = Schemas['AuditLogEntry'];
export type AuditLogQuery = QueryOf<'listAuditLog'>;

export type RoutingRuleDto = Schemas['RoutingRuleDtoClass'];
/** `PUT /api/routing-rules`: the list as GET answers it, or (older form) wrapped. */
export type PutRoutingRulesRequest = Schemas['PutRoutingRulesDto'];
export type ReplaceRoutingRulesBody = NonNullable<
  operations['replaceRoutingRules']['requestBody']
>['content']['application/json'];

export type DeadlinePolicyDto = Schemas['DeadlinePolicyItem'];
/** `PUT /api/deadline-policies`: the list as GET answers it, or (older form) wrapped. */
export type PutDeadlinePoliciesRequest = Schemas['PutDeadlinePoliciesDto'];
export type UpdateDeadlinePoliciesBody = NonNullable<
  operations['updateDeadlinePolicies']['requestBody']
>['content']['application/json'];

// ---------- enterprises ----------
export const ENTERPRISE_SCALES = ['above', 'below'] as const;
export type EnterpriseScale = (typeof ENTERPRISE_SCALES)[number];
export const RESUMPTION_STATUSES = ['not_resumed', 'resumed', 'full_capacity'] as const;
export type ResumptionStatus = (typeof RESUMPTION_STATUSES)[number];

export type EnterpriseDto = Schemas['Enterprise'];
export type CreateEnterpriseRequest = Schemas['CreateEnterpriseDto'];
export type UpdateEnterpriseRequest = Schemas['UpdateEnterpriseDto'];
export type EnterpriseListQuery = QueryOf<'listEnterprises'>;

/**
 * The one list envelope: every list of the API answers it (the document's `*Page` schemas, e.g. `CasePage`, are
 * this shape for their item type).
 */
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
export type CaseEventDto = Schemas['CaseEvent'];
export type CaseDto = Schemas['Case'];
export type CaseHopDto = Schemas['CaseHop'];
export type CreateCaseRequest = Schemas['CreateCaseDto'];
export type CaseActionRequest = Schemas['CaseActionDto'];
/** The enterprise confirms by itself (issue 13): a one-time link, the public view behind it, the answer. */
export type CreateConfirmationLinkRequest = Schemas['CreateConfirmationLinkDto'];
export type ConfirmationLinkDto = Schemas['ConfirmationLink'];
export type PublicConfirmationDto = Schemas['PublicConfirmation'];
export type PublicCaseStepDto = Schemas['PublicCaseStep'];
export type AnswerConfirmationRequest = Schemas['AnswerConfirmationDto'];
export type ConfirmationAnswerDto = Schemas['ConfirmationAnswer'];

export const CASE_SORT_FIELDS = [
  'openedAt',
  'ledgerNo',
  'resolveBy',
  'status',
  'priority',
  'respondBy',
] as const;
export type CaseSortField = (typeof CASE_SORT_FIELDS)[number];

export type CaseListQuery = QueryOf<'listCases'>;

// ---------- dashboard ----------
export type DashboardSummary = Schemas['DashboardSummaryResponse'];
export type DashboardRates = Schemas['Rates'];
export type DashboardPeriod = Schemas['PeriodFigures'];
export type ScorecardRowDto = Schemas['ScorecardRow'];
export type Scorecard = Schemas['ScorecardResponse'];
export type ScorecardQuery = QueryOf<'getDashboardScorecard'>;

// ---------- health ----------
export type HealthResponse = Schemas['Health'];

export type { DeadlineKind };

// ---------- working-time calendar ----------
export type { CalendarDayKind, NotificationKind } from '@taizhang/domain';
export { CALENDAR_DAY_KINDS, NOTIFICATION_KINDS } from '@taizhang/domain';

/** One day of the working-time calendar: a holiday on Mon–Fri, or a make-up working day (调休) on Sat/Sun. */
export type CalendarDayDto = Schemas['CalendarDayItem'];
/** `GET /api/calendar`: the dates as lists, and every day with its name. */
export type WorkCalendarDto = Schemas['WorkCalendar'];
/** `PUT /api/calendar` (admin): replaces the whole calendar. Applies to deadlines computed afterwards. */
export type PutWorkCalendarRequest = Schemas['PutWorkCalendarDto'];

// ---------- notifications ----------
export type NotificationDto = Schemas['Notification'];
export type NotificationListQuery = QueryOf<'listNotifications'>;
export type ReadAllNotificationsResponse = Schemas['ReadAllNotifications'];
export type { NotificationChannelName, OutboundChannelName } from '@taizhang/domain';
export { NOTIFICATION_CHANNELS, OUTBOUND_CHANNELS } from '@taizhang/domain';
/** `GET/PUT /api/notifications/preferences`: one's own phone, e-mail, and channel × kind choices. */
export type NotificationPreferencesDto = Schemas['NotificationPreferences'];
export type ChannelChoiceDto = Schemas['ChannelChoice'];
export type UpdateNotificationPreferencesRequest = Schemas['UpdateNotificationPreferencesDto'];
/** `GET /api/notification-deliveries/failed` (admin): deliveries no retry got through. */
export type FailedDeliveryDto = Schemas['FailedDelivery'];
export type FailedDeliveryQuery = QueryOf<'listFailedDeliveries'>;
export type DeliveryAttemptDto = Schemas['DeliveryAttempt'];
export type DeliveryRetryResponse = Schemas['DeliveryRetry'];
/** `GET/PUT /api/units/{id}/webhook`: a unit's group robot (企业微信 / 钉钉). */
export type UnitWebhookDto = Schemas['UnitWebhook'];
export type UpdateUnitWebhookRequest = Schemas['UpdateUnitWebhookDto'];

// ---------- daily reports (每日清零) ----------
/** The frozen figures of one town/county/city for one local day; they never change once frozen. */
export type DailyReportDto = Schemas['DailyReport'];
export type DailyReportQuery = QueryOf<'listDailyReports'>;
export type DailyReportTodayDto = Schemas['DailyReportToday'];
export type DailyReportCaseDto = Schemas['DailyReportCase'];
export type DailyReportCasesQuery = QueryOf<'listDailyReportCases'>;
/**
 * The figures of a day's report that today's live view shows and that can be drilled into (their cases): the
 * API's `figure` (its DTO's enum is this list) and the admin's live table.
 */
export const DAILY_FIGURES = [
  'opened',
  'answered',
  'solved',
  'pending',
  'pendingOverDay',
  'overdue',
] as const satisfies readonly DailyReportCasesQuery['figure'][];
export type DailyFigure = (typeof DAILY_FIGURES)[number];

// ---------- exports (Excel ledger built by the worker) ----------
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];
/** `POST /api/exports`: the filters of `GET /api/cases`, without paging and sort. */
export type CreateExportRequest = Schemas['CreateExportDto'];
/** One export of the ledger; `GET /api/exports/:id/download` once `status` is `done`. */
export type ExportDto = Schemas['Export'];

// ---------- attachments (files on a case) ----------
/** One file on a case: `GET /api/attachments/:id` for the bytes, `…/thumbnail` when `hasThumbnail`. */
export type AttachmentDto = Schemas['Attachment'];
export type AttachmentListQuery = QueryOf<'listAttachments'>;

// ---------- background jobs (admin) ----------
/** One job of `GET /api/admin/jobs`. */
export type JobDto = Schemas['Job'];
export type JobListQuery = QueryOf<'listJobs'>;

// ---------- common problems (共性问题) ----------
export type CommonProblemDto = Schemas['CommonProblem'];
export type CommonProblemDetailDto = Schemas['CommonProblemDetail'];
export type CommonProblemMemberDto = Schemas['CommonProblemMember'];
export type CreateCommonProblemRequest = Schemas['CreateCommonProblemDto'];
export type AddCommonProblemMembersRequest = Schemas['AddCommonProblemMembersDto'];
export type CommonProblemActionRequest = Schemas['CommonProblemActionDto'];
export type CommonProblemListQuery = QueryOf<'listCommonProblems'>;
export type SimilarCaseDto = Schemas['SimilarCase'];
export type SimilarCasesRequest = Schemas['SimilarCasesRequestDto'];

export { callOf, queryOf, urlOf } from './client';
export type { Answer, CallAnswer, CallParts, CallRequest, MethodOf, Operation, RequestOf } from './client';

// ---------- generated from the OpenAPI document (npx nx run api:openapi) ----------
export type {
  paths as ApiPaths,
  components as ApiComponents,
  operations as ApiOperations,
} from './openapi.generated';

// ---------- visits (走访) and resumption (复工复产) ----------
export type VisitDto = Schemas['Visit'];
export type RecordVisitRequest = Schemas['RecordVisitDto'];
export type VisitsDashboard = Schemas['VisitsDashboard'];
export type InstructorVisits = Schemas['InstructorVisits'];
export type TownVisitCounts = Schemas['TownVisitCounts'];
export type ResumptionSummary = Schemas['ResumptionSummary'];
export type ResumptionChange = Schemas['ResumptionChange'];
// ---------- supervision (issue 14): extensions, follow-through, inbox ----------
/** POST /api/cases/bulk-actions: assign or urge many cases; each is acted on alone. */
export type BulkCaseActionRequest = Schemas['BulkCaseActionDto'];
export type BulkActionResultsDto = Schemas['BulkActionResults'];
export type BulkActionResultDto = Schemas['BulkActionResult'];
/** GET /api/cases/{id}/escalation-target: where an escalation would send the case. */
export type EscalationTargetDto = Schemas['EscalationTarget'];
/** GET /api/units/{id}/assignees: the assignee picker. */
export type AssigneeDto = Schemas['AssigneeOption'];
export type AssigneeQuery = QueryOf<'listAssignees'>;
