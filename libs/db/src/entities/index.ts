import { AuditLogEntity } from './audit-log.entity';
import { LoginThrottleEntity } from './login-throttle.entity';
import { CaseEntity, CaseEventEntity, CaseHopEntity, LedgerSequenceEntity } from './case.entity';
import {
  CaseDailyDeltaEntity,
  CaseDailyStatsEntity,
  CaseSolveHistDeltaEntity,
  CaseSolveHistEntity,
  CaseStatsDeltaEntity,
  CaseStatsEntity,
  CaseStatsGenerationEntity,
  CaseUnitTotalsEntity,
} from './case-stats.entity';
import { CategoryEntity } from './category.entity';
import { CommonProblemEntity, CommonProblemMemberEntity } from './common-problem.entity';
import { DailyReportEntity } from './daily-report.entity';
import { DeadlinePolicyEntity } from './deadline-policy.entity';
import { EnterpriseEntity, EnterpriseInstructorEntity } from './enterprise.entity';
import { ExportChunkEntity, ExportEntity } from './export.entity';
import { NotificationEntity } from './notification.entity';
import { IdempotencyKeyEntity, OutboxEntity } from './outbox.entity';
import { RoutingRuleEntity } from './routing-rule.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';
import { WorkCalendarDayEntity } from './work-calendar.entity';

export * from './audit-log.entity';
export * from './login-throttle.entity';
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

export const ENTITIES = [
  CaseStatsEntity,
  CaseUnitTotalsEntity,
  CaseStatsGenerationEntity,
  CaseStatsDeltaEntity,
  CaseDailyStatsEntity,
  CaseDailyDeltaEntity,
  CaseSolveHistEntity,
  CaseSolveHistDeltaEntity,
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
  OutboxEntity,
  IdempotencyKeyEntity,
  WorkCalendarDayEntity,
  NotificationEntity,
  DailyReportEntity,
  ExportEntity,
  ExportChunkEntity,
  AuditLogEntity,
  LoginThrottleEntity,
  CommonProblemEntity,
  CommonProblemMemberEntity,
];
