/**
 * docker-compose.yml, the Dockerfile (a target per app) and .dockerignore, held to libs/config and the build outputs.
 * No Docker engine runs here, so these files are checked by reading them: a variable the config does not know,
 * a secret written into the repo, a lost health check or a CMD that points at no build output fails here.
 */
import { ENV_VARS, loadConfig, type AppConfig } from '@taizhang/config';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { join, posix, resolve } from 'node:path';
import {
  ROOT,
  commandLine,
  containerPorts,
  dependsOn,
  execForm,
  healthcheckCommand,
  imageOf,
  importedSpecifiers,
  instructions,
  interpolate,
  mounts,
  parseCompose,
  parseCopy,
  parseDockerfile,
  rawEnvironment,
  readRepoFile,
  referencedVariables,
  withBuildArgs,
  type ComposeService,
  type DockerStage,
} from './compose-files';

const SERVICES = ['postgres', 'redis', 'api', 'worker', 'admin'] as const;
const SERVER_APPS = ['api', 'worker'] as const;
const APPS = ['api', 'worker', 'admin'] as const;
type ServerApp = (typeof SERVER_APPS)[number];
type App = (typeof APPS)[number];

const composeText = readRepoFile('docker-compose.yml');
const compose = parseCompose(composeText);
const services: Record<string, ComposeService> = compose.services ?? {};
const service = (name: string): ComposeService => services[name] ?? {};

/**
 * What `docker compose up` gets from the user's shell: a dummy value for every variable the file demands
 * (`${X:?…}`), long enough for loadConfig's length rules; nothing else, so `${X:-default}` takes its default.
 */
const userEnv: Record<string, string> = {};
for (const s of Object.values(services)) {
  for (const value of Object.values(rawEnvironment(s))) {
    for (const ref of referencedVariables(value ?? '')) {
      if (ref.required) userEnv[ref.name] = `dummy-${ref.name.toLowerCase()}-from-the-test-shell`;
    }
  }
}

/** A service's environment after interpolation, as the container would see it. */
function serviceEnv(
  name: string,
  shell: Record<string, string> = userEnv,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(rawEnvironment(service(name))).map(([k, v]) => [
      k,
      v === undefined ? shell[k] : interpolate(v, shell),
    ]),
  );
}

const configOf = (app: ServerApp): AppConfig => loadConfig(serviceEnv(app));

describe('docker-compose.yml', () => {
  it('is clean YAML (no duplicate keys, no warnings)', () => {
    expect(() => parseCompose(composeText)).not.toThrow();
  });

  it('has the five services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([...SERVICES]));
  });

  it.each([
    ['postgres', 'postgres:16-alpine'],
    ['redis', 'redis:7-alpine'],
  ])('runs %s from %s', (name, image) => {
    expect(service(name).image).toBe(image);
  });

  describe('storage', () => {
    it.each([
      ['postgres', '/var/lib/postgresql/data'],
      ['redis', '/data'],
    ])('keeps %s data in a named volume at %s', (name, target) => {
      const mount = mounts(service(name)).find((m) => m.target === target);
      expect(mount?.source).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/); // a name, not a host path
      expect(Object.keys(compose.volumes ?? {})).toContain(mount?.source);
    });

    it('runs Redis with noeviction and the append-only file, as BullMQ needs', () => {
      const cmd = commandLine(service('redis'));
      expect(cmd).toMatch(/--maxmemory-policy\s+noeviction\b/);
      expect(cmd).toMatch(/--appendonly\s+yes\b/);
    });
  });

  describe.each(SERVER_APPS)('the %s environment', (app) => {
    it(`sets only variables libs/config knows and the ${app} reads`, () => {
      const names = Object.keys(rawEnvironment(service(app)));
      const unknown = names.filter((name) => !ENV_VARS.some((v) => v.name === name));
      expect(unknown).toEqual([]);
      // loadConfig asks every process for the production-required variables, even one it never reads (the
      // worker: JWT_SECRET, ADMIN_PASSWORD). Such a variable may be set only while loadConfig still refuses to
      // start without it; once loadConfig asks each process for its own, this fails: drop it from the service.
      const notRead = names.filter(
        (name) => !ENV_VARS.some((v) => v.name === name && v.usedBy.includes(app)),
      );
      const needlessly = notRead.filter((name) => {
        const { [name]: _dropped, ...without } = serviceEnv(app);
        try {
          loadConfig(without);
          return true;
        } catch (err) {
          return !(err as Error).message.includes(name);
        }
      });
      expect(needlessly).toEqual([]);
    });

    it('keeps every setting in this file (no env_file the spec cannot see)', () => {
      expect(service(app).env_file).toBeUndefined();
    });

    it('runs with NODE_ENV=production', () => {
      expect(serviceEnv(app)['NODE_ENV']).toBe('production');
    });

    const required = ENV_VARS.filter((v) => v.requiredInProduction && v.usedBy.includes(app)).map(
      (v) => v.name,
    );
    it.each(required.length ? required : ['(none)'])(
      'takes %s from the user, required, never a literal',
      (name) => {
        if (name === '(none)') return;
        const raw = rawEnvironment(service(app))[name];
        expect(raw).toMatch(new RegExp(`^\\$\\{${name}:?\\?[^}]+\\}$`));
        // `docker compose up` without it refuses to start, naming it
        const { [name]: _unset, ...shellWithout } = userEnv;
        expect(() => serviceEnv(app, shellWithout)).toThrow(new RegExp(`required variable ${name}\\b`));
      },
    );

    it('passes loadConfig, as the process will at start-up', () => {
      expect(() => configOf(app)).not.toThrow();
      expect(configOf(app).nodeEnv).toBe('production');
    });

    it('reaches PostgreSQL at the postgres service, with its user, password and database', () => {
      const url = new URL(configOf(app).databaseUrl);
      const pg = serviceEnv('postgres');
      expect(url.hostname).toBe('postgres');
      expect(url.port || '5432').toBe('5432');
      expect(decodeURIComponent(url.username)).toBe(pg['POSTGRES_USER'] ?? 'postgres');
      expect(decodeURIComponent(url.password)).toBe(pg['POSTGRES_PASSWORD']);
      expect(url.pathname).toBe(`/${pg['POSTGRES_DB'] ?? pg['POSTGRES_USER'] ?? 'postgres'}`);
    });

    it('reaches Redis at the redis service', () => {
      const url = new URL(configOf(app).redisUrl);
      expect(url.hostname).toBe('redis');
      expect(url.port || '6379').toBe('6379');
    });
  });

  it('gives the api and the worker the same database, Redis and queue prefix', () => {
    const [api, worker] = [configOf('api'), configOf('worker')];
    expect({ db: worker.databaseUrl, redis: worker.redisUrl, prefix: worker.redisPrefix }).toEqual({
      db: api.databaseUrl,
      redis: api.redisUrl,
      prefix: api.redisPrefix,
    });
  });

  it('writes no secret into the repo: every password, secret, token or key is interpolated', () => {
    const literal: string[] = [];
    for (const [name, s] of Object.entries(services)) {
      for (const [key, value] of Object.entries(rawEnvironment(s))) {
        const secretish = /SECRET|PASSWORD|TOKEN|(^|_)KEY$/.test(key);
        const interpolated = referencedVariables(value ?? '').length > 0 || value === undefined;
        // the one exception: the local development database's own password (see its comment)
        if (secretish && !interpolated && !(name === 'postgres' && key === 'POSTGRES_PASSWORD'))
          literal.push(`${name}.${key}`);
      }
    }
    expect(literal).toEqual([]);
  });

  describe('ports', () => {
    it('publishes the API on its configured port, 3000', () => {
      const port = configOf('api').port;
      expect(port).toBe(3000);
      expect(containerPorts(service('api'), userEnv)).toContain(port);
    });

    it('publishes the admin app on 4200, the port serve-admin.mjs listens on', () => {
      const adminPort = Number(serviceEnv('admin')['ADMIN_PORT'] ?? 4200);
      expect(adminPort).toBe(4200);
      expect(containerPorts(service('admin'), userEnv)).toContain(adminPort);
    });

    it('lets the admin app proxy /api to the api service', () => {
      const url = new URL(serviceEnv('admin')['API_URL'] ?? '');
      expect(url.hostname).toBe('api');
      expect(Number(url.port || 80)).toBe(configOf('api').port);
    });
  });

  describe('proxies', () => {
    const addressOf = (name: string): string | undefined => {
      const n = service(name).networks;
      return n && !Array.isArray(n) ? (n['default']?.ipv4_address ?? undefined) : undefined;
    };
    const subnet = compose.networks?.['default']?.ipam?.config?.[0]?.subnet ?? '';
    const inSubnet = (ip: string): boolean => {
      const [base = '', bits = '32'] = subnet.split('/');
      const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
      const block = 2 ** (32 - Number(bits));
      return Math.floor(toInt(ip) / block) === Math.floor(toInt(base) / block);
    };

    it('believes X-Forwarded-For from the admin server and the load balancer, at their fixed addresses, and from nobody else', () => {
      const proxies = ['admin', 'lb'].map(addressOf);
      expect(proxies.every((ip) => typeof ip === 'string' && inSubnet(ip))).toBe(true);
      const trusted = configOf('api').trustProxy;
      expect(trusted).toEqual(['loopback', ...proxies]);
      // a client on the published port arrives from the network's gateway (.1), which must not be believed
      const gateway = subnet.replace(/\.0\/\d+$/, '.1');
      expect(trusted).not.toContain(gateway);
      expect((trusted || []).some((t) => /uniquelocal|\//.test(t))).toBe(false);
    });

    it('gives the second API the same trusted proxies (it is reached only through the load balancer)', () => {
      expect(loadConfig(serviceEnv('api-2')).trustProxy).toEqual(configOf('api').trustProxy);
    });
  });

  describe('health checks', () => {
    it.each([
      ['postgres', /\bpg_isready\b/],
      ['redis', /\bredis-cli\b.*\bping\b/],
      ['api', /127\.0\.0\.1:3000\/api\/health\b/],
    ])('checks %s', (name, pattern) => {
      expect(healthcheckCommand(service(name))).toMatch(pattern);
    });

    it('checks the API for readiness (503 while PostgreSQL is unreachable) and the worker on its metrics port', () => {
      expect(healthcheckCommand(service('api'))).toMatch(/127\.0\.0\.1:3000\/api\/health\/ready\b/);
      expect(healthcheckCommand(service('worker'))).toMatch(
        new RegExp(`127\\.0\\.0\\.1:${configOf('worker').workerMetricsPort}/metrics\\b`),
      );
    });

    it('checks the API with Node, since node images have no curl', () => {
      expect(service('api').healthcheck?.test).toEqual(expect.arrayContaining(['CMD', 'node', '-e']));
    });
  });

  describe('start order', () => {
    it.each([
      ['api', 'postgres', 'service_healthy'],
      ['api', 'redis', 'service_healthy'],
      ['worker', 'api', 'service_healthy'], // the API runs the migrations
    ])('starts %s once %s is %s', (name, dependency, condition) => {
      expect(dependsOn(service(name))[dependency]).toBe(condition);
    });

    it('starts the admin app after the api', () => {
      expect(Object.keys(dependsOn(service('admin')))).toContain('api');
    });

    it('waits only on services that have a health check', () => {
      const waitsOnNoCheck = Object.entries(services).flatMap(([name, s]) =>
        Object.entries(dependsOn(s))
          .filter(([dep, cond]) => cond === 'service_healthy' && !healthcheckCommand(service(dep)))
          .map(([dep]) => `${name} → ${dep}`),
      );
      expect(waitsOnNoCheck).toEqual([]);
    });
  });
});

/** .dockerignore as prefix patterns; `**\/x` matches x at any depth. Enough for the paths Dockerfiles copy. */
const dockerignore = readRepoFile('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

function ignoredByDocker(path: string): boolean {
  const segments = posix.normalize(path).split('/');
  return dockerignore.some((pattern) => {
    const anyDepth = pattern.startsWith('**/');
    const p = (anyDepth ? pattern.slice(3) : pattern).replace(/\/$/, '').split('/');
    const starts = anyDepth ? segments.map((_s, i) => i) : [0];
    return starts.some((i) => p.every((part, j) => segments[i + j] === part));
  });
}

describe('Prometheus (profile `metrics`)', () => {
  const prometheus = service('prometheus');
  const configMount = mounts(prometheus).find((m) => m.target === '/etc/prometheus/prometheus.yml');
  interface ScrapeConfig {
    job_name: string;
    metrics_path?: string;
    authorization?: { type?: string; credentials_file?: string };
    static_configs: { targets: string[] }[];
    dns_sd_configs?: { names: string[]; type?: string; port: number }[];
  }
  const scrapeConfigs = (): ScrapeConfig[] =>
    (
      parseYaml(readFileSync(resolve(ROOT, configMount?.source ?? ''), 'utf8')) as {
        scrape_configs: ScrapeConfig[];
      }
    ).scrape_configs;
  const job = (target: string) =>
    scrapeConfigs().find((c) => c.static_configs.some((s) => s.targets.includes(target)));

  it('runs only with --profile metrics, from a pinned image, with its configuration from deploy/prometheus', () => {
    expect(prometheus.profiles).toEqual(['metrics']);
    expect(prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(configMount?.source).toBe('./deploy/prometheus/prometheus.yml');
    expect(existsSync(resolve(ROOT, configMount?.source ?? ''))).toBe(true);
  });

  it('scrapes the API on its port with the METRICS_TOKEN bearer the API is given', () => {
    const api = job(`api:${configOf('api').port}`);
    expect(api?.metrics_path ?? '/metrics').toBe('/metrics');
    expect(api?.authorization?.type).toBe('Bearer');
    // the file the entrypoint writes from the same METRICS_TOKEN the api service gets
    const file = api?.authorization?.credentials_file ?? '';
    const entrypoint = prometheus.entrypoint ?? [];
    expect(typeof entrypoint === 'string' ? entrypoint : entrypoint.join(' ')).toContain(
      `"$$METRICS_TOKEN" > ${file}`,
    );
    expect(rawEnvironment(prometheus)['METRICS_TOKEN']).toBe(rawEnvironment(service('api'))['METRICS_TOKEN']);
    expect(
      referencedVariables(String(rawEnvironment(service('api'))['METRICS_TOKEN'])).map((r) => r.name),
    ).toEqual(['METRICS_TOKEN']);
  });

  it('scrapes the worker on WORKER_METRICS_PORT, which is on', () => {
    const port = configOf('worker').workerMetricsPort;
    expect(port).toBeGreaterThan(0);
    expect(job(`worker:${port}`)?.metrics_path ?? '/metrics').toBe('/metrics');
  });

  it('does not hold up the system: nothing outside its profile (Grafana) depends on it', () => {
    const dependents = Object.entries(services).filter(
      ([, s]) => Object.keys(dependsOn(s)).includes('prometheus') && !s.profiles?.includes('metrics'),
    );
    expect(dependents).toEqual([]);
  });
});

describe('profiles', () => {
  it('runs the five services of the system without a profile, everything else behind one', () => {
    const always = Object.keys(services).filter((name) => !service(name).profiles?.length);
    expect(always.sort()).toEqual([...SERVICES].sort());
    const byProfile = (p: string) =>
      Object.keys(services)
        .filter((name) => service(name).profiles?.includes(p))
        .sort();
    expect(byProfile('metrics')).toEqual(['grafana', 'prometheus']);
    expect(byProfile('scale')).toEqual(['api-2', 'lb', 'worker-2']);
  });

  it('demands no variable for a profile: `docker compose up` without it needs only the usual two', () => {
    const demanded = Object.entries(services)
      .filter(([, s]) => s.profiles?.length)
      .flatMap(([name, s]) =>
        Object.entries(rawEnvironment(s)).flatMap(([key, value]) =>
          referencedVariables(value ?? '')
            .filter((r) => r.required && rawEnvironment(service('api'))[key] !== value)
            .map((r) => `${name}.${key}: ${r.name}`),
        ),
      );
    expect(demanded).toEqual([]);
  });

  it('depends only on services that exist, and a service without a profile on no profiled one', () => {
    const bad = Object.entries(services).flatMap(([name, s]) =>
      Object.keys(dependsOn(s))
        .filter((dep) => !services[dep] || (!s.profiles?.length && service(dep).profiles?.length))
        .map((dep) => `${name} → ${dep}`),
    );
    expect(bad).toEqual([]);
  });

  it('mounts only files and folders of this repository that exist', () => {
    const missing = Object.entries(services).flatMap(([name, s]) =>
      mounts(s)
        .filter((m) => m.source?.startsWith('.') && !existsSync(resolve(ROOT, m.source)))
        .map((m) => `${name}: ${m.source}`),
    );
    expect(missing).toEqual([]);
  });

  it('publishes each host port once, whichever profiles run', () => {
    const hostPorts = Object.values(services).flatMap((s) =>
      (s.ports ?? []).map((p) => {
        if (typeof p === 'number') return String(p);
        if (typeof p === 'object') return String(p.published ?? p.target);
        const parts = interpolate(p, userEnv).split('/')[0].split(':');
        return parts.length > 1 ? parts[parts.length - 2] : parts[0];
      }),
    );
    expect(hostPorts.filter((p, i) => hostPorts.indexOf(p) !== i)).toEqual([]);
  });
});

describe('Grafana (profile `metrics`)', () => {
  const grafana = service('grafana');
  const mountOf = (target: string) => mounts(grafana).find((m) => m.target === target)?.source ?? '';
  const provisioning = mountOf('/etc/grafana/provisioning');
  const datasources = () =>
    (
      parseYaml(readFileSync(resolve(ROOT, provisioning, 'datasources/prometheus.yml'), 'utf8')) as {
        datasources: { type: string; url: string; isDefault?: boolean }[];
      }
    ).datasources;
  const providers = () =>
    (
      parseYaml(readFileSync(resolve(ROOT, provisioning, 'dashboards/taizhang.yml'), 'utf8')) as {
        providers: { type: string; options: { path: string } }[];
      }
    ).providers;

  it('runs from a pinned image, after Prometheus is healthy', () => {
    expect(grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(dependsOn(grafana)['prometheus']).toBe('service_healthy');
  });

  it('reads the Prometheus service as its default data source', () => {
    const [ds] = datasources();
    expect(ds).toMatchObject({ type: 'prometheus', isDefault: true });
    const url = new URL(ds.url);
    expect(services[url.hostname]).toBe(prometheus());
    expect(url.port).toBe('9090');
    expect(healthcheckCommand(prometheus())).toContain(':9090/');
  });

  it('loads deploy/grafana/taizhang.json from the folder its dashboard provider reads', () => {
    const mounted = mounts(grafana).find((m) => m.source === './deploy/grafana/taizhang.json');
    expect(mounted).toBeDefined();
    expect(providers()).toEqual([
      expect.objectContaining({ type: 'file', options: { path: posix.dirname(mounted?.target ?? '') } }),
    ]);
    const dashboard = JSON.parse(readRepoFile('deploy/grafana/taizhang.json')) as {
      templating: { list: { type: string; query: string }[] };
    };
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ type: 'datasource', query: datasources()[0].type }),
    );
  });

  it('takes its admin password from the user, never from this file', () => {
    expect(rawEnvironment(grafana)['GF_SECURITY_ADMIN_PASSWORD']).toBe('${GRAFANA_ADMIN_PASSWORD:-}');
  });

  function prometheus(): ComposeService {
    return service('prometheus');
  }
});

describe('the `scale` profile', () => {
  const lb = service('lb');
  const nginxConf = readRepoFile(
    mounts(lb).find((m) => m.target === '/etc/nginx/nginx.conf')?.source ?? 'deploy/nginx/nginx.conf',
  );
  const upstream = (name: string) => {
    const block = new RegExp(`upstream\\s+${name}\\s*\\{([^}]*)\\}`).exec(nginxConf)?.[1] ?? '';
    return [...block.matchAll(/^\s*server\s+([^\s:;]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
  };
  const without = (s: ComposeService, ...keys: Array<keyof ComposeService>) =>
    Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k as keyof ComposeService)));

  it('runs a second API that is the first one, unpublished, started once the first has migrated', () => {
    expect(without(service('api-2'), 'ports', 'depends_on', 'profiles')).toEqual(
      without(service('api'), 'ports', 'depends_on', 'profiles'),
    );
    expect(service('api-2').ports).toEqual([]);
    expect(dependsOn(service('api-2'))).toMatchObject({
      api: 'service_healthy',
      postgres: 'service_healthy',
      redis: 'service_healthy',
    });
  });

  it('runs a second worker that is the first one', () => {
    expect(without(service('worker-2'), 'profiles')).toEqual(without(service('worker'), 'profiles'));
  });

  it('balances /api over both APIs and sends the rest to the admin app, on the port it publishes', () => {
    const apiPort = configOf('api').port;
    expect(upstream('taizhang_api').sort()).toEqual([`api-2:${apiPort}`, `api:${apiPort}`]);
    expect(upstream('taizhang_admin')).toEqual([`admin:${serviceEnv('admin')['ADMIN_PORT']}`]);
    expect(nginxConf).toMatch(/location \/api \{[^}]*proxy_pass http:\/\/taizhang_api;/);
    expect(nginxConf).toMatch(/location \/ \{[^}]*proxy_pass http:\/\/taizhang_admin;/);
    const listen = Number(/\blisten\s+(\d+);/.exec(nginxConf)?.[1]);
    expect(containerPorts(lb, userEnv)).toEqual([listen]);
    expect(lb.image).toMatch(/^nginx:\d+\.\d+\.\d+-alpine$/);
  });

  it('starts the balancer once every server behind it is healthy', () => {
    const behind = [...upstream('taizhang_api'), ...upstream('taizhang_admin')].map((s) => s.split(':')[0]);
    for (const name of behind) expect(dependsOn(lb)[name]).toBe('service_healthy');
  });

  it('retries only idempotent requests on the other API, and sets the client address itself', () => {
    expect(nginxConf).toMatch(/proxy_next_upstream error timeout http_502 http_503;/);
    expect(nginxConf).not.toMatch(/non_idempotent/);
    expect(nginxConf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(healthcheckCommand(lb)).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${containerPorts(lb, userEnv)[0]}/healthz`),
    );
  });

  it('is scraped by Prometheus: api-2 and worker-2 in the same jobs as the first ones', () => {
    const config = parseYaml(readRepoFile('deploy/prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; dns_sd_configs?: { names: string[]; port: number }[] }[];
    };
    const sd = (job: string) => config.scrape_configs.find((c) => c.job_name === job)?.dns_sd_configs ?? [];
    expect(sd('taizhang-api')).toEqual([
      expect.objectContaining({ names: ['api-2'], port: configOf('api').port }),
    ]);
    expect(sd('taizhang-worker')).toEqual([
      expect.objectContaining({ names: ['worker-2'], port: configOf('worker').workerMetricsPort }),
    ]);
  });
});

describe('deploy/grafana/taizhang.json', () => {
  it('charts only metrics the API and the worker define', () => {
    const dashboard = JSON.parse(readRepoFile('deploy/grafana/taizhang.json')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const names = new Set(
      dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/taizhang_[a-z_]+/g) ?? [])),
    );
    const defined =
      readRepoFile('apps/api/src/core/metrics.ts') +
      readRepoFile('apps/worker/src/metrics/worker-metrics.ts') +
      // the PostgreSQL pool gauge both processes register
      readRepoFile('libs/db/src/pool.ts');
    const base = (n: string) => n.replace(/_(bucket|count|sum)$/, '');
    expect([...names].filter((n) => !defined.includes(`'${base(n)}'`))).toEqual([]);
    expect(names.size).toBeGreaterThanOrEqual(7);
  });
});

describe('.dockerignore', () => {
  it.each(['node_modules', 'dist', '.nx', '.angular', 'coverage', '.git', 'artifacts', 'bench/data', '.env'])(
    'keeps %s out of the build context',
    (entry) => {
      expect(ignoredByDocker(entry)).toBe(true);
    },
  );
});

describe.each(APPS)('the Dockerfile, target %s', (app: App) => {
  const build = service(app).build;
  const context = typeof build === 'string' ? build : (build?.context ?? '.');
  const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build?.dockerfile ?? 'Dockerfile');
  const target = typeof build === 'string' ? undefined : build?.target;
  const args = (typeof build === 'string' ? undefined : build?.args) ?? {};
  const dockerfilePath = join(ROOT, context, dockerfile);
  // the stages as this service's build reads them: its build arguments filled in
  const stages: DockerStage[] = existsSync(dockerfilePath)
    ? parseDockerfile(withBuildArgs(readRepoFile(join(context, dockerfile)), args))
    : [];
  const buildStage = stages[0];
  const runtime = stages.length && target ? imageOf(stages, target) : { image: '', instructions: [] };
  const project = JSON.parse(readRepoFile(`apps/${app}/project.json`)) as {
    targets: { build: { outputs?: string[]; options?: { outputPath?: string } } };
  };

  it('is what docker-compose.yml builds, with the repository root as context, the app as APP and as target', () => {
    expect(resolve(ROOT, context)).toBe(resolve(ROOT));
    expect(posix.normalize(dockerfile)).toBe('Dockerfile');
    expect(existsSync(dockerfilePath)).toBe(true);
    expect({ target, args }).toEqual({ target: app, args: { APP: app } });
    // the build stage builds what APP names: the argument is declared there, and nothing else is left unfilled
    const unfilled = parseDockerfile(readRepoFile(join(context, dockerfile)));
    expect(instructions(unfilled[0], 'ARG')).toContain('APP');
    expect(instructions(unfilled[0], 'RUN').join('\n')).toMatch(/\bnx build \$\{APP\}/);
    expect(stages.flatMap((s) => s.instructions).filter((i) => /\$\{?APP\b/.test(i.args))).toEqual([]);
  });

  it('builds on node:20-bookworm-slim and runs on node:20-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(buildStage).toMatchObject({ image: 'node:20-bookworm-slim', name: 'build' });
    expect(runtime.image).toBe('node:20-bookworm-slim');
  });

  it(`installs with npm ci and runs nx build ${app} without the daemon`, () => {
    const runs = instructions(buildStage, 'RUN').join('\n');
    expect(runs).toMatch(/\bnpm ci\b/);
    expect(runs).toMatch(new RegExp(`\\bnx build ${app}\\b`));
    expect([...instructions(buildStage, 'ENV'), runs].join('\n')).toMatch(/\bNX_DAEMON=false\b/);
  });

  it(`copies the build output dist/apps/${app} into the runtime image`, () => {
    const outputs = project.targets.build.outputs ?? [];
    const outputPath = project.targets.build.options?.outputPath;
    expect([...outputs, outputPath]).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^(\\{workspaceRoot\\}/)?dist/apps/${app}$`)),
      ]),
    );
    const copies = instructions(runtime, 'COPY').map(parseCopy);
    expect(copies).toContainEqual(
      expect.objectContaining({
        from: 'build',
        sources: [expect.stringMatching(new RegExp(`(^|/)dist/apps/${app}/?$`))],
        dest: `dist/apps/${app}`,
      }),
    );
  });

  it('runs as the unprivileged node user', () => {
    expect(instructions(runtime, 'USER').pop()).toBe('node');
  });

  it('copies from the context only files that exist and that .dockerignore keeps', () => {
    const bad = stages
      .flatMap((s) => instructions(s, 'COPY').map(parseCopy))
      .filter((c) => !c.from)
      .flatMap((c) => c.sources)
      .filter((src) => src !== '.' && (!existsSync(join(ROOT, src)) || ignoredByDocker(src)));
    expect(bad).toEqual([]);
  });

  if (app === 'admin') {
    it('serves dist/apps/admin/browser with tools/serve-admin.mjs', () => {
      expect(execForm(instructions(runtime, 'CMD').pop() ?? '')).toEqual(['node', 'tools/serve-admin.mjs']);
      expect(readRepoFile('tools/serve-admin.mjs')).toContain('dist/apps/admin/browser');
    });

    it('installs the production dependencies; its scripts import only those, node: built-ins and each other', () => {
      const copied = instructions(runtime, 'COPY')
        .map(parseCopy)
        .filter((c) => !c.from)
        .flatMap((c) => c.sources);
      expect(copied).toContain('tools/serve-admin.mjs');
      expect(instructions(runtime, 'RUN').join('\n')).toMatch(/\bnpm ci\b.*--omit=dev/);
      const production = Object.keys(
        (JSON.parse(readRepoFile('package.json')) as { dependencies: Record<string, string> }).dependencies,
      );
      const packageOf = (spec: string) =>
        spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      const outside = copied
        .filter((file) => file.endsWith('.mjs'))
        .flatMap((file) =>
          importedSpecifiers(readRepoFile(file))
            .filter((spec) => !spec.startsWith('node:'))
            .filter(
              (spec) => !(spec.startsWith('.') && copied.includes(posix.join(posix.dirname(file), spec))),
            )
            .filter((spec) => !production.includes(packageOf(spec)))
            .map((spec) => `${file} imports ${spec}`),
        );
      expect(outside).toEqual([]);
    });

    it('exposes 4200', () => {
      expect(instructions(runtime, 'EXPOSE').join(' ').split(/\s+/)).toContain('4200');
    });
  } else {
    it(`starts with CMD ["node", "dist/apps/${app}/main.js"]`, () => {
      expect(execForm(instructions(runtime, 'CMD').pop() ?? '')).toEqual([
        'node',
        `dist/apps/${app}/main.js`,
      ]);
    });

    it('installs production dependencies only (the bundle keeps node_modules external)', () => {
      expect(instructions(runtime, 'RUN').join('\n')).toMatch(/\bnpm ci\b[^\n]*--omit=dev/);
    });
  }

  if (app === 'api') {
    it('exposes the API port and checks readiness (/api/health/ready)', () => {
      expect(instructions(runtime, 'EXPOSE').join(' ').split(/\s+/)).toContain(String(configOf('api').port));
      expect(instructions(runtime, 'HEALTHCHECK').join('\n')).toMatch(/\/api\/health\/ready\b/);
    });
  }
});

describe('the build context', () => {
  it('has the files every image starts from', () => {
    for (const f of ['package.json', 'package-lock.json'])
      expect(statSync(join(ROOT, f)).isFile()).toBe(true);
  });
});
