// The dashboard on a throttled phone (issue 18): the built admin app behind tools/serve-admin.mjs (compressed,
// hashed files cached for a year), opened by a county manager in Chromium through playwright-core, with a
// phone's viewport, a 4× slower CPU and a 1.6 Mbps / 750 kbps / 150 ms network (the Chrome DevTools protocol),
// from a cold cache. Measured from the start of the navigation:
//   numbersMs     the dashboard's figures are on screen (the total's card shows a number)
//   chartsMs      all its charts (three or more) are drawn (each `tz-chart` marks itself `data-rendered`)
//   transferredKB what came over the network until then (encoded bytes: headers and compressed bodies)
// and the same for a second visit in the same browser (`warm`: what the immutable caching saves).
// Targets (issue 18): numbers within 3 s, charts within 5 s.
//
//   node tools/bench/phone.mjs --admin-url http://127.0.0.1:4200 --username U --password P [--no-throttle]
// measures a running system on its own (`--no-throttle`: the machine's own CPU and network, for comparison); `npm run bench` runs it as its `phone` phase.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireTs } from './ts-sources.mjs';

const require = createRequire(import.meta.url);

export const PHONE_PROFILE = {
  viewport: { width: 375, height: 740 },
  deviceScaleFactor: 2,
  cpuThrottlingRate: 4,
  network: {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  },
};
export const PHONE_TARGETS = { numbersMs: 3000, chartsMs: 5000 };
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHARTS = 3;

/** Why the phase cannot run here, or null. */
export function phoneUnavailable(adminDist) {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
  try {
    require.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed';
  }
  if (adminDist && !existsSync(resolve(adminDist, 'index.html')))
    return `the admin app is not built (${adminDist}/index.html is missing: npx nx run admin:build)`;
  return null;
}

// Runs in the page before any of its scripts: notes the moment each condition first holds
// (performance.now() counts from the start of the navigation).
function marks(charts) {
  const w = window;
  w.__phone = { numbersMs: null, chartsMs: null };
  const check = () => {
    const p = w.__phone;
    if (p.numbersMs === null) {
      const total = document.querySelector('[data-testid="dashboard-total"]');
      if (total && /\d/.test(total.textContent || '') && total.getBoundingClientRect().height > 0)
        p.numbersMs = performance.now();
    }
    // a build from before the charts marked themselves (for a before/after comparison): a chart's canvas
    // is there once echarts has drawn its first frame
    const all = document.querySelectorAll('tz-chart').length;
    const drawn = document.querySelector('tz-chart[data-chart]')
      ? document.querySelectorAll('tz-chart[data-rendered]').length
      : document.querySelectorAll('tz-chart canvas').length;
    if (p.chartsMs === null && all >= charts && drawn >= all) p.chartsMs = performance.now();
    if (p.numbersMs !== null && p.chartsMs !== null) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  document.addEventListener('DOMContentLoaded', () => {
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-rendered'],
    });
    check();
  });
}

/**
 * One visit: navigate to the dashboard and wait until the numbers and the charts are there.
 * `bytes` counts the encoded length of every response finished before the charts were drawn.
 */
async function visit(page, cdp, url, timeoutMs) {
  let bytes = 0;
  let requests = 0;
  let done = false;
  const onFinished = (e) => {
    if (done) return;
    bytes += e.encodedDataLength;
    requests++;
  };
  cdp.on('Network.loadingFinished', onFinished);
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    const handle = await page
      .waitForFunction(
        () => {
          const p = window.__phone;
          return p && p.numbersMs !== null && p.chartsMs !== null ? p : null;
        },
        undefined,
        { timeout: timeoutMs, polling: 200 },
      )
      .catch(async (err) => {
        // what the page shows instead, for the error
        const seen = await page
          .evaluate(() => ({
            marks: window.__phone,
            charts: document.querySelectorAll('tz-chart').length,
            text: document.body?.innerText.replace(/\s+/g, ' ').slice(0, 300),
          }))
          .catch(() => null);
        throw new Error(`${err.message}\n  at ${page.url()}: ${JSON.stringify(seen)}`);
      });
    const t = await handle.jsonValue();
    done = true;
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      return {
        domContentLoadedMs: n?.domContentLoadedEventEnd,
        // the waterfall: what was asked for when, and when it had arrived
        resources: performance.getEntriesByType('resource').map((r) => {
          const u = new URL(r.name);
          return `${Math.round(r.startTime)}–${Math.round(r.responseEnd)} ${u.pathname}${u.search.slice(0, 40)}`;
        }),
      };
    });
    return {
      numbersMs: Math.round(t.numbersMs),
      chartsMs: Math.round(t.chartsMs),
      transferredKB: Math.round((bytes / 1024) * 10) / 10,
      requests,
      domContentLoadedMs: nav.domContentLoadedMs == null ? null : Math.round(nav.domContentLoadedMs),
      resources: nav.resources,
    };
  } finally {
    cdp.off('Network.loadingFinished', onFinished);
  }
}

/**
 * The phase. `adminUrl`: the admin server (it proxies /api); `session`: `{ token, user }` of a manager as the
 * API's login answers them (put in localStorage as the app keeps them, so the visit starts signed in).
 */
export async function measurePhone({
  adminUrl,
  session,
  path = '/dashboard',
  timeoutMs = 60_000,
  log,
  throttle = true,
}) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...requireTs('libs/testing/src/chromium.ts').CHROMIUM_ARGS],
  });
  try {
    const context = await browser.newContext({
      viewport: PHONE_PROFILE.viewport,
      deviceScaleFactor: PHONE_PROFILE.deviceScaleFactor,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await context.addInitScript(
      ({ token, user }) => {
        try {
          localStorage.setItem('tz.token', token);
          localStorage.setItem('tz.user', JSON.stringify(user));
        } catch {
          // about:blank between the visits has no storage
        }
      },
      { token: session.token, user: session.user },
    );
    await context.addInitScript(marks, CHARTS);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e.message ?? e)));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    if (throttle) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_PROFILE.cpuThrottlingRate });
      await cdp.send('Network.emulateNetworkConditions', PHONE_PROFILE.network);
    }
    const url = new URL(path, adminUrl).toString();
    const cold = await visit(page, cdp, url, timeoutMs);
    log?.(`  phone, cold cache: ${JSON.stringify({ ...cold, resources: undefined })}`);
    // a second visit in the same browser: the hashed files come from its cache (immutable), index.html
    // and the API's answers over the network again
    await page.goto('about:blank');
    const warm = await visit(page, cdp, url, timeoutMs);
    log?.(`  phone, second visit: ${JSON.stringify({ ...warm, resources: undefined })}`);
    await context.close();
    return {
      ...cold,
      targets: PHONE_TARGETS,
      met: cold.numbersMs <= PHONE_TARGETS.numbersMs && cold.chartsMs <= PHONE_TARGETS.chartsMs,
      throttled: throttle,
      warm: { ...warm, resources: undefined },
      profile: {
        viewport: `${PHONE_PROFILE.viewport.width}×${PHONE_PROFILE.viewport.height}@${PHONE_PROFILE.deviceScaleFactor}x`,
        cpuThrottlingRate: PHONE_PROFILE.cpuThrottlingRate,
        downKbps: 1600,
        upKbps: 750,
        latencyMs: PHONE_PROFILE.network.latency,
      },
      pageErrors: errors,
    };
  } finally {
    await browser.close();
  }
}

// ------------------------------------------------ standalone: against a running system
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (k, d) => {
    const i = process.argv.indexOf(`--${k}`);
    return i >= 0 ? process.argv[i + 1] : d;
  };
  const adminUrl = arg('admin-url', 'http://127.0.0.1:4200');
  const why = phoneUnavailable(null);
  if (why) {
    console.error(`phone: ${why}`);
    process.exit(2);
  }
  const res = await fetch(new URL('/api/auth/login', adminUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: arg('username', 'lingdao'), password: arg('password', 'demo1234') }),
  });
  if (!res.ok) {
    console.error(`phone: login answered ${res.status}`);
    process.exit(1);
  }
  const login = await res.json();
  const result = await measurePhone({
    adminUrl,
    session: { token: login.accessToken, user: login.user },
    log: (m) => console.log(m),
    // `--no-throttle`: the same visits at the machine's own speed (the phone's viewport only)
    throttle: !process.argv.includes('--no-throttle'),
  });
  console.log(JSON.stringify(result, null, 2));
}
