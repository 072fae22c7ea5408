import {
  INestApplication,
  Inject,
  Injectable,
  Logger,
  LoggerService,
  OnApplicationShutdown,
} from '@nestjs/common';
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
import { NextFunction, Request, Response, json } from 'express';
import { JobsService } from './modules/jobs/jobs.service';
import { mountQueueBoard } from './modules/jobs/queue-board';
import { ensureAdminUser } from './modules/seed/admin-user';
import { JwtService } from '@nestjs/jwt';
import type { OpenAPIObject } from '@nestjs/swagger';

import { createLogger, requestContext } from '@taizhang/logging';
import { ApiMetrics, metricsEndpoint } from './core/metrics';
import { ReadRouting } from './core/read-routing';

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    if ((await settleWithin(this.redis.quit(), CLOSE_MS)) !== 'done') this.redis.disconnect();
  }
}

/**
 * One access line per request (method, route template, status, duration, request id; the `HTTP` context),
 * and its time in the latency histogram, written when the answer is finished.
 */
function accessLog(metrics: ApiMetrics) {
  const logger = new Logger('HTTP');
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    // `finish`: the answer went out; `close` without it: the client left first (counted as 499, as nginx does)
    const done = (aborted: boolean) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const status = aborted ? 499 : res.statusCode;
      const route = metrics.observe(req, status, seconds);
      requestContext.run({ requestId: String(req.headers['x-request-id']) }, () =>
        logger.log(
          `${req.method} ${route} ${status} ${(seconds * 1000).toFixed(1)} ms${aborted ? ' (client left)' : ''}`,
        ),
      );
    };
    res.once('finish', () => done(false));
    res.once('close', () => {
      if (!res.writableFinished) done(true);
    });
    next();
  };
}

/** Build the API application (used by main.ts and by the integration tests). */
export async function createApp(
  config: AppConfig,
  opts: { logger?: false | LoggerService } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    { module: AppModule, imports: [AppModule.forRoot(config)], providers: [RedisCloser] },
    {
      // LOG_FORMAT=text: Nest's lines; json: pino, one object per line (both with the request id)
      logger: opts.logger !== undefined ? opts.logger : createLogger(config, 'api'),
      bodyParser: false,
    },
  );
  // Prometheus (GET /metrics with the METRICS_TOKEN bearer; outside /api and not itself timed).
  const metrics = new ApiMetrics(app.get(DataSource), app.get(ReadRouting));
  app.use(metricsEndpoint(metrics, config.metricsToken));
  app.use(requestId);
  app.use(accessLog(metrics));
  app.use(securityHeaders());
  // JSON bodies: at most 1 MB, and their shape checked on the raw bytes before they are parsed or validated.
  app.use(requireJsonBodies);
  app.use(json({ limit: BODY_LIMIT, verify: verifyJsonLimits }));
  // From here on, every log line written for the request carries its id (set after the body parser, whose
  // stream callbacks would lose the async context).
  app.use((req: Request, _res: Response, next: NextFunction) =>
    requestContext.run({ requestId: String(req.headers['x-request-id']) }, next),
  );
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

  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
  });

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
