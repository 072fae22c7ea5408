import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createLogger } from '@taizhang/logging';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@taizhang/config';
import { ServiceUnavailableError, ensureDatabase } from '@taizhang/db';
import { checkRedis } from './redis-check';
import { SHUTDOWN_LIMIT_MS } from './shutdown';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  // the start-up checks' lines too (a Redis warning) come in LOG_FORMAT
  const appLogger = createLogger(config, 'worker');
  Logger.overrideLogger(appLogger);
  await ensureDatabase(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const logger = new Logger('taizhang');
  const checkHook = config.testCheckDelayMs
    ? async (_stage: string, caseId: string) => {
        logger.warn(
          `test seam: holding the check of case ${caseId} for ${config.testCheckDelayMs} ms before commit`,
        );
        await new Promise((r) => setTimeout(r, config.testCheckDelayMs));
      }
    : undefined;
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { checkHook }), {
    // LOG_FORMAT=text: Nest's lines; json: pino, one JSON object per line for a log collector
    logger: appLogger,
  });
  app.enableShutdownHooks();
  // Every wait in the shutdown is bounded; this is the last resort should one not be (SIGTERM → exit ≤ 10 s).
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.error(
          `shutdown (${signal}) still waiting after ${SHUTDOWN_LIMIT_MS / 1000} s: exiting now (unfinished jobs are taken up again)`,
        );
        process.exit(1);
      }, SHUTDOWN_LIMIT_MS).unref();
    });
  }
  await app.init();
  logger.log('worker running: outbox relay, deadline jobs, safety-net sweep, notifications, daily reports');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ServiceUnavailableError) {
    console.error(`taizhang worker: ${err.message}`);
  } else {
    console.error('taizhang worker: failed to start:', err);
  }
  process.exit(1);
});
