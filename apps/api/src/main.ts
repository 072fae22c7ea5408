import { Logger } from '@nestjs/common';
import { createLogger } from '@taizhang/logging';
import { ConfigError, describeUrl, loadConfig } from '@taizhang/config';
import { ServiceUnavailableError, ensureDatabase } from '@taizhang/db';
import { START_REDIS_HINT, redisProbeOptions } from '@taizhang/queue';
import { Redis } from 'ioredis';
import 'reflect-metadata';
import { createApp } from './app';
import { SHUTDOWN_DEADLINE_MS } from './core/shutdown';
import { seedDemoData } from './modules/seed/demo-data';

/** Can we reach Redis? One try, short timeout. */
async function pingRedis(url: string): Promise<void> {
  const r = new Redis(redisProbeOptions(url));
  r.on('error', () => undefined); // reported once, below, as one line
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    throw new ServiceUnavailableError('Redis', describeUrl(url), START_REDIS_HINT, err);
  } finally {
    r.disconnect();
  }
}

/** Whatever hangs at shutdown (a dependency that is down), the process ends within SHUTDOWN_DEADLINE_MS of a signal. */
function exitByDeadline(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`taizhang api: shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting`);
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
    });
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  // the start-up checks' lines too come in LOG_FORMAT (createApp gives Nest the same kind of logger)
  Logger.overrideLogger(createLogger(config, 'api'));
  await ensureDatabase(config.databaseUrl);
  await pingRedis(config.redisUrl);
  const app = await createApp(config);
  exitByDeadline();
  if (config.demoData) await seedDemoData(app, config);
  await app.listen(config.port, '0.0.0.0');
  new Logger('taizhang').log(`API listening on http://127.0.0.1:${config.port}/api (OpenAPI: /api/docs)`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ServiceUnavailableError) {
    console.error(`taizhang api: ${err.message}`);
  } else {
    console.error('taizhang api: failed to start:', err);
  }
  process.exit(1);
});
