import { AuditLogEntity } from './audit-log.entity';
import { AttachmentBlobEntity, AttachmentEntity } from './attachment.entity';
import { LoginThrottleEntity } from './login-throttle.entity';
import { ConfirmationLinkEntity } from './confirmation-link.entity';
import {
  CaseEntity,
  CaseEventEntity,
  CaseHopEntity,
  LedgerHeadEntity,
  LedgerSequenceEntity,
} from './case.entity';
import {
  CaseDailyDeltaEntity,
  CaseDailyStatsEntity,
  CaseSolveHistDeltaEntity,
  CaseSolveHistEntity,
  CaseStatsDeltaEntity,
  CaseStatsEntity,
  CaseStatsGenerationEntity,
  CaseUnitTotalsEntity,
  CaseUnitDaysEntity,
  CaseUnitDayDeltaEntity,
  CaseUnitMonthsEntity,
} from './case-stats.entity';
import { CategoryEntity } from './category.entity';
import { CommonProblemEntity, CommonProblemMemberEntity } from './common-problem.entity';
import { DailyReportEntity } from './daily-report.entity';
import { DeadlinePolicyEntity } from './deadline-policy.entity';
import { EnterpriseEntity, EnterpriseInstructorEntity } from './enterprise.entity';
import { ExportChunkEntity, ExportEntity } from './export.entity';
import {
  DeadlineNearMarkEntity,
  DeliveryAttemptEntity,
  NotificationDeliveryEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
} from './notification.entity';
import { IdempotencyKeyEntity, OutboxEntity } from './outbox.entity';
import { RoutingRuleEntity } from './routing-rule.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';
import { WorkCalendarDayEntity } from './work-calendar.entity';
import {
  EnterpriseResumptionHistoryEntity,
  ResumptionDailyEntity,
  ResumptionStatsEntity,
  VisitCaseEntity,
  VisitDailyEntity,
  VisitEntity,
  VisitPairEntity,
  VisitStatsEntity,
  VisitTownDayEntity,
  InstructorAssignmentsEntity,
} from './visit.entity';

export * from './audit-log.entity';
export * from './attachment.entity';
export * from './login-throttle.entity';
export * from './confirmation-link.entity';
export * from './case.entity';
export * from './case-stats.entity';
export * from './category.entity';
export * from './common-problem.entity';
export * from './daily-report.entity';
export * from './deadline-policy.entity';
export * from './enterprise.entity';
export * from './export.entity';
export * from './notification.entity';
export * from './outbox.entity';
export * from './routing-rule.entity';
export * from './unit.entity';
export * from './user.entity';
export * from './work-calendar.entity';
export * from './visit.entity';

export const ENTITIES = [
  CaseStatsEntity,
  CaseUnitTotalsEntity,
  CaseStatsGenerationEntity,
  CaseStatsDeltaEntity,
  CaseDailyStatsEntity,
  CaseDailyDeltaEntity,
  CaseSolveHistEntity,
  CaseSolveHistDeltaEntity,
  CaseUnitDaysEntity,
  CaseUnitDayDeltaEntity,
  CaseUnitMonthsEntity,
  UnitEntity,
  UserEntity,
  CategoryEntity,
  RoutingRuleEntity,
  DeadlinePolicyEntity,
  EnterpriseEntity,
  EnterpriseInstructorEntity,
  CaseEntity,
  CaseEventEntity,
  CaseHopEntity,
  LedgerSequenceEntity,
  LedgerHeadEntity,
  OutboxEntity,
  IdempotencyKeyEntity,
  WorkCalendarDayEntity,
  NotificationEntity,
  DailyReportEntity,
  ExportEntity,
  ExportChunkEntity,
  AuditLogEntity,
  LoginThrottleEntity,
  NotificationPreferenceEntity,
  NotificationDeliveryEntity,
  DeliveryAttemptEntity,
  DeadlineNearMarkEntity,
  ConfirmationLinkEntity,
  VisitEntity,
  VisitCaseEntity,
  ResumptionStatsEntity,
  ResumptionDailyEntity,
  EnterpriseResumptionHistoryEntity,
  VisitStatsEntity,
  VisitPairEntity,
  VisitDailyEntity,
  VisitTownDayEntity,
  InstructorAssignmentsEntity,
  AttachmentEntity,
  AttachmentBlobEntity,
  CommonProblemEntity,
  CommonProblemMemberEntity,
];
