// Preloaded into the API by `run.mjs --cpu-prof DIR` (node -r): profiles the process's CPU from its start
// and writes DIR/api-<pid>.cpuprofile (Chrome DevTools' format) on SIGTERM/SIGINT, before Nest's own
// shutdown re-raises the signal (node's --cpu-prof writes only on a normal exit, which the API never has).
const { Session } = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // the in-process session answers synchronously
    session.post('Profiler.stop', (err, res) => {
      if (err) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `api-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
    });
  };
  process.prependListener('SIGTERM', write);
  process.prependListener('SIGINT', write);
  process.on('exit', write);
}
