import type { DeadlineKind } from '@taizhang/domain';

/** Every queue, and every job name with its payload type. Each job name has exactly one handler. */
export const QUEUES = {
  deadlines: 'deadlines',
  notifications: 'notifications',
  reports: 'reports',
  exports: 'exports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  deadlineCheck: 'deadline.check',
  notificationSend: 'notification.send',
  dailyReportFreeze: 'daily-report.freeze',
  exportBuild: 'export.build',
  notificationDeliver: 'notification.deliver',
  confirmationLinkSms: 'confirmation-link.sms',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

/** Which queue carries which job. */
export const JOB_QUEUE = {
  [JOBS.deadlineCheck]: QUEUES.deadlines,
  [JOBS.notificationSend]: QUEUES.notifications,
  [JOBS.dailyReportFreeze]: QUEUES.reports,
  [JOBS.exportBuild]: QUEUES.exports,
  [JOBS.notificationDeliver]: QUEUES.notifications,
  [JOBS.confirmationLinkSms]: QUEUES.notifications,
} as const satisfies Record<JobName, QueueName>;

/** The job names carried by one queue (what its processor must handle, each exactly once). */
export type JobsOn<Q extends QueueName> = {
  [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never;
}[JobName];

export interface DeadlineCheckPayload {
  caseId: string;
  deadline: DeadlineKind;
  /** The deadline as it was when the job was scheduled (ISO). A job whose deadline moved is skipped. */
  dueAt: string;
  requestId?: string;
}

/** Send one in-app notification through the outbound channel (SMS, 政务微信 …; a log line by default). */
export interface NotificationSendPayload {
  notificationId: string;
  requestId?: string;
}

/** Freeze the daily reports (每日清零) of one local day; without `reportDate`, yesterday in Asia/Shanghai. */
export interface DailyReportFreezePayload {
  reportDate?: string;
  requestId?: string;
}

/**
 * Build one Excel export (exports row `exportId`) into `export_chunks`. Who asked and what they may see is in
 * the row (the WHERE clause the API built at request time), not in the job.
 */
export interface ExportBuildPayload {
  exportId: string;
  requestId?: string;
}

/** Hand one notification to one outbound channel (a `notification_deliveries` row): SMS, e-mail, group robot. */
export interface NotificationDeliverPayload {
  deliveryId: string;
  requestId?: string;
}

/**
 * Send the enterprise's contact its one-time confirmation link by SMS (issue 13). Queued by
 * POST /api/cases/{id}/confirmation-link with `sendSms: true`. `url` carries the token: it exists in clear
 * only in this payload and the SMS itself.
 */
export interface ConfirmationLinkSmsPayload {
  linkId: string;
  caseId: string;
  ledgerNo: string;
  phone: string;
  url: string;
  expiresAt: string;
  requestId?: string;
}

export interface JobPayloads {
  [JOBS.deadlineCheck]: DeadlineCheckPayload;
  [JOBS.notificationSend]: NotificationSendPayload;
  [JOBS.dailyReportFreeze]: DailyReportFreezePayload;
  [JOBS.exportBuild]: ExportBuildPayload;
  [JOBS.notificationDeliver]: NotificationDeliverPayload;
  [JOBS.confirmationLinkSms]: ConfirmationLinkSmsPayload;
}

/** Deterministic job id from the business key: the same deadline is never queued twice. */
export function deadlineJobId(p: Pick<DeadlineCheckPayload, 'caseId' | 'deadline' | 'dueAt'>): string {
  return `deadline_${p.caseId}_${p.deadline}_${new Date(p.dueAt).getTime()}`;
}

/** One notification is sent once, whatever the number of deliveries. */
export function notificationJobId(notificationId: string): string {
  return `notification_${notificationId}`;
}

/** One job per delivery and try: `retry` counts an admin's retries of a failed delivery (0: the first run). */
export function deliveryJobId(deliveryId: string, retry = 0): string {
  return retry ? `delivery_${deliveryId}_retry${retry}` : `delivery_${deliveryId}`;
}

/** One freeze per local day (the catch-up run and the scheduled run make one job). */
export function dailyReportJobId(reportDate: string): string {
  return `daily-report_${reportDate}`;
}

/** One SMS per link (a re-delivered outbox row sends nothing twice). */
export function confirmationLinkSmsJobId(linkId: string): string {
  return `confirmation-link-sms_${linkId}`;
}

/** One build per export (a re-delivered outbox row adds nothing). */
export function exportJobId(exportId: string): string {
  return `export_${exportId}`;
}

/** The repeatable job that freezes yesterday's reports: 00:05 every day, Asia/Shanghai. */
export const DAILY_REPORT_SCHEDULE = {
  schedulerId: 'daily-report',
  pattern: '5 0 * * *',
  tz: 'Asia/Shanghai',
} as const;

/** One table of default job options. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

/** The default job options with the first retry delay of the configuration (JOB_BACKOFF_MS). */
export function jobOptions(backoffMs: number) {
  return { ...DEFAULT_JOB_OPTIONS, backoff: { type: 'exponential', delay: backoffMs } } as const;
}
