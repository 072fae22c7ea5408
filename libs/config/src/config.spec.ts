import { ConfigError, ENV_VARS, describeUrl, loadConfig } from './config';

describe(loadConfig.name, () => {
  it('gives a developer machine its defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      nodeEnv: 'development',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/taizhang',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 3000,
      demoData: false,
    });
  });

  it('reads each variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgresql://u:p@db:5433/x',
      REDIS_URL: 'redis://cache:6380/2',
      PORT: '8080',
      JWT_SECRET: 'a-secret-of-enough-length',
      ADMIN_PASSWORD: 'long-enough',
      DEMO_DATA: 'true',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgresql://u:p@db:5433/x',
      port: 8080,
      demoData: true,
      jwtSecret: 'a-secret-of-enough-length',
    });
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['PORT', '70000', /PORT must be a whole number from 1 to 65535/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres: or postgresql:\/\/ URL/],
    ['REDIS_URL', 'not a url', /REDIS_URL must be a redis: or rediss:\/\/ URL/],
    ['DEMO_DATA', 'maybe', /DEMO_DATA must be true or false/],
    ['JWT_SECRET', 'short', /JWT_SECRET must have at least 16 characters/],
    ['NODE_ENV', 'staging', /NODE_ENV must be development, production or test/],
    ['TRUST_PROXY', 'everyone', /TRUST_PROXY must be false or a comma list .*"everyone"/],
    ['WEBHOOK_HOSTS', 'https://evil.example', /WEBHOOK_HOSTS must be \* or a comma list of host names/],
    ['WEBHOOK_HOSTS', 'qyapi.weixin.qq.com,10.0.0.1:80', /WEBHOOK_HOSTS must be .*"10.0.0.1:80"/],
    ['METRICS_TOKEN', 'short', /METRICS_TOKEN must have at least 16 characters/],
    ['WORKER_METRICS_PORT', '-1', /WORKER_METRICS_PORT must be a whole number from 0 to 65535/],
    ['LOG_FORMAT', 'xml', /LOG_FORMAT must be text or json/],
    ['TRUST_PROXY', '10.0.0.0/33', /TRUST_PROXY must be false .*"10.0.0.0\/33"/],
  ])('refuses %s=%s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it.each([
    [undefined, ['loopback']],
    ['false', false],
    ['loopback, 10.0.0.0/8,::1', ['loopback', '10.0.0.0/8', '::1']],
  ])('reads TRUST_PROXY=%s as %j (loopback by default: the admin server on this host)', (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('requires JWT_SECRET and ADMIN_PASSWORD in production, naming both', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join('\n')).toMatch(
        /JWT_SECRET is required[\s\S]*ADMIN_PASSWORD is required/,
      );
    }
  });

  it('documents every variable it reads', () => {
    expect(ENV_VARS.map((v) => v.name)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'PORT', 'JWT_SECRET', 'ADMIN_PASSWORD']),
    );
  });
});

describe(describeUrl.name, () => {
  it('shows host, port and database but never the password', () => {
    expect(describeUrl('postgres://u:secret@db.example:5433/taizhang')).toBe('db.example:5433/taizhang');
    expect(describeUrl('redis://:pw@127.0.0.1')).toBe('127.0.0.1:6379');
  });
});

describe('notification channels configuration', () => {
  it('has no channel beyond the app when nothing is set, and a 4-hour lead', () => {
    const c = loadConfig({});
    expect(c.sms).toBeNull();
    expect(c.smtp).toBeNull();
    expect(c.deadlineNearLeadHours).toBe(4);
  });

  it('reads a complete SMS gateway and SMTP server', () => {
    const c = loadConfig({
      SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
      SMS_ACCESS_KEY_ID: 'id',
      SMS_ACCESS_KEY_SECRET: 'secret',
      SMS_SIGN_NAME: '台账',
      SMS_TEMPLATE_CODE: 'SMS_1',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      SMTP_FROM: 'noreply@example.com',
      NOTIFY_DEADLINE_LEAD_HOURS: '8',
    });
    expect(c.sms).toEqual({
      url: 'http://127.0.0.1:9/sms',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      signName: '台账',
      templateCode: 'SMS_1',
    });
    expect(c.smtp).toEqual({ url: 'smtp://127.0.0.1:2525', from: 'noreply@example.com' });
    expect(c.deadlineNearLeadHours).toBe(8);
  });

  it.each([
    [{ SMS_GATEWAY_URL: 'http://gw/sms' }, /SMS_ACCESS_KEY_ID is required/],
    [
      {
        SMS_GATEWAY_URL: 'ftp://gw',
        SMS_ACCESS_KEY_ID: 'a',
        SMS_ACCESS_KEY_SECRET: 'b',
        SMS_SIGN_NAME: 'c',
        SMS_TEMPLATE_CODE: 'd',
      },
      /SMS_GATEWAY_URL must be/,
    ],
    [{ SMTP_URL: 'smtp://mail' }, /SMTP_FROM is required/],
    [{ SMTP_URL: 'http://mail', SMTP_FROM: 'a@b' }, /SMTP_URL must be/],
    [{ NOTIFY_DEADLINE_LEAD_HOURS: '100' }, /NOTIFY_DEADLINE_LEAD_HOURS/],
  ])('refuses %j', (env, message) => expect(() => loadConfig(env)).toThrow(message));
});

describe('attachment storage', () => {
  it('keeps attachments in PostgreSQL by default', () => {
    expect(loadConfig({}).attachments.storage).toBe('db');
  });
  it('takes S3 with its bucket and keys', () => {
    const c = loadConfig({
      ATTACHMENT_STORAGE: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'taizhang',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
    });
    expect(c.attachments).toEqual({
      storage: 's3',
      s3: {
        endpoint: 'http://minio:9000',
        bucket: 'taizhang',
        region: 'us-east-1',
        accessKeyId: 'k',
        secretAccessKey: 's',
        forcePathStyle: true,
      },
    });
  });
  it('names what S3 lacks', () => {
    expect(() => loadConfig({ ATTACHMENT_STORAGE: 's3' })).toThrow(
      /S3_BUCKET is required when ATTACHMENT_STORAGE=s3/,
    );
    expect(() => loadConfig({ ATTACHMENT_STORAGE: 'disk' })).toThrow(/ATTACHMENT_STORAGE must be db or s3/);
  });
});

describe('WEBHOOK_HOSTS', () => {
  it.each([
    [undefined, ['qyapi.weixin.qq.com', 'oapi.dingtalk.com']],
    ['*', ['*']],
    [' Robots.Example.CN , oapi.dingtalk.com ', ['robots.example.cn', 'oapi.dingtalk.com']],
  ])("reads %j as %j (the two robots' own hosts by default)", (value, expected) => {
    expect(loadConfig(value === undefined ? {} : { WEBHOOK_HOSTS: value }).webhookHosts).toEqual(expected);
  });
});
