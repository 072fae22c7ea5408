import { INestApplication, Inject, Injectable, LogLevel, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@taizhang/config';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { createOpenApiDocument } from './core/openapi';
import { methodNotAllowed, requireJsonBodies } from './core/refusals';
import { REDIS } from './core/redis';
import { CLOSE_MS, settleWithin } from './core/shutdown';
import { SessionStates } from './core/sessions';
import { requestId } from './core/request-id.middleware';
import { createValidationPipe } from './core/validation';
import { BODY_LIMIT, limitRequestTime, securityHeaders } from './core/http-hardening';
import { verifyJsonLimits } from './core/json-limits';
import { json } from 'express';
import { JobsService, mountQueueBoard } from './modules/jobs/jobs.module';
import { ensureAdminUser } from './modules/seed/admin-user';
import { JwtService } from '@nestjs/jwt';
import type { OpenAPIObject } from '@nestjs/swagger';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    if ((await settleWithin(this.redis.quit(), CLOSE_MS)) !== 'done') this.redis.disconnect();
  }
}

/** Build the API application (used by main.ts and by the integration tests). */
export async function createApp(config: AppConfig, opts: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    { module: AppModule, imports: [AppModule.forRoot(config)], providers: [RedisCloser] },
    {
      logger: opts.logger === false ? false : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
      bodyParser: false,
    },
  );
  app.use(requestId);
  app.use(securityHeaders());
  // JSON bodies: at most 1 MB, and their shape checked on the raw bytes before they are parsed or validated.
  app.use(requireJsonBodies);
  app.use(json({ limit: BODY_LIMIT, verify: verifyJsonLimits }));
  limitRequestTime(app.getHttpServer());
  mountQueueBoard(app, app.get(JobsService), app.get(JwtService), app.get(SessionStates));
  app.setGlobalPrefix('api');
  app.use(methodNotAllowed(app));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  // Only these proxies' X-Forwarded-For names the client (the sign-in throttle counts per address).
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // No ETag: it hashed every JSON answer (sha1 on each response, a few % of the API's CPU under load) for
  // conditional GETs no client of this API makes.
  app.set('etag', false);

  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });

  await ensureAdminUser(app.get(DataSource), config.adminPassword);
  return app;
}

/**
 * The OpenAPI document, built from the application's modules without starting it (Nest's preview mode
 * instantiates no provider: no database, no Redis). Used by the contract tests and the client generator.
 */
export async function buildOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(
    { module: AppModule, imports: [AppModule.forRoot(config)], providers: [RedisCloser] },
    { preview: true, logger: false, abortOnError: false },
  );
  app.setGlobalPrefix('api');
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
