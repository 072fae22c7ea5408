import { JobsService } from '../../src/modules/jobs/jobs.service';
import { ADMIN_PASSWORD, Http, buildWorld, login, startApi } from './harness';

describe('operations: jobs and the queue dashboard', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let http: Http;
  let adminToken: string;
  let coordinatorToken: string;
  beforeAll(async () => {
    api = await startApi();
    http = api.http;
    adminToken = await login(http, 'admin', ADMIN_PASSWORD);
    coordinatorToken = (await buildWorld(http)).tokens.coordinator;
  });
  afterAll(() => api.close());

  describe('GET /api/admin/jobs', () => {
    it('lists jobs by state for admins', async () => {
      const queue = api.app.get(JobsService).queues[0];
      await queue?.add(
        'deadline.check',
        { caseId: 'x', deadline: 'respond', dueAt: new Date(Date.now() + 3_600_000).toISOString() },
        { jobId: `ops-test-${Date.now()}`, delay: 3_600_000 },
      );
      const res = await http
        .get('/api/admin/jobs?state=delayed')
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(200);
      expect(res.body.total).toBeGreaterThanOrEqual(1);
      expect(res.body.items[0]).toMatchObject({ name: 'deadline.check', state: 'delayed' });
      const failed = await http
        .get('/api/admin/jobs')
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(200);
      expect(failed.body).toMatchObject({ page: 1, pageSize: 50 });
    });

    it('is for admins only (403) and validates its filters (400)', async () => {
      await http.get('/api/admin/jobs').set('Authorization', `Bearer ${coordinatorToken}`).expect(403);
      const res = await http
        .get('/api/admin/jobs?state=broken')
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(400);
      expect(res.body.errors[0].field).toBe('state');
    });

    it('refuses to retry a job that has not failed (409) or does not exist (404)', async () => {
      const queue = api.app.get(JobsService).queues[0];
      const job = await queue?.add(
        'deadline.check',
        {},
        { jobId: `ops-retry-${Date.now()}`, delay: 3_600_000 },
      );
      await http
        .post(`/api/admin/jobs/${queue?.name}/${job?.id}/retry`)
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(409);
      await http
        .post(`/api/admin/jobs/${queue?.name}/nope/retry`)
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(404);
    });
  });

  describe('/api/admin/queues (bull-board)', () => {
    it('is closed without an admin sign-in', async () => {
      await http.get('/api/admin/queues').expect(401);
      await http.get(`/api/admin/queues?token=${coordinatorToken}`).expect(403);
    });

    it('opens for an admin: the token becomes an HttpOnly cookie and the page loads', async () => {
      const first = await http.get(`/api/admin/queues?token=${adminToken}`).expect(302);
      const cookie = first.headers['set-cookie']?.[0] ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      const page = await http.get('/api/admin/queues').set('Cookie', cookie.split(';')[0]).expect(200);
      expect(page.text).toMatch(/<html/i);
    });
  });
});
