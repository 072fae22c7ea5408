import { APP_INTERCEPTOR } from '@nestjs/core';
import { loadConfig } from '@taizhang/config';
import { AppModule } from '../app.module';
import { lsnValue, ReadRoutingInterceptor, REPLICA_ROUTES } from './read-routing';
import { RequestDeadline } from './request-deadline';

describe('read routing', () => {
  it('compares WAL positions across the 32-bit boundary', () => {
    expect((lsnValue('0/FFFFFFFF') as bigint) < (lsnValue('1/0') as bigint)).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(lsnValue(null)).toBeNull();
    expect(lsnValue('garbage')).toBeNull();
  });

  it('sends only dashboards, the ledger list and its export to a replica', () => {
    const routed = (path: string) => REPLICA_ROUTES.some((r) => r.test(path));
    for (const p of [
      '/api/dashboard/summary',
      '/api/dashboard/scorecard',
      '/api/dashboard/scorecard.xlsx',
      '/api/cases',
      '/api/cases/export.xlsx',
    ])
      expect(routed(p)).toBe(true);
    for (const p of [
      '/api/cases/0190a1b2-0000-7000-8000-000000000000',
      '/api/auth/me',
      '/api/users',
      '/api/cases/x/actions',
    ])
      expect(routed(p)).toBe(false);
  });
});

describe('the read routing interceptor', () => {
  const interceptors = (readUrls: string[]) => {
    const config = { ...loadConfig({ NODE_ENV: 'test' }), databaseReadUrls: readUrls };
    const providers = (AppModule.forRoot(config).providers ?? []) as {
      provide?: unknown;
      useClass?: unknown;
    }[];
    return providers.filter((p) => p.provide === APP_INTERCEPTOR).map((p) => p.useClass);
  };

  it('is one of the global interceptors only when read replicas are configured', () => {
    expect(interceptors(['postgres://postgres@127.0.0.1:5433/taizhang'])).toContain(ReadRoutingInterceptor);
    // without replicas it would only wrap every request in one more layer
    expect(interceptors([])).not.toContain(ReadRoutingInterceptor);
    expect(interceptors([])).toContain(RequestDeadline);
  });
});
