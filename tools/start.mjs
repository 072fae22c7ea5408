#!/usr/bin/env node
// `npm start`: install if needed, build, and run the whole system with demo data:
// API on :3000, worker, admin app on :4200. Ctrl-C stops everything.
import { ROOT, checkServices, ensureInstalled, log, run, startChild, waitForHttp } from './lib.mjs';

const t0 = Date.now();
ensureInstalled();
await checkServices();
log('building api, worker and admin …');
run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api,worker,admin', '--output-style=static'], {
  env: { NX_DAEMON: 'false' },
});

const env = { DEMO_DATA: process.env.DEMO_DATA ?? 'true' };
const port = process.env.PORT || '3000';
const adminPort = process.env.ADMIN_PORT || '4200';
const children = [];
const stop = (code) => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const api = startChild('api', 'node', ['dist/apps/api/main.js'], env);
children.push(api);
api.on('exit', (c) => {
  log(`the API stopped (exit ${c})`);
  stop(c || 1);
});
try {
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 180_000, api);
} catch (err) {
  log(String(err.message));
  stop(1);
}
const worker = startChild('worker', 'node', ['dist/apps/worker/main.js']);
children.push(worker);
worker.on('exit', (c) => {
  log(`the worker stopped (exit ${c})`);
  stop(c || 1);
});
const admin = startChild('admin', 'node', ['tools/serve-admin.mjs'], {
  API_URL: `http://127.0.0.1:${port}`,
  ADMIN_PORT: adminPort,
});
children.push(admin);
await waitForHttp(`http://127.0.0.1:${adminPort}/`, 30_000, admin);

const secs = ((Date.now() - t0) / 1000).toFixed(0);
console.log(`
\x1b[32mtaizhang is running\x1b[0m (ready in ${secs}s; root ${ROOT})

  管理端 Admin app   http://127.0.0.1:${adminPort}
  API               http://127.0.0.1:${port}/api   (OpenAPI: http://127.0.0.1:${port}/api/docs)

  Sign in as
    admin     / ${process.env.ADMIN_PASSWORD ? '(your ADMIN_PASSWORD)' : 'taizhang-admin'}   系统管理员 admin
    zhidao    / demo1234         驻厂指导员 instructor (郭店镇)
    zhuanban  / demo1234         郭店镇专班 coordinator
    renshe    / demo1234         新郑市人社局 bureau officer
    shirenshe / demo1234         郑州市人社局 bureau officer (city)
    lingdao   / demo1234         新郑市领导 manager
  (demo users exist when the database was empty at first start)

Ctrl-C stops everything.
`);
