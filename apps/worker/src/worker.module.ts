import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { openDatabase } from '@taizhang/db';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { DataSourceCloser } from './data-source-closer';
import { QUEUES, jobOptions, redisConnection } from '@taizhang/queue';
import { APP_CONFIG, AppConfig } from './config';
import { CHECK_HOOK, CheckHook, DeadlineService } from './deadlines/deadline.service';
import { SweepService } from './deadlines/sweep.service';
import {
  LoggingNotificationChannel,
  NOTIFICATION_CHANNEL,
  NotificationChannel,
  OUTBOUND_CHANNELS,
  OutboundChannels,
} from './notifications/notification-channel';
import { NotificationService } from './notifications/notification.service';
import { DeliveryService } from './notifications/delivery.service';
import { ConfirmationLinkSmsService } from './notifications/confirmation-link-sms.service';
import { channelsFromConfig } from './notifications/channels';
import { DeadlineNearService } from './deadlines/deadline-near.service';
import { ExportService } from './exports/export.service';
import { DeadlinesProcessor } from './processors/deadlines.processor';
import { ExportsProcessor } from './processors/exports.processor';
import { NotificationsProcessor } from './processors/notifications.processor';
import { ReportsProcessor } from './processors/reports.processor';
import { OutboxRelayService } from './relay/outbox-relay.service';
import { GracefulShutdown, SHARED_REDIS, SharedRedisCloser } from './shutdown';
import { StatsCompactorService } from './stats/stats-compactor.service';
import { DailyReportService } from './reports/daily-report.service';
import { MetricsListener, WorkerMetrics } from './metrics/worker-metrics';

export interface WorkerOptions {
  /** Test seam: runs inside a deadline check just before it commits. */
  checkHook?: CheckHook;
  /** Where notifications go beyond the in-app list; a log line each by default. */
  notificationChannel?: NotificationChannel;
  /** The channels beyond the app; by default those the configuration has (SMS, e-mail, group robots). */
  outboundChannels?: OutboundChannels;
}

/** @nestjs/bullmq's key of the worker options given to @Processor() (WORKER_METADATA, not exported). */
const WORKER_METADATA = 'bullmq:worker_metadata';
const PROCESSORS = [DeadlinesProcessor, NotificationsProcessor, ReportsProcessor, ExportsProcessor];

/**
 * The processors' BullMQ worker options are their @Processor() metadata, read when the workers are made:
 * the lock of an active job (JOB_LOCK_MS) is added to it here, from the configuration.
 */
function applyJobLock(config: AppConfig): void {
  for (const processor of PROCESSORS) {
    const declared = (Reflect.getMetadata(WORKER_METADATA, processor) ?? {}) as Record<string, unknown>;
    Reflect.defineMetadata(
      WORKER_METADATA,
      { ...declared, lockDuration: config.jobLockMs, stalledInterval: config.jobLockMs },
      processor,
    );
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, opts: WorkerOptions = {}): DynamicModule {
    applyJobLock(config);
    // One connection of ours for the queues' commands (the processors' workers open their own copies of it).
    // The queues share it and do not own it, so closing them sends no QUIT that an outage would hold
    // pending; the worker drops it with one disconnect() at the end.
    const redis = new Redis(redisConnection(config.redisUrl));
    redis.on('error', () => undefined); // BullMQ reports errors on the queues; ioredis reconnects
    return {
      module: WorkerModule,
      imports: [
        BullModule.forRoot({
          // The processors' workers wait through a Redis outage and carry on (offline queue on, as BullMQ
          // advises for workers); the outbox relay opens its own fail-fast connection.
          connection: redis,
          prefix: config.redisPrefix,
          defaultJobOptions: jobOptions(config.jobBackoffMs),
        }),
        BullModule.registerQueue(
          { name: QUEUES.deadlines },
          { name: QUEUES.notifications },
          { name: QUEUES.reports },
          { name: QUEUES.exports },
        ),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SHARED_REDIS, useValue: redis },
        SharedRedisCloser,
        // Connects, creates the database if missing, and runs pending migrations. The read replicas
        // (DATABASE_READ_URLS) are read only by exports (docs/read-replicas.md); everything else is on the primary.
        {
          provide: DataSource,
          useFactory: () =>
            openDatabase(config.databaseUrl, {
              poolSize: config.dbPoolSize,
              readUrls: config.databaseReadUrls,
            }),
        },
        DataSourceCloser,
        { provide: CHECK_HOOK, useValue: opts.checkHook ?? (async () => undefined) },
        DeadlineService,
        SweepService,
        OutboxRelayService,
        DeadlinesProcessor,
        {
          provide: NOTIFICATION_CHANNEL,
          useValue: opts.notificationChannel ?? new LoggingNotificationChannel(),
        },
        { provide: OUTBOUND_CHANNELS, useValue: opts.outboundChannels ?? channelsFromConfig(config) },
        NotificationService,
        DeliveryService,
        ConfirmationLinkSmsService,
        NotificationsProcessor,
        DeadlineNearService,
        DailyReportService,
        ReportsProcessor,
        ExportService,
        ExportsProcessor,
        GracefulShutdown,
        StatsCompactorService,
        WorkerMetrics,
        MetricsListener,
      ],
    };
  }
}
