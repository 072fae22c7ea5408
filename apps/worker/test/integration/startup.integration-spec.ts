import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** Start a built app with a broken environment: it must say in one line what is wrong, and exit non-zero. */
function start(app: 'api' | 'worker', env: Record<string, string>) {
  const res = spawnSync(process.execPath, [join(ROOT, `dist/apps/${app}/main.js`)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'error', ...env },
    timeout: 30_000,
    encoding: 'utf8',
  });
  return { status: res.status, lines: `${res.stdout}${res.stderr}`.trim().split('\n').filter(Boolean) };
}

describe('start-up with a service missing', () => {
  it.each(['api', 'worker'] as const)(
    '%s: PostgreSQL unreachable → one line naming it, its address and how to start it',
    (app) => {
      const out = start(app, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5999/taizhang_test_x' });
      expect(out.status).toBe(1);
      expect(out.lines).toHaveLength(1);
      expect(out.lines[0]).toMatch(
        /PostgreSQL is not reachable at 127\.0\.0\.1:5999: start it .*pg_ctlcluster.* or set DATABASE_URL/,
      );
    },
  );

  it.each(['api', 'worker'] as const)(
    '%s: Redis unreachable → one line naming it, its address and how to start it',
    (app) => {
      const out = start(app, { REDIS_URL: 'redis://127.0.0.1:6999' });
      expect(out.status).toBe(1);
      expect(out.lines).toHaveLength(1);
      expect(out.lines[0]).toMatch(
        /Redis is not reachable at 127\.0\.0\.1:6999: start it .*redis-server.* or set REDIS_URL/,
      );
    },
  );

  it('refuses production without its secrets, naming them', () => {
    const out = start('api', { NODE_ENV: 'production', JWT_SECRET: '', ADMIN_PASSWORD: '' });
    expect(out.status).toBe(1);
    expect(out.lines.join('\n')).toMatch(
      /JWT_SECRET is required when NODE_ENV=production[\s\S]*ADMIN_PASSWORD is required/,
    );
  });
});
