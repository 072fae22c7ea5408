import { INestApplication, Inject, Injectable, LogLevel, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@taizhang/config';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { withProblemResponses } from './core/openapi';
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
  app.use(json({ limit: BODY_LIMIT, verify: verifyJsonLimits }));
  limitRequestTime(app.getHttpServer());
  mountQueueBoard(app, app.get(JobsService), app.get(JwtService), app.get(SessionStates));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  // Only these proxies' X-Forwarded-For names the client (the sign-in throttle counts per address).
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // No ETag: it hashed every JSON answer (sha1 on each response, a few % of the API's CPU under load) for
  // conditional GETs no client of this API makes.
  app.set('etag', false);

  const doc = new DocumentBuilder()
    .setTitle('taizhang API')
    .setDescription(
      'The enterprise problem ledger (问题台账): open → assign → escalate → resolve → close. ' +
        'Sign in with POST /api/auth/login, then "Authorize" with the accessToken. Errors are RFC 9457 problem details.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => withProblemResponses(SwaggerModule.createDocument(app, doc)), {
    jsonDocumentUrl: 'api/docs-json',
  });

  await ensureAdminUser(app.get(DataSource), config.adminPassword);
  return app;
}
