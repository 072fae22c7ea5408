import { createSecretKey } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { openDatabase } from '@taizhang/db';
import { DataSource } from 'typeorm';
import { DataSourceCloser } from './core/data-source-closer';
import { AuthGuard } from './core/auth';
import { APP_CONFIG, AppConfig } from './core/config';
import { ProblemDetailsFilter } from './core/problem.filter';
import { ReadRouting, ReadRoutingInterceptor } from './core/read-routing';
import { RequestDeadline } from './core/request-deadline';
import { HttpDrain } from './core/shutdown';
import { REDIS, createRedis } from './core/redis';
import { SessionStates } from './core/sessions';
import { AttachmentsModule } from './modules/attachments/attachments.module';
import { AuditModule } from './modules/audit/audit.module';
import { ReferenceModule } from './modules/reference/reference.module';
import { AuthModule } from './modules/auth/auth.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { CasesModule } from './modules/cases/cases.module';
import { ConfirmationsModule } from './modules/confirmations/confirmations.module';
import { AssigneesModule } from './modules/assignees/assignees.module';
import { CategoriesModule } from './modules/categories/categories.module';
import { DailyReportsModule } from './modules/daily-reports/daily-reports.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { DeadlinePoliciesModule } from './modules/deadline-policies/deadline-policies.module';
import { EnterprisesModule } from './modules/enterprises/enterprises.module';
import { ExportsModule } from './modules/exports/exports.module';
import { CommonProblemsModule } from './modules/common-problems/common-problems.module';
import { HealthModule } from './modules/health/health.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { VisitsModule } from './modules/visits/visits.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { NotificationSettingsModule } from './modules/notification-settings/notification-settings.module';
import { RoutingRulesModule } from './modules/routing-rules/routing-rules.module';
import { UnitsModule } from './modules/units/units.module';
import { UsersModule } from './modules/users/users.module';

/** How long a query waits for a PostgreSQL connection (from the pool, or a new one) before failing. */
export const DB_CONNECT_TIMEOUT_MS = 5000;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        // A KeyObject made once: given a string, jsonwebtoken first tries it as a public key (and fails) on every
        // verify, which cost a sixth of the API's CPU under load.
        JwtModule.register({
          global: true,
          secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
          signOptions: { expiresIn: config.jwtExpiresInSeconds },
        }),
        // in this order, the features' paths in the OpenAPI document stay where they were
        AuthModule,
        HealthModule,
        UnitsModule,
        UsersModule,
        CategoriesModule,
        RoutingRulesModule,
        DeadlinePoliciesModule,
        EnterprisesModule,
        AuditModule,
        CasesModule,
        DashboardModule,
        CalendarModule,
        NotificationsModule,
        NotificationSettingsModule,
        DailyReportsModule,
        JobsModule,
        ExportsModule,
        ConfirmationsModule,
        VisitsModule,
        AttachmentsModule,
        CommonProblemsModule,
        AssigneesModule,
        ReferenceModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Connects, creates the database if missing, and runs pending migrations. A query waits at most 5 s for
        // a connection, so while PostgreSQL is down requests fail fast (503) instead of hanging.
        {
          provide: DataSource,
          useFactory: () =>
            openDatabase(config.databaseUrl, {
              poolSize: config.dbPoolSize,
              connectTimeoutMs: DB_CONNECT_TIMEOUT_MS,
              readUrls: config.databaseReadUrls,
            }),
        },
        DataSourceCloser,
        HttpDrain,
        { provide: APP_INTERCEPTOR, useClass: RequestDeadline },
        // dashboards, lists and exports from a read replica when one is configured (docs/read-replicas.md)
        ReadRouting,
        // Only with replicas: without them the interceptor has nothing to do, and each global interceptor is
        // one more layer (an AsyncResource, rxjs defer/mergeAll) on every request.
        ...(config.databaseReadUrls.some(Boolean)
          ? [{ provide: APP_INTERCEPTOR, useClass: ReadRoutingInterceptor }]
          : []),
        { provide: REDIS, useFactory: () => createRedis(config.redisUrl) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        SessionStates,
      ],
      exports: [APP_CONFIG, REDIS, DataSource, SessionStates, ReadRouting],
    };
  }
}
