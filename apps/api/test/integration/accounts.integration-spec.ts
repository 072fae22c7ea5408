import { loadConfig } from '@taizhang/config';
import type { AuditLogEntryDto, CaseDto, Page, UnitDto, UserDto } from '@taizhang/contracts';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../src/app';
import { ADDRESS_THROTTLE, USER_THROTTLE } from '../../src/modules/auth/auth.service';
import {
  ADMIN_PASSWORD,
  PASSWORD,
  bearer,
  clientAddress,
  expectProblem,
  login,
  openCase,
  useWorld,
} from './harness';

/** Polls `check` until it passes or `timeoutMs` runs out (the session cache holds a user's row ~2 s). */
async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A client address of its own (documentation range), so each test's throttle counts start at zero. */
const address = clientAddress;

describe('accounts', () => {
  let seq = 0;

  const { api, http, w } = useWorld();

  const admin = () => bearer(w.adminToken);
  /** A fresh user of the town (role coordinator unless said), signed in. */
  async function freshUser(extra: Record<string, unknown> = {}): Promise<{ user: UserDto; token: string }> {
    seq++;
    const res = await http
      .post('/api/users')
      .set(admin())
      .send({
        username: `acc${seq}_${w.tag}`,
        password: PASSWORD,
        displayName: `账户${seq}`,
        role: 'coordinator',
        unitId: w.town.id,
        ...extra,
      })
      .expect(201);
    return { user: res.body as UserDto, token: await login(http, res.body.username) };
  }
  const signIn = (username: string, password: string, from = address()) =>
    http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });
  const audit = async (query: Record<string, string>): Promise<AuditLogEntryDto[]> =>
    ((await http.get('/api/audit-log').set(admin()).query(query).expect(200)).body as Page<AuditLogEntryDto>)
      .items;

  describe('PATCH /api/users/:id', () => {
    it('changes only the fields sent, and writes who changed what (before → after) to the audit log', async () => {
      const { user } = await freshUser();
      const res = await http
        .patch(`/api/users/${user.id}`)
        .set(admin())
        .send({ displayName: ' 新名字 ', phone: '139 0000 0000' })
        .expect(200);
      expect(res.body).toEqual({ ...user, displayName: '新名字', phone: '139 0000 0000' });
      // a change that changes nothing is not logged
      await http.patch(`/api/users/${user.id}`).set(admin()).send({ displayName: '新名字' }).expect(200);
      expect((await audit({ entity: 'user', entityId: user.id })).map((r) => r.action)).toEqual([
        'update',
        'create',
      ]);
      const [row] = await audit({ entity: 'user', entityId: user.id });
      expect(row).toMatchObject({
        actorUsername: 'admin',
        entity: 'user',
        entityId: user.id,
        action: 'update',
        before: expect.objectContaining({ displayName: user.displayName, phone: null }),
        after: expect.objectContaining({ displayName: '新名字', phone: '139 0000 0000' }),
      });
    });

    it('refuses bad fields, unknown users, non-admins and an admin disabling himself', async () => {
      const { user, token } = await freshUser();
      const patch = (id: string, body: object, t = w.adminToken) =>
        http.patch(`/api/users/${id}`).set(bearer(t)).send(body);
      expectProblem(await patch(user.id, { role: 'king' }), 400, 'REQUEST.INVALID', ['role']);
      expectProblem(await patch(user.id, { active: 'no' }), 400, 'REQUEST.INVALID', ['active']);
      expectProblem(await patch(user.id, { unitId: 'x' }), 400, 'REQUEST.INVALID', ['unitId']);
      expectProblem(await patch(user.id, { role: 'bureau_officer' }), 400, 'REQUEST.INVALID', ['unitId']);
      expectProblem(await patch(user.id, { username: 'renamed' }), 400, 'REQUEST.INVALID', ['username']);
      expectProblem(await patch(user.id, { passwordHash: 'x' }), 400, 'REQUEST.INVALID', ['passwordHash']);
      expectProblem(await patch('not-a-uuid', { active: false }), 400, 'REQUEST.INVALID', ['id']);
      expectProblem(
        await patch('00000000-0000-4000-8000-000000000000', { active: false }),
        404,
        'REQUEST.NOT_FOUND',
      );
      expectProblem(await patch(user.id, { active: false }, token), 403, 'AUTH.FORBIDDEN');
      const me = (await http.get('/api/auth/me').set(admin()).expect(200)).body as UserDto;
      expectProblem(await patch(me.id, { active: false }), 400, 'REQUEST.INVALID', ['active']);
      expectProblem(await patch(me.id, { role: 'manager', unitId: w.county.id }), 400, 'REQUEST.INVALID', [
        'role',
      ]);
      expect((await http.get('/api/auth/me').set(bearer(token)).expect(200)).body).toMatchObject({
        displayName: user.displayName,
        active: true,
      });
    });

    it('a disabled user cannot sign in, and his token is refused within seconds; enabled again, he signs in', async () => {
      const { user, token } = await freshUser();
      await http.get('/api/cases').set(bearer(token)).expect(200);
      const started = Date.now();
      await http.patch(`/api/users/${user.id}`).set(admin()).send({ active: false }).expect(200);
      await eventually(async () =>
        expectProblem(await http.get('/api/cases').set(bearer(token)), 401, 'AUTH.UNAUTHENTICATED'),
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      const refused = await signIn(user.username, PASSWORD);
      expectProblem(refused, 401, 'AUTH.INVALID_CREDENTIALS');
      expect(refused.body.detail).toMatch(/disabled/);
      // not offered as an assignee any more
      const listed = (await http.get('/api/users').set(admin()).query({ q: user.username }).expect(200))
        .body as Page<UserDto>;
      expect(listed.items).toEqual([]);
      const all = (
        await http.get('/api/users').set(admin()).query({ q: user.username, active: 'all' }).expect(200)
      ).body as Page<UserDto>;
      expect(all.items).toEqual([expect.objectContaining({ id: user.id, active: false })]);
      await http.patch(`/api/users/${user.id}`).set(admin()).send({ active: true }).expect(200);
      expect((await signIn(user.username, PASSWORD)).status).toBe(200);
      // the old token stays dead: disabling ended that session for good
      expectProblem(await http.get('/api/cases').set(bearer(token)), 401, 'AUTH.UNAUTHENTICATED');
    });

    it('a moved user gets his new jurisdiction within seconds: the guard reads role and unit from his row, not the token', async () => {
      const { user, token } = await freshUser();
      const inOtherTown: CaseDto = await openCase(http, w.tokens.otherInstructor, w.otherEnterprise.id);
      const inTown: CaseDto = await openCase(http, w.tokens.instructor, w.enterprise.id);
      await http.get(`/api/cases/${inTown.id}`).set(bearer(token)).expect(200);
      expectProblem(await http.get(`/api/cases/${inOtherTown.id}`).set(bearer(token)), 404);
      // moved behind the API's back (no session version bump): the same token follows the row
      await api.ds.query(`UPDATE users SET unit_id = $2 WHERE id = $1`, [user.id, w.otherTown.id]);
      await eventually(async () => {
        await http.get(`/api/cases/${inOtherTown.id}`).set(bearer(token)).expect(200);
        expectProblem(await http.get(`/api/cases/${inTown.id}`).set(bearer(token)), 404);
      }, 5_000);
      // moved through the API: his sessions end, and a new sign-in has the new town
      await http.patch(`/api/users/${user.id}`).set(admin()).send({ unitId: w.town.id }).expect(200);
      await eventually(
        async () =>
          expectProblem(await http.get('/api/cases').set(bearer(token)), 401, 'AUTH.UNAUTHENTICATED'),
        5_000,
      );
      const fresh = await login(http, user.username);
      await http.get(`/api/cases/${inTown.id}`).set(bearer(fresh)).expect(200);
      // a role change takes effect the same way
      await http
        .patch(`/api/users/${user.id}`)
        .set(admin())
        .send({ role: 'manager', unitId: w.county.id })
        .expect(200);
      const asManager = await login(http, user.username);
      expect((await http.get('/api/auth/me').set(bearer(asManager)).expect(200)).body).toMatchObject({
        role: 'manager',
        unitId: w.county.id,
      });
      await http.get(`/api/cases/${inOtherTown.id}`).set(bearer(asManager)).expect(200);
    });
  });

  describe('GET /api/users (paged, searchable)', () => {
    it('finds by part of the username or display name, pages, and bounds page and pageSize', async () => {
      const a = await freshUser({ displayName: `检索A${w.tag}` });
      const b = await freshUser({ displayName: `检索B${w.tag}` });
      const page1 = (await http.get('/api/users').set(admin()).query({ q: `检索`, pageSize: 1 }).expect(200))
        .body as Page<UserDto>;
      expect(page1).toMatchObject({ total: 2, page: 1, pageSize: 1 });
      expect(page1.items.map((u) => u.id)).toEqual([a.user.id]);
      const page2 = (
        await http.get('/api/users').set(admin()).query({ q: `检索`, pageSize: 1, page: 2 }).expect(200)
      ).body as Page<UserDto>;
      expect(page2.items.map((u) => u.id)).toEqual([b.user.id]);
      const byName = (
        await http.get('/api/users').set(admin()).query({ q: b.user.username.toUpperCase() }).expect(200)
      ).body as Page<UserDto>;
      expect(byName.items.map((u) => u.id)).toEqual([b.user.id]);
      // LIKE wildcards are plain characters
      expect(
        ((await http.get('/api/users').set(admin()).query({ q: '%' }).expect(200)).body as Page<UserDto>)
          .items,
      ).toEqual([]);
      for (const [query, field] of [
        [{ pageSize: 101 }, 'pageSize'],
        [{ pageSize: 0 }, 'pageSize'],
        [{ page: 0 }, 'page'],
        [{ page: 'x' }, 'page'],
        [{ page: '1e400' }, 'page'],
        [{ active: 'maybe' }, 'active'],
        [{ q: 'x'.repeat(65) }, 'q'],
      ] as const) {
        expectProblem(await http.get('/api/users').set(admin()).query(query), 400, 'REQUEST.INVALID', [
          field,
        ]);
      }
    });
  });

  describe('passwords', () => {
    it.each([
      ['password', 'PASSWORD.TOO_SHORT', /at least 10 characters/],
      ['12345678', 'PASSWORD.TOO_SHORT', /at least 10 characters/],
      ['qwertyuiop', 'PASSWORD.COMMON', /most common passwords/],
      ['1234567890', 'PASSWORD.COMMON', /most common passwords/],
      ['aaaaaaaaaaaaaa', 'PASSWORD.REPETITIVE', /different/],
      ['USERNAME-2026', 'PASSWORD.CONTAINS_NAME', /name/],
    ])('refuses %s for a new user with %s and a message saying why', async (password, code, why) => {
      const username = `weak${randomBytes(3).toString('hex')}`;
      const res = await http
        .post('/api/users')
        .set(admin())
        .send({
          username,
          password: password.replace('USERNAME', username),
          displayName: '弱口令',
          role: 'coordinator',
          unitId: w.town.id,
        });
      expectProblem(res, 400, code, ['password']);
      expect(res.body.detail).toMatch(why);
    });

    it("an admin resets a password: the user's sessions end, and until he changes it the API answers 403 AUTH.PASSWORD_CHANGE_REQUIRED", async () => {
      const { user, token } = await freshUser();
      const reset = (body: object) =>
        http.post(`/api/users/${user.id}/reset-password`).set(admin()).send(body);
      expectProblem(await reset({ newPassword: 'password' }), 400, 'PASSWORD.TOO_SHORT', ['newPassword']);
      expectProblem(await reset({ newPassword: user.username + '-x1' }), 400, 'PASSWORD.CONTAINS_NAME', [
        'newPassword',
      ]);
      expectProblem(await reset({}), 400, 'REQUEST.INVALID', ['newPassword']);
      expectProblem(
        await http
          .post(`/api/users/${user.id}/reset-password`)
          .set(bearer(token))
          .send({ newPassword: 'temporary-pass-1' }),
        403,
        'AUTH.FORBIDDEN',
      );
      const res = await reset({ newPassword: 'temporary-pass-1' }).expect(200);
      expect(res.body).toMatchObject({ id: user.id, mustChangePassword: true });
      await eventually(
        async () =>
          expectProblem(await http.get('/api/cases').set(bearer(token)), 401, 'AUTH.UNAUTHENTICATED'),
        5_000,
      );
      expectProblem(await signIn(user.username, PASSWORD), 401, 'AUTH.INVALID_CREDENTIALS');
      const signedIn = await signIn(user.username, 'temporary-pass-1').expect(200);
      expect(signedIn.body.user.mustChangePassword).toBe(true);
      const temp = signedIn.body.accessToken as string;
      const blocked = await http.get('/api/cases').set(bearer(temp));
      expectProblem(blocked, 403, 'AUTH.PASSWORD_CHANGE_REQUIRED');
      expect(blocked.body.detail).toMatch(/POST \/api\/auth\/password/);
      expect((await http.get('/api/auth/me').set(bearer(temp)).expect(200)).body.mustChangePassword).toBe(
        true,
      );
      const change = (body: object, t = temp) => http.post('/api/auth/password').set(bearer(t)).send(body);
      expectProblem(
        await change({ currentPassword: 'wrong-password-9', newPassword: 'my-own-secret-42' }),
        400,
        'AUTH.WRONG_PASSWORD',
        ['currentPassword'],
      );
      expectProblem(
        await change({ currentPassword: 'temporary-pass-1', newPassword: 'temporary-pass-1' }),
        400,
        'REQUEST.INVALID',
        ['newPassword'],
      );
      expectProblem(
        await change({ currentPassword: 'temporary-pass-1', newPassword: 'basketball' }),
        400,
        'PASSWORD.COMMON',
        ['newPassword'],
      );
      const changed = await change({
        currentPassword: 'temporary-pass-1',
        newPassword: 'my-own-secret-42',
      }).expect(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      await http.get('/api/cases').set(bearer(changed.body.accessToken)).expect(200);
      // the temporary session ended with the change
      await eventually(
        async () =>
          expectProblem(await http.get('/api/auth/me').set(bearer(temp)), 401, 'AUTH.UNAUTHENTICATED'),
        5_000,
      );
      const rows = await audit({ entity: 'user', entityId: user.id });
      expect(rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(['reset_password', 'change_password', 'create']),
      );
      expect(JSON.stringify(rows)).not.toMatch(/temporary-pass|my-own-secret|argon2|passwordHash/);
    });

    it("changing one's own password needs the current one, ends the other sessions, and answers a working token", async () => {
      const { user, token } = await freshUser();
      const other = await login(http, user.username);
      expectProblem(
        await http
          .post('/api/auth/password')
          .send({ currentPassword: PASSWORD, newPassword: 'a-brand-new-pass' }),
        401,
        'AUTH.UNAUTHENTICATED',
      );
      expectProblem(
        await http.post('/api/auth/password').set(bearer(token)).send({ newPassword: 'a-brand-new-pass' }),
        400,
        'REQUEST.INVALID',
        ['currentPassword'],
      );
      const res = await http
        .post('/api/auth/password')
        .set(bearer(token))
        .send({ currentPassword: PASSWORD, newPassword: 'a-brand-new-pass' })
        .expect(200);
      await http.get('/api/cases').set(bearer(res.body.accessToken)).expect(200);
      await eventually(
        async () =>
          expectProblem(await http.get('/api/cases').set(bearer(other)), 401, 'AUTH.UNAUTHENTICATED'),
        5_000,
      );
      expect((await signIn(user.username, 'a-brand-new-pass')).status).toBe(200);
      expectProblem(await signIn(user.username, PASSWORD), 401, 'AUTH.INVALID_CREDENTIALS');
    });
  });

  describe('POST /api/auth/logout', () => {
    it('ends the session within seconds (204), and a new sign-in works', async () => {
      const { user, token } = await freshUser();
      await http.post('/api/auth/logout').set(bearer(token)).expect(204);
      await eventually(
        async () =>
          expectProblem(await http.get('/api/auth/me').set(bearer(token)), 401, 'AUTH.UNAUTHENTICATED'),
        5_000,
      );
      expectProblem(await http.post('/api/auth/logout').set(bearer(token)), 401, 'AUTH.UNAUTHENTICATED');
      expectProblem(await http.post('/api/auth/logout'), 401, 'AUTH.UNAUTHENTICATED');
      await http
        .get('/api/auth/me')
        .set(bearer(await login(http, user.username)))
        .expect(200);
    });

    it('ends the queue dashboard session too (it checks the user row like the guard)', async () => {
      const { token } = await freshUser({ role: 'admin', unitId: null });
      await http.get('/api/admin/queues').query({ token }).expect(302);
      await http.post('/api/auth/logout').set(bearer(token)).expect(204);
      await eventually(async () => {
        await http.get('/api/admin/queues').set(bearer(token)).expect(401);
      }, 5_000);
    });
  });

  describe('sign-in throttle', () => {
    it('counts concurrent wrong guesses exactly: never more than the free attempts get through', async () => {
      const { user } = await freshUser();
      const from = address();
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => signIn(user.username, 'wrong-guess-123', from)),
      );
      const elapsedSeconds = (Date.now() - started) / 1000;
      const statuses = answers.map((r) => r.status).sort();
      // The free attempts, and after them one more each time a delay (1 s, 2 s, 4 s …) has run out: on a busy
      // machine the burst itself may outlast the first delays. Never more than that.
      const delaysRunOut = Math.floor(Math.log2(elapsedSeconds + 1));
      const through = statuses.filter((s) => s === 401).length;
      expect(through).toBeGreaterThanOrEqual(USER_THROTTLE.freeAttempts);
      expect(through).toBeLessThanOrEqual(USER_THROTTLE.freeAttempts + delaysRunOut);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20 - through);
      const throttled = answers.find((r) => r.status === 429) as request.Response;
      expectProblem(throttled, 429, 'AUTH.THROTTLED');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    });

    it('makes a right password wait too while throttled, then lets it in (a growing delay, not a lockout)', async () => {
      const { user } = await freshUser();
      for (let i = 0; i < USER_THROTTLE.freeAttempts; i++)
        expect((await signIn(user.username, 'wrong-guess-123')).status).toBe(401);
      // from another address: the count is per user name, across addresses
      const waited = await signIn(user.username, PASSWORD);
      expectProblem(waited, 429, 'AUTH.THROTTLED');
      const wait = Number(waited.headers['retry-after']);
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(USER_THROTTLE.maxDelaySeconds);
      await new Promise((r) => setTimeout(r, wait * 1000 + 50)); // the wait the API itself asked for
      expect((await signIn(user.username, PASSWORD)).status).toBe(200);
      // success forgets the name's count
      expect((await signIn(user.username, 'wrong-guess-123')).status).toBe(401);
    });

    it('throttles one address spraying many user names, and not the other addresses', async () => {
      const from = address();
      for (let i = 0; i < ADDRESS_THROTTLE.freeAttempts; i++) {
        expect((await signIn(`spray${i}_${w.tag}`, 'Password-2026!', from)).status).toBe(401);
      }
      expectProblem(await signIn(`spray-last_${w.tag}`, 'Password-2026!', from), 429, 'AUTH.THROTTLED');
      // even a real user with his right password waits, from that address
      expectProblem(await signIn(w.users['manager'].username, PASSWORD, from), 429, 'AUTH.THROTTLED');
      expect((await signIn(w.users['manager'].username, PASSWORD)).status).toBe(200);
    });

    it('gives a successful sign-in its attempt back, so an office behind one address is never throttled by its own sign-ins', async () => {
      const { user } = await freshUser();
      const from = address();
      for (let i = 0; i < ADDRESS_THROTTLE.freeAttempts + 5; i++)
        expect((await signIn(user.username, PASSWORD, from)).status).toBe(200);
    }, 60_000);

    it('believes X-Forwarded-For only from a trusted proxy (TRUST_PROXY)', async () => {
      const untrusting = await createApp(
        loadConfig({ ...process.env, ADMIN_PASSWORD, LOG_LEVEL: 'error', TRUST_PROXY: 'false' }),
        { logger: false },
      );
      await untrusting.init();
      try {
        const forged = address();
        await request(untrusting.getHttpServer())
          .post('/api/auth/login')
          .set('X-Forwarded-For', forged)
          .send({ username: `nobody_${w.tag}`, password: 'x' })
          .expect(401);
        const keys: { key: string }[] = await api.ds.query(
          `SELECT key FROM login_throttle WHERE key LIKE 'a:%'`,
        );
        expect(keys.map((k) => k.key)).not.toContain(`a:${forged}`);
        // the trusting app (loopback, the default) counts the forwarded address
        await signIn(`nobody_${w.tag}`, 'x', forged).expect(401);
        const after: { key: string }[] = await api.ds.query(`SELECT key FROM login_throttle WHERE key = $1`, [
          `a:${forged}`,
        ]);
        expect(after).toHaveLength(1);
      } finally {
        await untrusting.close();
      }
    });
  });

  describe('units and categories keep their history', () => {
    it('renames and disables a unit: still listed (for old cases) but not offered for new users or in the picker', async () => {
      const unit = (
        await http
          .post('/api/units')
          .set(admin())
          .send({ code: `TD${w.tag}`, name: '待停用镇', kind: 'town', parentId: w.county.id })
          .expect(201)
      ).body as UnitDto;
      const res = await http
        .patch(`/api/units/${unit.id}`)
        .set(admin())
        .send({ name: ' 已停用镇 ', active: false })
        .expect(200);
      expect(res.body).toEqual({ ...unit, name: '已停用镇', active: false });
      const all = (await http.get('/api/units').set(bearer(w.tokens.instructor)).expect(200)).body
        .items as UnitDto[];
      expect(all.find((u) => u.id === unit.id)).toMatchObject({ active: false });
      const picker = (
        await http
          .get('/api/units/search')
          .set(bearer(w.tokens.instructor))
          .query({ q: '停用镇' })
          .expect(200)
      ).body as Page<UnitDto>;
      expect(picker.items.map((u) => u.id)).not.toContain(unit.id);
      const withDisabled = (
        await http.get('/api/units/search').set(admin()).query({ q: '停用镇', active: 'all' }).expect(200)
      ).body as Page<UnitDto>;
      expect(withDisabled.items.map((u) => u.id)).toContain(unit.id);
      expectProblem(
        await http
          .post('/api/users')
          .set(admin())
          .send({
            username: `td_${w.tag}`,
            password: PASSWORD,
            displayName: '停',
            role: 'coordinator',
            unitId: unit.id,
          }),
        400,
        'REQUEST.INVALID',
        ['unitId'],
      );
      expectProblem(
        await http
          .post('/api/units')
          .set(admin())
          .send({ code: `TG${w.tag}`, name: '网格', kind: 'grid', parentId: unit.id }),
        400,
        'REQUEST.INVALID',
        ['parentId'],
      );
      const [row] = await audit({ entity: 'unit', entityId: unit.id });
      expect(row).toMatchObject({
        action: 'update',
        before: expect.objectContaining({ name: '待停用镇', active: true }),
        after: expect.objectContaining({ name: '已停用镇', active: false }),
      });
      expectProblem(
        await http
          .patch(`/api/units/${unit.id}`)
          .set(admin())
          .send({ categoryCodes: ['labor'] }),
        400,
        'REQUEST.INVALID',
        ['categoryCodes'],
      );
      expectProblem(
        await http.patch(`/api/units/${unit.id}`).set(bearer(w.tokens.manager)).send({ active: true }),
        403,
        'AUTH.FORBIDDEN',
      );
      expectProblem(
        await http.get('/api/units/search').set(admin()).query({ pageSize: 1000 }),
        400,
        'REQUEST.INVALID',
        ['pageSize'],
      );
    });

    it('disables a category: old cases keep showing it, the list marks it, the audit log has it', async () => {
      const code = `old_${w.tag}`;
      await http
        .post('/api/categories')
        .set(admin())
        .send({ code, nameZh: '旧类', nameEn: 'Old' })
        .expect(201);
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id, { categoryCode: code });
      const res = await http
        .patch(`/api/categories/${code}`)
        .set(admin())
        .send({ nameEn: 'Old kind', active: false })
        .expect(200);
      expect(res.body).toEqual({ code, nameZh: '旧类', nameEn: 'Old kind', active: false });
      const list = (await http.get('/api/categories').set(bearer(w.tokens.instructor)).expect(200)).body
        .items as {
        code: string;
        active: boolean;
      }[];
      expect(list.find((x) => x.code === code)).toMatchObject({ active: false });
      expect(
        (await http.get(`/api/cases/${c.id}`).set(bearer(w.tokens.instructor)).expect(200)).body.categoryCode,
      ).toBe(code);
      expectProblem(
        await http.patch(`/api/categories/nope_${w.tag}`).set(admin()).send({ active: false }),
        404,
        'REQUEST.NOT_FOUND',
      );
      expectProblem(
        await http.patch(`/api/categories/${code}`).set(admin()).send({ nameZh: '' }),
        400,
        'REQUEST.INVALID',
        ['nameZh'],
      );
      expect((await audit({ entity: 'category', entityId: code })).map((r) => r.action)).toEqual([
        'update',
        'create',
      ]);
    });
  });

  describe('GET /api/audit-log', () => {
    it('records routing rules, deadline policies and calendar changes too, and filters by entity, actor and time', async () => {
      const since = new Date(Date.now() - 1000).toISOString();
      const rules = (await http.get('/api/routing-rules').set(admin()).expect(200)).body;
      await http.put('/api/routing-rules').set(admin()).send({ rules }).expect(200);
      const policies = (await http.get('/api/deadline-policies').set(admin()).expect(200)).body as {
        resolveMinutes: number;
      }[];
      const [first] = policies;
      // a real change is logged (with only the policy it changed), then put back as it was
      await http
        .put('/api/deadline-policies')
        .set(admin())
        .send({ policies: [{ ...first, resolveMinutes: (first?.resolveMinutes ?? 0) + 1 }] })
        .expect(200);
      await http
        .put('/api/deadline-policies')
        .set(admin())
        .send({ policies: [first] })
        .expect(200);
      const calendar = (await http.get('/api/calendar').set(admin()).expect(200)).body;
      await http.put('/api/calendar').set(admin()).send({ days: calendar.days }).expect(200);
      for (const entity of ['routing_rules', 'deadline_policies', 'calendar']) {
        const [row] = await audit({ entity, from: since });
        expect(row).toMatchObject({ entity, actorUsername: 'admin', at: expect.any(String) });
        expect(row?.after).toEqual(expect.any(Array));
      }
      const [restored, changed] = await audit({ entity: 'deadline_policies', from: since });
      expect(changed?.before).toEqual([first]);
      expect(changed?.after).toEqual([{ ...first, resolveMinutes: (first?.resolveMinutes ?? 0) + 1 }]);
      expect(restored?.after).toEqual([first]);
      const me = (await http.get('/api/auth/me').set(admin()).expect(200)).body as UserDto;
      const mine = await audit({ actorId: me.id, from: since, pageSize: '100' });
      expect(mine.length).toBeGreaterThanOrEqual(3);
      expect(mine.every((r) => r.actorId === me.id && r.at >= since)).toBe(true);
      expect(await audit({ to: '2000-01-01T00:00:00Z' })).toEqual([]);
    });

    it('is for admins only, and refuses bad filters (400 naming the field)', async () => {
      expectProblem(await http.get('/api/audit-log').set(bearer(w.tokens.manager)), 403, 'AUTH.FORBIDDEN');
      for (const [query, field] of [
        [{ entity: 'case' }, 'entity'],
        [{ actorId: 'bob' }, 'actorId'],
        [{ from: 'yesterday' }, 'from'],
        [{ pageSize: 101 }, 'pageSize'],
        [{ page: 0 }, 'page'],
        [{ from: '2026-02-01', to: '2026-01-01' }, 'to'],
      ] as const) {
        expectProblem(await http.get('/api/audit-log').set(admin()).query(query), 400, 'REQUEST.INVALID', [
          field,
        ]);
      }
    });
  });
});
