import { isIP } from 'node:net';

/**
 * The one place that reads the process environment (STYLE: nothing else reads `process.env`).
 * Every variable is validated at start-up; a bad value stops the process with a message naming it.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  redisUrl: string;
  /** Read replicas of `databaseUrl` (DATABASE_READ_URLS): dashboards, lists and exports may read there. */
  databaseReadUrls: string[];
  /** The most a replica may lag behind the primary (ms) and still answer; beyond it the primary answers. */
  databaseReadMaxLagMs: number;
  /** Connections in each process's PostgreSQL pool. */
  dbPoolSize: number;
  /** Prefix of every BullMQ key, so several systems (or test runs) can share one Redis. */
  redisPrefix: string;
  port: number;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  adminPassword: string;
  /** Load the demo world into an empty database at start-up. */
  demoData: boolean;
  /** How often the outbox relay looks for undelivered rows, in ms. */
  relayIntervalMs: number;
  /** How often the worker's safety net looks for deadlines that passed unhandled, in ms. */
  sweepIntervalMs: number;
  /** How often the worker folds dashboard count deltas into the compacted counters, in ms. */
  statsCompactIntervalMs: number;
  /** First retry delay of a failed job, in ms (exponential back-off: 1×, 2×, 4×, 8× it over five attempts). */
  jobBackoffMs: number;
  /**
   * BullMQ lock of an active job, in ms (renewed while the job runs), and how often a worker looks for jobs
   * whose lock expired: a job cut off by a crash or a shutdown is taken up again within about twice this.
   */
  jobLockMs: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** `text`: Nest's one-line format; `json`: one JSON object per line (level, pid, timestamp, context, message, requestId). */
  logFormat: 'text' | 'json';
  /** Tests only (NODE_ENV=test): hold each deadline check this long before it commits (crash tests). */
  testCheckDelayMs: number;
  /**
   * Express's `trust proxy`: which proxies' X-Forwarded-For the API believes for the client address (the
   * sign-in throttle counts per address). `false`, or a list of loopback | linklocal | uniquelocal | IP | CIDR.
   */
  trustProxy: false | string[];
  /**
   * Bearer token that `GET /metrics` on the API's port requires (Prometheus' `authorization` credentials).
   * Empty: the API serves no metrics (404).
   */
  metricsToken: string;
  /** Port of the worker's Prometheus listener (`GET /metrics`); 0 = no listener. */
  workerMetricsPort: number;
  /**
   * Key that signs the enterprise's one-time confirmation links (HMAC-SHA256). Empty: derived from JWT_SECRET
   * (so a development start needs nothing more); set it of its own in production.
   */
  confirmLinkSecret: string;
  /** How long a confirmation link works, in days. */
  confirmLinkTtlDays: number;
  /** Requests per minute each client address may make to the public confirmation endpoints. */
  confirmRateLimitPerMinute: number;
  /** Where the admin app is reached from outside: confirmation links point to `${publicUrl}/confirm/<token>`. */
  publicUrl: string;
  /**
   * Hosts a unit's group robot (企业微信 / 钉钉 webhook) may be addressed at (WEBHOOK_HOSTS): the worker posts
   * there, so a unit's staff must not be able to aim it at an internal address. `['*']`: any host.
   */
  webhookHosts: string[];
  /** The HTTP SMS gateway (signed template messages), or null: no text messages. */
  sms: SmsGatewayConfig | null;
  /** The SMTP server for e-mail notifications, or null: no e-mail. */
  smtp: { url: string; from: string } | null;
  /** Working hours before resolve-by at which the holder hears that the deadline is near. */
  deadlineNearLeadHours: number;
  /** Where case attachments are kept: PostgreSQL (`db`, the default) or an S3-compatible bucket. */
  attachments: AttachmentStorageConfig;
}

/** An SMS gateway shaped like the common Chinese cloud SMS APIs (access key, signature name, template). */
export interface SmsGatewayConfig {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
}

export interface AttachmentStorageConfig {
  storage: 'db' | 's3';
  s3: {
    endpoint: string;
    bucket: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
  };
}

export interface EnvVarSpec {
  name: string;
  description: string;
  /** The development default; `undefined` means required. */
  devDefault?: string;
  /** Required when NODE_ENV=production (no default applies there). */
  requiredInProduction?: boolean;
  /** Which processes read it. */
  usedBy: ReadonlyArray<'api' | 'worker' | 'admin'>;
}

export const DEV_ADMIN_PASSWORD = 'taizhang-admin';
const DEV_SIGNING_KEY = 'dev-only-signing-key-change-me';

export const ENV_VARS: readonly EnvVarSpec[] = [
  {
    name: 'NODE_ENV',
    description: 'development | production | test',
    devDefault: 'development',
    usedBy: ['api', 'worker'],
  },
  {
    name: 'DATABASE_URL',
    description: 'PostgreSQL connection URL; the database is created if it does not exist',
    devDefault: 'postgres://postgres@127.0.0.1:5432/taizhang',
    usedBy: ['api', 'worker'],
  },
  {
    name: 'DATABASE_READ_URLS',
    description:
      'optional, comma-separated PostgreSQL URLs of streaming read replicas: dashboards, ledger lists and exports read there (docs/read-replicas.md)',
    devDefault: '',
    usedBy: ['api', 'worker'],
  },
  {
    name: 'DATABASE_READ_MAX_LAG_MS',
    description:
      'a replica further behind the primary than this (measured by WAL position) is not read from; the primary answers (an export waits this long for the replica to replay its request)',
    devDefault: '5000',
    usedBy: ['api', 'worker'],
  },
  {
    name: 'DB_POOL_SIZE',
    description: "connections in each process's PostgreSQL pool",
    devDefault: '20',
    usedBy: ['api', 'worker'],
  },
  {
    name: 'REDIS_URL',
    description: 'Redis connection URL',
    devDefault: 'redis://127.0.0.1:6379',
    usedBy: ['api', 'worker'],
  },
  {
    name: 'REDIS_PREFIX',
    description: 'prefix of every queue key in Redis',
    devDefault: 'taizhang',
    usedBy: ['api', 'worker'],
  },
  { name: 'PORT', description: 'HTTP port of the API', devDefault: '3000', usedBy: ['api'] },
  {
    name: 'JWT_SECRET',
    description: 'key that signs sign-in tokens (at least 16 characters)',
    devDefault: DEV_SIGNING_KEY,
    requiredInProduction: true,
    usedBy: ['api'],
  },
  { name: 'JWT_EXPIRES_IN', description: 'token lifetime in seconds', devDefault: '28800', usedBy: ['api'] },
  {
    name: 'ADMIN_PASSWORD',
    description: 'password of the `admin` user created on first start with an empty database',
    devDefault: DEV_ADMIN_PASSWORD,
    requiredInProduction: true,
    usedBy: ['api'],
  },
  {
    name: 'DEMO_DATA',
    description: 'load the demo world into an empty database (true/false)',
    devDefault: 'false',
    usedBy: ['api'],
  },
  {
    name: 'RELAY_INTERVAL_MS',
    description: 'how often the worker moves outbox rows into queues',
    devDefault: '500',
    usedBy: ['worker'],
  },
  {
    name: 'SWEEP_INTERVAL_MS',
    description:
      'how often the worker looks for missed deadlines whose job never ran, and re-declares lost repeatable schedules',
    devDefault: '10000',
    usedBy: ['worker'],
  },
  {
    name: 'STATS_COMPACT_INTERVAL_MS',
    description: 'how often the worker folds dashboard count deltas',
    devDefault: '5000',
    usedBy: ['worker'],
  },
  {
    name: 'JOB_BACKOFF_MS',
    description: 'first retry delay of a failed job (exponential back-off over five attempts)',
    devDefault: '1000',
    usedBy: ['worker'],
  },
  {
    name: 'JOB_LOCK_MS',
    description:
      'lock of an active job (renewed while it runs) and how often expired locks are looked for: a job cut off by a crash is taken up again within about twice this',
    devDefault: '30000',
    usedBy: ['worker'],
  },
  {
    name: 'TEST_CHECK_DELAY_MS',
    description: 'tests only (NODE_ENV=test): pause deadline checks before commit',
    devDefault: '0',
    usedBy: ['worker'],
  },
  {
    name: 'TRUST_PROXY',
    description:
      'proxies whose X-Forwarded-For is believed for the client address: false, or a comma list of loopback, linklocal, uniquelocal, IPs, CIDRs (the admin server on the same host overwrites X-Forwarded-For)',
    devDefault: 'loopback',
    usedBy: ['api'],
  },
  {
    name: 'METRICS_TOKEN',
    description:
      "bearer token for the API's Prometheus metrics (GET /metrics, outside /api); empty = no metrics on the API (at least 16 characters)",
    devDefault: '',
    usedBy: ['api'],
  },
  {
    name: 'WORKER_METRICS_PORT',
    description:
      "port of the worker's Prometheus listener (GET /metrics, no auth: keep it on the internal network); 0 = off",
    devDefault: '9464',
    usedBy: ['worker'],
  },
  {
    name: 'SMS_GATEWAY_URL',
    description:
      'HTTP(S) SMS gateway for text-message notifications (signed JSON POST); empty = no text messages',
    devDefault: '',
    usedBy: ['worker'],
  },
  {
    name: 'SMS_ACCESS_KEY_ID',
    description: 'access key id of the SMS gateway (required with SMS_GATEWAY_URL)',
    devDefault: '',
    usedBy: ['worker'],
  },
  {
    name: 'SMS_ACCESS_KEY_SECRET',
    description: 'access key secret that signs SMS requests (HMAC-SHA256; required with SMS_GATEWAY_URL)',
    devDefault: '',
    usedBy: ['worker'],
  },
  {
    name: 'SMS_SIGN_NAME',
    description: 'the SMS signature name (短信签名, e.g. 台账); required with SMS_GATEWAY_URL',
    devDefault: '',
    usedBy: ['worker'],
  },
  {
    name: 'SMS_TEMPLATE_CODE',
    description:
      'the approved template of notification texts (params ledgerNo, content); required with SMS_GATEWAY_URL',
    devDefault: '',
    usedBy: ['worker'],
  },
  {
    name: 'SMTP_URL',
    description:
      'SMTP server for e-mail notifications (smtp:// or smtps://user:pass@host:port); empty = no e-mail',
    devDefault: '',
    usedBy: ['worker'],
  },
  {
    name: 'SMTP_FROM',
    description:
      'sender of notification e-mails (required with SMTP_URL), e.g. 台账 <noreply@example.gov.cn>',
    devDefault: '',
    usedBy: ['worker'],
  },
  {
    name: 'NOTIFY_DEADLINE_LEAD_HOURS',
    description:
      'working hours before resolve-by at which the holder is told the deadline is near (0 = never); the default for deadline policies without their own lead',
    devDefault: '4',
    usedBy: ['worker'],
  },
  {
    name: 'CONFIRM_LINK_SECRET',
    description:
      "key that signs the enterprise's one-time confirmation links (at least 16 characters); empty = derived from JWT_SECRET",
    devDefault: '',
    usedBy: ['api'],
  },
  {
    name: 'CONFIRM_LINK_TTL_DAYS',
    description: 'how many days a confirmation link works',
    devDefault: '7',
    usedBy: ['api'],
  },
  {
    name: 'CONFIRM_RATE_LIMIT',
    description: 'requests per minute per client address to the public confirmation endpoints (429 beyond)',
    devDefault: '30',
    usedBy: ['api'],
  },
  {
    name: 'PUBLIC_URL',
    description:
      'the admin app as the enterprise reaches it: confirmation links are <PUBLIC_URL>/confirm/<token>',
    devDefault: 'http://127.0.0.1:4200',
    usedBy: ['api'],
  },
  {
    name: 'WEBHOOK_HOSTS',
    description:
      "hosts a unit's group robot address may name (comma list; * = any host, e.g. a robot relay of your own): the worker posts to it, so staff cannot aim it at an internal address",
    devDefault: 'qyapi.weixin.qq.com,oapi.dingtalk.com',
    usedBy: ['api'],
  },
  {
    name: 'ATTACHMENT_STORAGE',
    description:
      'where case attachments are kept: db (PostgreSQL, table attachment_blobs) | s3 (an S3-compatible bucket, e.g. MinIO)',
    devDefault: 'db',
    usedBy: ['api'],
  },
  {
    name: 'S3_ENDPOINT',
    description: 'ATTACHMENT_STORAGE=s3: the endpoint URL (e.g. http://minio:9000); empty = AWS',
    devDefault: '',
    usedBy: ['api'],
  },
  {
    name: 'S3_BUCKET',
    description: 'ATTACHMENT_STORAGE=s3: the bucket (must exist)',
    devDefault: '',
    usedBy: ['api'],
  },
  {
    name: 'S3_REGION',
    description: 'ATTACHMENT_STORAGE=s3: the region',
    devDefault: 'us-east-1',
    usedBy: ['api'],
  },
  {
    name: 'S3_ACCESS_KEY_ID',
    description: 'ATTACHMENT_STORAGE=s3: the access key id',
    devDefault: '',
    usedBy: ['api'],
  },
  {
    name: 'S3_SECRET_ACCESS_KEY',
    description: 'ATTACHMENT_STORAGE=s3: the secret access key',
    devDefault: '',
    usedBy: ['api'],
  },
  {
    name: 'S3_FORCE_PATH_STYLE',
    description:
      'ATTACHMENT_STORAGE=s3: address the bucket in the path (true for MinIO) instead of the host name',
    devDefault: 'true',
    usedBy: ['api'],
  },
  {
    name: 'LOG_LEVEL',
    description: 'error | warn | log | debug | verbose',
    devDefault: 'log',
    usedBy: ['api', 'worker'],
  },
  {
    name: 'LOG_FORMAT',
    description:
      'text (one readable line per message) | json (one JSON object per line, with the request id)',
    devDefault: 'text',
    usedBy: ['api', 'worker'],
  },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const nodeEnv = (env['NODE_ENV'] ?? 'development') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const production = nodeEnv === 'production';
  const get = (name: string): string => {
    const spec = ENV_VARS.find((v) => v.name === name) as EnvVarSpec;
    const raw = env[name];
    if (raw !== undefined && raw !== '') return raw;
    if (production && spec.requiredInProduction) {
      problems.push(`${name} is required when NODE_ENV=production (${spec.description})`);
      return '';
    }
    return spec.devDefault ?? '';
  };
  const url = (name: string, protocols: string[]): string => {
    const value = get(name);
    try {
      const u = new URL(value);
      if (!protocols.includes(u.protocol)) throw new Error();
    } catch {
      problems.push(`${name} must be a ${protocols.join(' or ')}// URL (got "${value}")`);
    }
    return value;
  };
  const int = (name: string, min: number, max: number): number => {
    const value = get(name);
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
    }
    return n;
  };
  const bool = (name: string): boolean => {
    const value = get(name).toLowerCase();
    if (!['true', 'false', '1', '0', 'yes', 'no'].includes(value)) {
      problems.push(`${name} must be true or false (got "${value}")`);
    }
    return ['true', '1', 'yes'].includes(value);
  };

  const config: AppConfig = {
    nodeEnv,
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    databaseReadUrls: get('DATABASE_READ_URLS')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
    databaseReadMaxLagMs: int('DATABASE_READ_MAX_LAG_MS', 100, 3600_000),
    redisPrefix: get('REDIS_PREFIX'),
    dbPoolSize: int('DB_POOL_SIZE', 1, 500),
    port: int('PORT', 1, 65535),
    jwtSecret: get('JWT_SECRET'),
    jwtExpiresInSeconds: int('JWT_EXPIRES_IN', 60, 30 * 24 * 3600),
    adminPassword: get('ADMIN_PASSWORD'),
    demoData: bool('DEMO_DATA'),
    relayIntervalMs: int('RELAY_INTERVAL_MS', 10, 60_000),
    sweepIntervalMs: int('SWEEP_INTERVAL_MS', 100, 24 * 3600_000),
    statsCompactIntervalMs: int('STATS_COMPACT_INTERVAL_MS', 100, 3600_000),
    jobBackoffMs: int('JOB_BACKOFF_MS', 10, 600_000),
    jobLockMs: int('JOB_LOCK_MS', 1000, 600_000),
    logLevel: get('LOG_LEVEL') as AppConfig['logLevel'],
    logFormat: get('LOG_FORMAT') as AppConfig['logFormat'],
    testCheckDelayMs: nodeEnv === 'test' ? int('TEST_CHECK_DELAY_MS', 0, 600_000) : 0,
    trustProxy: parseTrustProxy(get('TRUST_PROXY'), problems),
    metricsToken: get('METRICS_TOKEN'),
    workerMetricsPort: int('WORKER_METRICS_PORT', 0, 65535),
    sms: smsGateway(get, problems),
    smtp: smtpServer(get, problems),
    deadlineNearLeadHours: int('NOTIFY_DEADLINE_LEAD_HOURS', 0, 40),
    confirmLinkSecret: get('CONFIRM_LINK_SECRET'),
    confirmLinkTtlDays: int('CONFIRM_LINK_TTL_DAYS', 1, 90),
    confirmRateLimitPerMinute: int('CONFIRM_RATE_LIMIT', 1, 100_000),
    publicUrl: url('PUBLIC_URL', ['http:', 'https:']).replace(/\/+$/, ''),
    webhookHosts: parseWebhookHosts(get('WEBHOOK_HOSTS'), problems),
    attachments: {
      storage: get('ATTACHMENT_STORAGE') as AttachmentStorageConfig['storage'],
      s3: {
        endpoint: get('S3_ENDPOINT'),
        bucket: get('S3_BUCKET'),
        region: get('S3_REGION'),
        accessKeyId: get('S3_ACCESS_KEY_ID'),
        secretAccessKey: get('S3_SECRET_ACCESS_KEY'),
        forcePathStyle: bool('S3_FORCE_PATH_STYLE'),
      },
    },
  };
  if (config.confirmLinkSecret && config.confirmLinkSecret.length < 16)
    problems.push('CONFIRM_LINK_SECRET must have at least 16 characters');
  if (!['db', 's3'].includes(config.attachments.storage)) {
    problems.push(`ATTACHMENT_STORAGE must be db or s3 (got "${config.attachments.storage}")`);
  } else if (config.attachments.storage === 's3') {
    for (const [name, value] of [
      ['S3_BUCKET', config.attachments.s3.bucket],
      ['S3_ACCESS_KEY_ID', config.attachments.s3.accessKeyId],
      ['S3_SECRET_ACCESS_KEY', config.attachments.s3.secretAccessKey],
    ] as const) {
      if (!value) problems.push(`${name} is required when ATTACHMENT_STORAGE=s3`);
    }
    if (config.attachments.s3.endpoint) url('S3_ENDPOINT', ['http:', 'https:']);
  }
  if (config.metricsToken && config.metricsToken.length < 16)
    problems.push('METRICS_TOKEN must have at least 16 characters');
  if (config.jwtSecret && config.jwtSecret.length < 16)
    problems.push('JWT_SECRET must have at least 16 characters');
  if (production && config.jwtSecret === DEV_SIGNING_KEY)
    problems.push('JWT_SECRET must not be the development default in production');
  if (config.adminPassword && config.adminPassword.length < 8)
    problems.push('ADMIN_PASSWORD must have at least 8 characters');
  if (!/^[A-Za-z0-9_:.-]{1,64}$/.test(config.redisPrefix))
    problems.push('REDIS_PREFIX may use letters, digits and _ : . - (1–64 characters)');
  if (!['error', 'warn', 'log', 'debug', 'verbose'].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be error, warn, log, debug or verbose (got "${config.logLevel}")`);
  }
  if (!['text', 'json'].includes(config.logFormat))
    problems.push(`LOG_FORMAT must be text or json (got "${config.logFormat}")`);
  for (const [i, u] of config.databaseReadUrls.entries()) {
    try {
      if (!['postgres:', 'postgresql:'].includes(new URL(u).protocol)) throw new Error();
    } catch {
      problems.push(`DATABASE_READ_URLS entry ${i + 1} must be a postgres: or postgresql:// URL`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The SMS gateway, when SMS_GATEWAY_URL is set: then its key, secret, signature and template are required. */
function smsGateway(get: (name: string) => string, problems: string[]): SmsGatewayConfig | null {
  const url = get('SMS_GATEWAY_URL');
  if (!url) return null;
  if (!/^https?:\/\//.test(url) || !URL.canParse(url))
    problems.push(`SMS_GATEWAY_URL must be an http:// or https:// URL (got "${url}")`);
  const need = (name: string) => {
    const v = get(name);
    if (!v) problems.push(`${name} is required when SMS_GATEWAY_URL is set`);
    return v;
  };
  return {
    url,
    accessKeyId: need('SMS_ACCESS_KEY_ID'),
    accessKeySecret: need('SMS_ACCESS_KEY_SECRET'),
    signName: need('SMS_SIGN_NAME'),
    templateCode: need('SMS_TEMPLATE_CODE'),
  };
}

/** The SMTP server, when SMTP_URL is set (then SMTP_FROM is required). */
function smtpServer(get: (name: string) => string, problems: string[]): AppConfig['smtp'] {
  const url = get('SMTP_URL');
  if (!url) return null;
  if (!/^smtps?:\/\//.test(url) || !URL.canParse(url))
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const from = get('SMTP_FROM');
  if (!from) problems.push('SMTP_FROM is required when SMTP_URL is set');
  return { url, from };
}

/** WEBHOOK_HOSTS: `*`, or a comma list of host names (lower case, no scheme, port or path). */
export function parseWebhookHosts(value: string, problems: string[]): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 1 && items[0] === '*') return items;
  const bad = items.filter(
    (h) =>
      !/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(h),
  );
  if (!items.length || bad.length)
    problems.push(
      `WEBHOOK_HOSTS must be * or a comma list of host names such as qyapi.weixin.qq.com (not "${bad.join('", "') || value}")`,
    );
  return items;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** `false` / `none`, or a comma list of named ranges, addresses and CIDRs (what express's proxy-addr accepts). */
export function parseTrustProxy(value: string, problems: string[]): false | string[] {
  const v = value.trim().toLowerCase();
  if (v === 'false' || v === 'none' || v === '') return false;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((item) => {
    if (PROXY_NAMES.includes(item)) return false;
    const [addr, bits, ...rest] = item.split('/');
    const family = isIP(addr ?? '');
    if (!family || rest.length) return true;
    if (bits === undefined) return false;
    const n = Number(bits);
    return !Number.isInteger(n) || n < 0 || n > (family === 4 ? 32 : 128);
  });
  if (bad.length) {
    problems.push(
      `TRUST_PROXY must be false or a comma list of ${PROXY_NAMES.join(', ')}, IP addresses or CIDRs (not "${bad.join('", "')}")`,
    );
  }
  return items;
}

/** `postgres://user@host:5432/db` without the password, for messages. */
export function describeUrl(value: string): string {
  try {
    const u = new URL(value);
    u.password = '';
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? '6379' : '5432')}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return value;
  }
}
