import type { DeadlinePolicyDto, EnterpriseDto, RoutingRuleDto, UnitDto, UserDto } from '@taizhang/contracts';
import { randomUUID } from 'node:crypto';
import { PASSWORD, act, bearer, creditCode, expectProblem, login, openCase, useWorld } from './harness';

describe('enterprises and administration', () => {
  let originalPolicies: DeadlinePolicyDto[];
  const { api, http, w, id } = useWorld({
    foldAfterEach: true,
    // the deadline policies are shared by the whole run: put them back as they were
    beforeClose: (s) =>
      s.http
        .put('/api/deadline-policies')
        .set(bearer(s.w.adminToken))
        .send({ policies: originalPolicies })
        .expect(200),
  });
  beforeAll(async () => {
    originalPolicies = (await http.get('/api/deadline-policies').set(bearer(w.adminToken)).expect(200)).body;
  });
  /** A new grid (village) under the world's town, made by the admin. */
  const newGrid = async (code: string, name: string): Promise<UnitDto> =>
    (
      await http
        .post('/api/units')
        .set(bearer(w.adminToken))
        .send({ code, name, kind: 'grid', parentId: w.town.id })
        .expect(201)
    ).body;
  const nonAdmins = () => [w.tokens.instructor, w.tokens.coordinator, w.tokens.officer, w.tokens.manager];
  let n = 0;
  const enterpriseBody = (extra: Record<string, unknown> = {}) => ({
    name: `企业${++n}-${w.tag}`,
    creditCode: creditCode(),
    scale: 'above',
    industry: '纺织',
    unitId: w.town.id,
    address: '纺织路1号',
    contactName: '王五',
    contactPhone: '13700000000',
    key: false,
    resumption: 'not_resumed',
    headcount: 50,
    returnedHeadcount: 10,
    instructorIds: [id('instructor')],
    ...extra,
  });
  const countOf = async (table: string) =>
    Number((await api.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  describe('POST /api/enterprises', () => {
    it('registers an enterprise (admin), normalising the credit code', async () => {
      const code = creditCode();
      const res = await http
        .post('/api/enterprises')
        .set(bearer(w.adminToken))
        .send(enterpriseBody({ creditCode: ` ${code.toLowerCase()} ` }))
        .expect(201);
      expect(res.body).toMatchObject({
        creditCode: code,
        unitId: w.town.id,
        scale: 'above',
        resumption: 'not_resumed',
        instructorIds: [id('instructor')],
        openCases: 0,
      });
      const got = await http
        .get(`/api/enterprises/${res.body.id}`)
        .set(bearer(w.tokens.instructor))
        .expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('refuses an invalid credit code (400 naming creditCode) and creates nothing', async () => {
      const before = await countOf('enterprises');
      const valid = creditCode();
      const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
      for (const bad of [
        wrongCheck,
        valid.slice(0, 17),
        `${valid}0`,
        `${valid.slice(0, 2)}ABCDEF${valid.slice(8)}`,
        'I'.repeat(18),
      ]) {
        const res = await http
          .post('/api/enterprises')
          .set(bearer(w.adminToken))
          .send(enterpriseBody({ creditCode: bad }));
        expectProblem(res, 400, 'ENTERPRISE.CREDIT_CODE_INVALID', ['creditCode']);
      }
      expect(await countOf('enterprises')).toBe(before);
    });

    it('refuses a credit code that is already registered (409)', async () => {
      const res = await http
        .post('/api/enterprises')
        .set(bearer(w.adminToken))
        .send(enterpriseBody({ creditCode: w.enterprise.creditCode }));
      expectProblem(res, 409, 'ENTERPRISE.DUPLICATE', ['creditCode']);
      const lower = await http
        .post('/api/enterprises')
        .set(bearer(w.adminToken))
        .send(enterpriseBody({ creditCode: w.enterprise.creditCode.toLowerCase() }));
      expectProblem(lower, 409, 'ENTERPRISE.DUPLICATE');
    });

    it('refuses other bad fields (400 naming each)', async () => {
      const before = await countOf('enterprises');
      const post = (body: Record<string, unknown>) =>
        http.post('/api/enterprises').set(bearer(w.adminToken)).send(enterpriseBody(body));
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ scale: 'big' }, 'scale'],
        [{ resumption: 'maybe' }, 'resumption'],
        [{ unitId: w.county.id }, 'unitId'],
        [{ unitId: randomUUID() }, 'unitId'],
        [{ headcount: 10, returnedHeadcount: 11 }, 'returnedHeadcount'],
        [{ headcount: -1 }, 'headcount'],
        [{ headcount: 1.5 }, 'headcount'],
        [{ key: 'yes' }, 'key'],
        [{ instructorIds: [id('coordinator')] }, 'instructorIds'],
        [{ instructorIds: ['x'] }, 'instructorIds'],
        [{ rating: 5 }, 'rating'],
        [{ name: 'a\u0000b' }, 'name'],
      ];
      for (const [body, field] of bad) expectProblem(await post(body), 400, 'REQUEST.INVALID', [field]);
      expect(await countOf('enterprises')).toBe(before);
    });

    it('lets a coordinator register an enterprise in his own town only; other roles get 403', async () => {
      const mine = await http
        .post('/api/enterprises')
        .set(bearer(w.tokens.coordinator))
        .send(enterpriseBody())
        .expect(201);
      expect(mine.body.unitId).toBe(w.town.id);
      const before = await countOf('enterprises');
      expectProblem(
        await http.post('/api/enterprises').set(bearer(w.tokens.otherCoordinator)).send(enterpriseBody()),
        400,
        'REQUEST.INVALID',
        ['unitId'],
      );
      for (const token of [w.tokens.instructor, w.tokens.officer, w.tokens.manager]) {
        expectProblem(
          await http.post('/api/enterprises').set(bearer(token)).send(enterpriseBody()),
          403,
          'AUTH.FORBIDDEN',
        );
      }
      expect(await countOf('enterprises')).toBe(before);
    });

    it('accepts an enterprise in a grid: its cases belong to the grid’s town', async () => {
      const grid = await newGrid(`G${w.tag}`, '一村');
      const ent = (
        await http
          .post('/api/enterprises')
          .set(bearer(w.adminToken))
          .send(enterpriseBody({ unitId: grid.id }))
          .expect(201)
      ).body as EnterpriseDto;
      expect(ent.unitId).toBe(grid.id);
      const c = await openCase(http, w.tokens.instructor, ent.id);
      expect(c.unitId).toBe(w.town.id);
      expect(c.ledgerNo.startsWith(`${w.town.code}-`)).toBe(true);
      const listed = await http
        .get('/api/enterprises')
        .set(bearer(w.tokens.coordinator))
        .query({ unitId: w.town.id, pageSize: 200 })
        .expect(200);
      expect(listed.body.items.map((e: EnterpriseDto) => e.id)).toContain(ent.id);
    });
  });

  describe('GET /api/enterprises', () => {
    let made: EnterpriseDto[];
    beforeAll(async () => {
      const tag = `筛选${w.tag}`;
      const bodies = [
        { name: `${tag}甲`, scale: 'above', key: true, unitId: w.town.id },
        { name: `${tag}乙`, scale: 'below', key: false, unitId: w.town.id },
        {
          name: `${tag}丙`,
          scale: 'below',
          key: true,
          unitId: w.otherTown.id,
          instructorIds: [id('otherInstructor')],
        },
        { name: `${tag}丁`, scale: 'above', key: false, unitId: w.otherTown.id, instructorIds: [] },
        { name: `${tag}戊`, scale: 'below', key: false, unitId: w.otherTown.id, instructorIds: [] },
      ];
      made = [];
      for (const b of bodies)
        made.push(
          (await http.post('/api/enterprises').set(bearer(w.adminToken)).send(enterpriseBody(b)).expect(201))
            .body,
        );
    });
    const names = async (token: string, query: Record<string, unknown>) => {
      const res = await http
        .get('/api/enterprises')
        .set(bearer(token))
        .query({ q: `筛选${w.tag}`, pageSize: 200, ...query });
      if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      expect(res.body.total).toBe(res.body.items.length);
      return (res.body.items as EnterpriseDto[])
        .map((e) => e.name.slice(-1))
        .sort()
        .join('');
    };

    it('filters by q (name or credit code), unitId, scale and key', async () => {
      expect(await names(w.adminToken, {})).toBe('丁丙乙戊甲'.split('').sort().join(''));
      expect(await names(w.adminToken, { unitId: w.otherTown.id })).toBe(['丙', '丁', '戊'].sort().join(''));
      expect(await names(w.adminToken, { scale: 'below' })).toBe(['乙', '丙', '戊'].sort().join(''));
      expect(await names(w.adminToken, { key: true })).toBe(['甲', '丙'].sort().join(''));
      expect(await names(w.adminToken, { key: false, scale: 'above' })).toBe('丁');
      expect(await names(w.adminToken, { unitId: w.county.id })).toBe('丁丙乙戊甲'.split('').sort().join(''));
      const byCode = await http
        .get('/api/enterprises')
        .set(bearer(w.adminToken))
        .query({ q: made[1]?.creditCode })
        .expect(200);
      expect(byCode.body.items.map((e: EnterpriseDto) => e.id)).toEqual([made[1]?.id]);
    });

    it('shows each role only the enterprises in its jurisdiction', async () => {
      expect(await names(w.tokens.instructor, {})).toBe(['甲', '乙'].sort().join(''));
      expect(await names(w.tokens.otherInstructor, {})).toBe('丙');
      expect(await names(w.tokens.coordinator, {})).toBe(['甲', '乙'].sort().join(''));
      expect(await names(w.tokens.otherManager, {})).toBe(['丙', '丁', '戊'].sort().join(''));
      expect(await names(w.tokens.manager, {})).toBe('丁丙乙戊甲'.split('').sort().join(''));
    });

    it('pages: key enterprises first, then by name; { items, total, page, pageSize }', async () => {
      const pages = [];
      for (let page = 1; page <= 3; page++) {
        pages.push(
          (
            await http
              .get('/api/enterprises')
              .set(bearer(w.adminToken))
              .query({ q: `筛选${w.tag}`, page, pageSize: 2 })
              .expect(200)
          ).body,
        );
      }
      expect(pages.map((p) => [p.page, p.pageSize, p.total, p.items.length])).toEqual([
        [1, 2, 5, 2],
        [2, 2, 5, 2],
        [3, 2, 5, 1],
      ]);
      const all = pages.flatMap((p) => p.items as EnterpriseDto[]);
      expect(new Set(all.map((e) => e.id)).size).toBe(5);
      expect(all.slice(0, 2).every((e) => e.key)).toBe(true);
    });

    it('refuses bad filters (400 naming them)', async () => {
      const get = (query: Record<string, unknown>) =>
        http.get('/api/enterprises').set(bearer(w.adminToken)).query(query);
      expectProblem(await get({ pageSize: 201 }), 400, 'REQUEST.INVALID', ['pageSize']);
      expectProblem(await get({ scale: 'huge' }), 400, 'REQUEST.INVALID', ['scale']);
      expectProblem(await get({ key: 'maybe' }), 400, 'REQUEST.INVALID', ['key']);
      expectProblem(await get({ unitId: '1' }), 400, 'REQUEST.INVALID', ['unitId']);
      expectProblem(await get({ q: '\u0000' }), 400, 'REQUEST.INVALID', ['q']);
    });
  });

  describe('PATCH /api/enterprises/:id', () => {
    let ent: EnterpriseDto;
    let second: UserDto;
    /** PATCH the enterprise of these tests as `token`. */
    const patchAs = (token: string, body: Record<string, unknown>) =>
      http.patch(`/api/enterprises/${ent.id}`).set(bearer(token)).send(body);
    beforeAll(async () => {
      ent = (
        await http
          .post('/api/enterprises')
          .set(bearer(w.adminToken))
          .send(enterpriseBody({ headcount: 100, returnedHeadcount: 20 }))
          .expect(201)
      ).body;
      const body = {
        username: `instructor2_${w.tag}`,
        password: PASSWORD,
        displayName: '第二指导员',
        role: 'instructor',
        unitId: w.town.id,
      };
      second = (await http.post('/api/users').set(bearer(w.adminToken)).send(body).expect(201)).body;
    });

    it('changes only the fields sent', async () => {
      const res = await patchAs(w.adminToken, {
        resumption: 'resumed',
        returnedHeadcount: 90,
        instructorIds: [id('instructor'), second.id],
      }).expect(200);
      expect(res.body).toEqual({
        ...ent,
        resumption: 'resumed',
        returnedHeadcount: 90,
        instructorIds: expect.arrayContaining([id('instructor'), second.id]),
      });
      expect(res.body.instructorIds).toHaveLength(2);
      // the new instructor (of the same town) now sees it
      await http
        .get(`/api/enterprises/${ent.id}`)
        .set(bearer(await login(http, second.username)))
        .expect(200);
      const same = await patchAs(w.adminToken, { creditCode: ent.creditCode }).expect(200);
      expect(same.body.creditCode).toBe(ent.creditCode);
    });

    it('lets the town’s coordinator change it; another town’s coordinator gets 404, an instructor 403', async () => {
      await patchAs(w.tokens.coordinator, { resumption: 'full_capacity' }).expect(200);
      expectProblem(
        await patchAs(w.tokens.otherCoordinator, { resumption: 'resumed' }),
        404,
        'ENTERPRISE.NOT_FOUND',
      );
      expectProblem(await patchAs(w.tokens.instructor, { resumption: 'resumed' }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await patchAs(w.tokens.coordinator, { unitId: w.otherTown.id }), 400, 'REQUEST.INVALID', [
        'unitId',
      ]);
      expect(
        (await http.get(`/api/enterprises/${ent.id}`).set(bearer(w.adminToken)).expect(200)).body,
      ).toMatchObject({ resumption: 'full_capacity', unitId: w.town.id });
    });

    it('refuses bad changes (400/409) and changes nothing', async () => {
      const before = (await http.get(`/api/enterprises/${ent.id}`).set(bearer(w.adminToken)).expect(200))
        .body;
      const patch = (body: Record<string, unknown>) => patchAs(w.adminToken, body);
      expectProblem(await patch({ creditCode: '123' }), 400, 'ENTERPRISE.CREDIT_CODE_INVALID', [
        'creditCode',
      ]);
      expectProblem(await patch({ creditCode: w.enterprise.creditCode }), 409, 'ENTERPRISE.DUPLICATE', [
        'creditCode',
      ]);
      expectProblem(await patch({ returnedHeadcount: before.headcount + 1 }), 400, 'REQUEST.INVALID', [
        'returnedHeadcount',
      ]);
      expectProblem(await patch({ headcount: before.returnedHeadcount - 1 }), 400, 'REQUEST.INVALID', [
        'returnedHeadcount',
      ]);
      expectProblem(await patch({ resumption: 'stopped' }), 400, 'REQUEST.INVALID', ['resumption']);
      expectProblem(await patch({ id: randomUUID() }), 400, 'REQUEST.INVALID', ['id']);
      for (const field of ['name', 'key', 'headcount', 'creditCode', 'unitId', 'instructorIds']) {
        expectProblem(await patch({ [field]: null }), 400, 'REQUEST.INVALID', [field]);
      }
      expect(
        (await http.get(`/api/enterprises/${ent.id}`).set(bearer(w.adminToken)).expect(200)).body,
      ).toEqual(before);
      expectProblem(
        await http.patch(`/api/enterprises/${randomUUID()}`).set(bearer(w.adminToken)).send({ key: true }),
        404,
        'ENTERPRISE.NOT_FOUND',
      );
      expectProblem(
        await http.patch('/api/enterprises/abc').set(bearer(w.adminToken)).send({ key: true }),
        400,
        'REQUEST.INVALID',
        ['id'],
      );
    });
  });

  describe('POST /api/units', () => {
    const post = (body: Record<string, unknown>, token = w.adminToken) =>
      http.post('/api/units').set(bearer(token)).send(body);

    it('places each kind under the right parent', async () => {
      const made = async (body: Record<string, unknown>): Promise<UnitDto> =>
        (await post(body).expect(201)).body;
      const city = await made({ code: `C2${w.tag}`, name: '二市', kind: 'city' });
      expect(city).toEqual({
        id: expect.any(String),
        code: `C2${w.tag}`,
        name: '二市',
        kind: 'city',
        parentId: null,
        active: true,
      });
      const county = await made({ code: `K2${w.tag}`, name: '二县', kind: 'county', parentId: city.id });
      const bureau = await made({
        code: `KS${w.tag}`,
        name: '二县商务局',
        kind: 'bureau',
        parentId: county.id,
        categoryCodes: ['sales', 'sales'],
      });
      expect(bureau).toMatchObject({ kind: 'bureau', parentId: county.id, categoryCodes: ['sales'] });
      const cityBureau = await made({
        code: `CS${w.tag}`,
        name: '二市商务局',
        kind: 'bureau',
        parentId: city.id,
        categoryCodes: ['sales'],
      });
      expect(cityBureau.parentId).toBe(city.id);
      const town = await made({ code: `T2${w.tag}`, name: '二镇', kind: 'town', parentId: county.id });
      await made({ code: `G2${w.tag}`, name: '二村', kind: 'grid', parentId: town.id });
      const all = (await http.get('/api/units').set(bearer(w.tokens.instructor)).expect(200)).body
        .items as UnitDto[];
      expect(all.filter((u) => u.code.endsWith(`2${w.tag}`) || u.code === `KS${w.tag}`)).toHaveLength(5);
    });

    it('refuses a unit in the wrong place or with bad fields (400 naming the field)', async () => {
      const before = await countOf('units');
      const invalid: [body: Record<string, unknown>, field: string][] = [
        [{ code: `X1${w.tag}`, name: 'x', kind: 'city', parentId: w.city.id }, 'parentId'],
        [{ code: `X2${w.tag}`, name: 'x', kind: 'county' }, 'parentId'],
        [{ code: `X3${w.tag}`, name: 'x', kind: 'town', parentId: w.city.id }, 'parentId'],
        [{ code: `X4${w.tag}`, name: 'x', kind: 'grid', parentId: w.county.id }, 'parentId'],
        [{ code: `X5${w.tag}`, name: 'x', kind: 'bureau', parentId: w.town.id }, 'parentId'],
        [{ code: `X6${w.tag}`, name: 'x', kind: 'town', parentId: randomUUID() }, 'parentId'],
        [
          { code: `X7${w.tag}`, name: 'x', kind: 'town', parentId: w.county.id, categoryCodes: ['labor'] },
          'categoryCodes',
        ],
        [
          {
            code: `X8${w.tag}`,
            name: 'x',
            kind: 'bureau',
            parentId: w.county.id,
            categoryCodes: ['nothing'],
          },
          'categoryCodes',
        ],
        [{ code: `X9${w.tag}`, name: 'x', kind: 'village', parentId: w.town.id }, 'kind'],
        [{ code: 'bad code!', name: 'x', kind: 'grid', parentId: w.town.id }, 'code'],
        [{ code: `XA${w.tag}`, name: '', kind: 'grid', parentId: w.town.id }, 'name'],
      ];
      for (const [body, field] of invalid) expectProblem(await post(body), 400, 'REQUEST.INVALID', [field]);
      expectProblem(
        await post({ code: w.town.code, name: '重复', kind: 'town', parentId: w.county.id }),
        409,
        'REQUEST.CONFLICT',
      );
      expect(await countOf('units')).toBe(before);
    });
  });

  describe('POST /api/users', () => {
    const post = (body: Record<string, unknown>, token = w.adminToken) =>
      http.post('/api/users').set(bearer(token)).send(body);
    const userBody = (extra: Record<string, unknown>) => ({
      username: `u${randomUUID().slice(0, 8)}`,
      password: PASSWORD,
      displayName: '测试用户',
      ...extra,
    });
    const USER_KEYS = [
      'active',
      'displayName',
      'email',
      'id',
      'mustChangePassword',
      'phone',
      'role',
      'unitId',
      'username',
    ];

    it('creates users whose unit fits their role, and never returns a password', async () => {
      const grid = await newGrid(`GU${w.tag}`, '二村');
      const ok: Array<[string, string | null]> = [
        ['instructor', grid.id],
        ['instructor', w.town.id],
        ['coordinator', w.town.id],
        ['bureau_officer', w.countyLabor.id],
        ['manager', w.city.id],
        ['manager', w.countyLabor.id],
        ['admin', null],
      ];
      for (const [role, unitId] of ok) {
        const body = userBody({ role, unitId, phone: '138 0000 0000' });
        const res = await post(body).expect(201);
        expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
        expect(res.body).toMatchObject({ username: body.username, role, unitId, phone: '138 0000 0000' });
        const signedIn = await http
          .post('/api/auth/login')
          .send({ username: body.username, password: PASSWORD })
          .expect(200);
        expect(Object.keys(signedIn.body.user).sort()).toEqual(USER_KEYS);
        const me = await http.get('/api/auth/me').set(bearer(signedIn.body.accessToken)).expect(200);
        expect(JSON.stringify(me.body)).not.toMatch(/"password"|passwordHash|password_hash|argon2/i);
      }
      const listed = await http.get('/api/users').set(bearer(w.adminToken)).expect(200);
      for (const u of listed.body.items as UserDto[]) expect(Object.keys(u).sort()).toEqual(USER_KEYS);
      expect(JSON.stringify(listed.body)).not.toMatch(/"password"|passwordHash|password_hash|argon2/i);
    });

    it('refuses a unit that does not fit the role, and other bad fields (400 naming the field)', async () => {
      const before = await countOf('users');
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ role: 'coordinator', unitId: w.county.id }, 'unitId'],
        [{ role: 'coordinator', unitId: w.countyLabor.id }, 'unitId'],
        [{ role: 'bureau_officer', unitId: w.town.id }, 'unitId'],
        [{ role: 'instructor', unitId: w.county.id }, 'unitId'],
        [{ role: 'manager', unitId: null }, 'unitId'],
        [{ role: 'instructor', unitId: randomUUID() }, 'unitId'],
        [{ role: 'superuser', unitId: w.town.id }, 'role'],
        [{ role: 'instructor', unitId: w.town.id, username: 'a b' }, 'username'],
        [{ role: 'instructor', unitId: w.town.id, phone: 'call me' }, 'phone'],
        [{ role: 'instructor', unitId: w.town.id, passwordHash: 'x' }, 'passwordHash'],
      ];
      for (const [extra, field] of bad)
        expectProblem(await post(userBody(extra)), 400, 'REQUEST.INVALID', [field]);
      expectProblem(
        await post(userBody({ role: 'instructor', unitId: w.town.id, password: 'short' })),
        400,
        'PASSWORD.TOO_SHORT',
        ['password'],
      );
      expect(await countOf('users')).toBe(before);
    });

    it('refuses a username that is taken, whatever its case (409)', async () => {
      const taken = w.users['coordinator'].username.toUpperCase();
      expectProblem(
        await post(userBody({ username: taken, role: 'coordinator', unitId: w.town.id })),
        409,
        'REQUEST.CONFLICT',
      );
    });

    it('lets a non-admin list only the users of his own unit', async () => {
      const mine = (
        await http.get('/api/users').set(bearer(w.tokens.coordinator)).query({ pageSize: 100 }).expect(200)
      ).body.items as UserDto[];
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((u) => u.unitId === w.town.id)).toBe(true);
      expect(mine.map((u) => u.id)).toEqual(
        expect.arrayContaining([id('coordinator'), id('coordinator2'), id('instructor')]),
      );
      expect(
        (
          await http
            .get('/api/users')
            .set(bearer(w.tokens.coordinator))
            .query({ unitId: w.otherTown.id })
            .expect(200)
        ).body.items,
      ).toEqual([]);
    });
  });

  describe('categories', () => {
    it('lists the seeded categories and lets an admin add one', async () => {
      const list = (await http.get('/api/categories').set(bearer(w.tokens.instructor)).expect(200)).body
        .items;
      expect(list.map((c: { code: string }) => c.code)).toEqual(
        expect.arrayContaining([
          'labor',
          'transport',
          'funding',
          'supplies',
          'sales',
          'land',
          'policy',
          'other',
        ]),
      );
      expect(list.find((c: { code: string }) => c.code === 'labor')).toEqual({
        code: 'labor',
        nameZh: '用工',
        nameEn: 'Labor',
        active: true,
      });
      const code = `energy_${w.tag}`;
      const res = await http
        .post('/api/categories')
        .set(bearer(w.adminToken))
        .send({ code, nameZh: ' 能源 ', nameEn: 'Energy' })
        .expect(201);
      expect(res.body).toEqual({ code, nameZh: '能源', nameEn: 'Energy', active: true });
      expectProblem(
        await http
          .post('/api/categories')
          .set(bearer(w.adminToken))
          .send({ code, nameZh: '能源', nameEn: 'Energy' }),
        409,
        'REQUEST.CONFLICT',
      );
      // a case can now be opened in it
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id, { categoryCode: code });
      expect(c.categoryCode).toBe(code);
    });

    it('refuses a bad category (400 naming the field)', async () => {
      expectProblem(
        await http
          .post('/api/categories')
          .set(bearer(w.adminToken))
          .send({ code: 'Energy', nameZh: '能源', nameEn: 'Energy' }),
        400,
        'REQUEST.INVALID',
        ['code'],
      );
      expectProblem(
        await http
          .post('/api/categories')
          .set(bearer(w.adminToken))
          .send({ code: 'energy2', nameZh: '能源' }),
        400,
        'REQUEST.INVALID',
        ['nameEn'],
      );
    });
  });

  describe('PUT /api/routing-rules', () => {
    const rules = async (): Promise<RoutingRuleDto[]> =>
      (await http.get('/api/routing-rules').set(bearer(w.adminToken)).expect(200)).body;
    const put = (body: unknown, token = w.adminToken) =>
      http
        .put('/api/routing-rules')
        .set(bearer(token))
        .send(body as object);

    it('refuses invalid rules (400 naming the rule and field) and keeps the rules as they were', async () => {
      const before = await rules();
      expect(before).toEqual(
        expect.arrayContaining([{ categoryCode: 'labor', unitId: w.county.id, bureauId: w.countyLabor.id }]),
      );
      const good = { categoryCode: 'labor', unitId: w.county.id, bureauId: w.countyLabor.id };
      const cases: Array<[unknown, string]> = [
        [
          { rules: [...before, { ...good, categoryCode: 'nothing' }] },
          `rules[${before.length}].categoryCode`,
        ],
        [{ rules: [{ ...good, unitId: w.town.id }] }, 'rules[0].unitId'],
        [{ rules: [{ ...good, bureauId: w.cityLabor.id }] }, 'rules[0].bureauId'],
        [{ rules: [{ ...good, bureauId: w.town.id }] }, 'rules[0].bureauId'],
        [{ rules: [good, good] }, 'rules[1]'],
        [{ rules: [{ ...good, unitId: 'county' }] }, 'rules.0.unitId'],
        [{ rules: [{ ...good, extra: 1 }] }, 'rules.0.extra'],
        [{}, 'rules'],
        [{ rules: 'all' }, 'rules'],
      ];
      for (const [body, field] of cases) expectProblem(await put(body), 400, 'REQUEST.INVALID', [field]);
      expect(await rules()).toEqual(before);
    });

    it('replaces the rules; escalation follows them', async () => {
      const landBureau = (
        await http
          .post('/api/units')
          .set(bearer(w.adminToken))
          .send({ code: `KL${w.tag}`, name: '测试县自然资源局', kind: 'bureau', parentId: w.county.id })
          .expect(201)
      ).body as UnitDto;
      let c = await openCase(http, w.tokens.instructor, w.enterprise.id, {
        categoryCode: 'land',
        title: '用地审批',
      });
      expectProblem(
        await act(http, w.tokens.coordinator, c, { action: 'escalate', reason: '需自然资源局' }),
        409,
        'CASE.NO_ROUTE',
      );
      const before = await rules();
      const res = await put({
        rules: [...before, { categoryCode: 'land', unitId: w.county.id, bureauId: landBureau.id }],
      }).expect(200);
      expect(res.body).toHaveLength(before.length + 1);
      expect(await rules()).toEqual(res.body);
      c = (
        await act(http, w.tokens.coordinator, c, { action: 'escalate', reason: '需自然资源局' }).expect(200)
      ).body;
      expect(c).toMatchObject({ status: 'escalated', level: 1, unitId: landBureau.id });
    });
  });

  describe('disabled units take no new work', () => {
    const admin = () => bearer(w.adminToken);
    const unit = async (code: string, name: string, kind: string, parentId: string): Promise<UnitDto> =>
      (
        await http
          .post('/api/units')
          .set(admin())
          .send({ code: `${code}${w.tag}`, name, kind, parentId })
          .expect(201)
      ).body;
    const category = (code: string, nameZh: string, nameEn: string) =>
      http.post('/api/categories').set(admin()).send({ code, nameZh, nameEn }).expect(201);
    const disable = (u: UnitDto) =>
      http.patch(`/api/units/${u.id}`).set(admin()).send({ active: false }).expect(200);

    it('refuses an enterprise created in or moved to a disabled town or grid (400 naming unitId); one already there stays', async () => {
      const closed = await unit('DT', '停用镇', 'town', w.county.id);
      const gridOfClosed = await unit('DG', '停用镇网格', 'grid', closed.id);
      const open = await unit('OT', '在用镇', 'town', w.county.id);
      const stays = (
        await http
          .post('/api/enterprises')
          .set(admin())
          .send(enterpriseBody({ unitId: open.id, instructorIds: [] }))
          .expect(201)
      ).body as EnterpriseDto;
      await disable(closed);
      const before = await countOf('enterprises');
      for (const unitId of [closed.id, gridOfClosed.id]) {
        const res = await http
          .post('/api/enterprises')
          .set(admin())
          .send(enterpriseBody({ unitId, instructorIds: [] }));
        expectProblem(res, 400, 'REQUEST.INVALID', ['unitId']);
        expect(res.body.errors).toEqual([
          { field: 'unitId', message: 'this town or grid is disabled: pick an enabled one' },
        ]);
        expectProblem(
          await http.patch(`/api/enterprises/${stays.id}`).set(admin()).send({ unitId }),
          400,
          'REQUEST.INVALID',
          ['unitId'],
        );
      }
      expect(await countOf('enterprises')).toBe(before);
      expect((await http.get(`/api/enterprises/${stays.id}`).set(admin()).expect(200)).body.unitId).toBe(
        open.id,
      );
      // its own town disabled, the enterprise keeps it, and a form sent back with that town is no move
      await disable(open);
      const kept = await http
        .patch(`/api/enterprises/${stays.id}`)
        .set(admin())
        .send({ unitId: open.id, headcount: 60 })
        .expect(200);
      expect(kept.body).toMatchObject({ unitId: open.id, headcount: 60 });
    });

    it('refuses a user created in or moved to a disabled unit (400 naming unitId)', async () => {
      const closed = await unit('DU', '停用镇二', 'town', w.county.id);
      await disable(closed);
      const body = {
        username: `mover_${w.tag}`,
        password: PASSWORD,
        displayName: '调动',
        role: 'coordinator',
        unitId: closed.id,
      };
      expectProblem(await http.post('/api/users').set(admin()).send(body), 400, 'REQUEST.INVALID', [
        'unitId',
      ]);
      const user = (
        await http
          .post('/api/users')
          .set(admin())
          .send({ ...body, unitId: w.town.id })
          .expect(201)
      ).body as UserDto;
      const res = await http.patch(`/api/users/${user.id}`).set(admin()).send({ unitId: closed.id });
      expectProblem(res, 400, 'REQUEST.INVALID', ['unitId']);
      expect(res.body.errors[0].message).toMatch(/disabled/);
      expect(await api.ds.query(`SELECT unit_id FROM users WHERE id = $1`, [user.id])).toEqual([
        { unit_id: w.town.id },
      ]);
      // an enabled grid of a disabled town takes no new instructor either
      const town = await unit('DV', '停用镇三', 'town', w.county.id);
      const grid = await unit('DW', '停用镇三网格', 'grid', town.id);
      await disable(town);
      const inGrid = await http
        .post('/api/users')
        .set(admin())
        .send({ ...body, username: `grid_${w.tag}`, role: 'instructor', unitId: grid.id });
      expectProblem(inGrid, 400, 'REQUEST.INVALID', ['unitId']);
      expect(inGrid.body.errors[0].message).toBe('停用镇三网格 is in a disabled town: pick an enabled unit');
    });

    it('refuses null for a field of a unit or category change (400 naming it, not 500) and changes nothing', async () => {
      const town = await unit('NT', '空值镇', 'town', w.county.id);
      const refusesNull = async (path: string, fields: string[]) => {
        for (const field of fields)
          expectProblem(
            await http
              .patch(path)
              .set(admin())
              .send({ [field]: null }),
            400,
            'REQUEST.INVALID',
            [field],
          );
      };
      await refusesNull(`/api/units/${town.id}`, ['name', 'categoryCodes', 'active']);
      const code = `nul_${w.tag}`;
      await category(code, '空值', 'Null');
      await refusesNull(`/api/categories/${code}`, ['nameZh', 'nameEn', 'active']);
      const units = (await http.get('/api/units/search').query({ q: '空值镇' }).set(admin()).expect(200)).body
        .items as UnitDto[];
      expect(units.find((u) => u.id === town.id)).toEqual(town);
      const categories = (await http.get('/api/categories').query({ pageSize: 100 }).set(admin()).expect(200))
        .body.items as unknown[];
      expect(categories).toContainEqual({ code, nameZh: '空值', nameEn: 'Null', active: true });
    });

    it('refuses a routing rule to a disabled bureau or for a disabled county (400 naming the field); rules kept as they were may stay', async () => {
      const code = `rt_${w.tag}`;
      await category(code, '路由测试', 'Routing test');
      const original = (await http.get('/api/routing-rules').set(admin()).expect(200))
        .body as RoutingRuleDto[];
      const put = (rules: RoutingRuleDto[]) => http.put('/api/routing-rules').set(admin()).send({ rules });

      const closedBureau = await unit('DB', '停用局', 'bureau', w.county.id);
      await disable(closedBureau);
      let res = await put([
        ...original,
        { categoryCode: code, unitId: w.county.id, bureauId: closedBureau.id },
      ]);
      expectProblem(res, 400, 'REQUEST.INVALID', [`rules[${original.length}].bureauId`]);
      expect(res.body.errors[0].message).toBe('停用局 is disabled: route to an enabled bureau');

      const closedCounty = await unit('DK', '停用县', 'county', w.city.id);
      const itsBureau = await unit('DKB', '停用县人社局', 'bureau', closedCounty.id);
      await disable(closedCounty);
      res = await put([...original, { categoryCode: code, unitId: closedCounty.id, bureauId: itsBureau.id }]);
      expectProblem(res, 400, 'REQUEST.INVALID', [`rules[${original.length}].unitId`]);
      expect((await http.get('/api/routing-rules').set(admin()).expect(200)).body).toEqual(original);

      // a rule made while its bureau was enabled survives the bureau's disabling when the list is saved again
      const laterClosed = await unit('LB', '将停用局', 'bureau', w.county.id);
      const withRule = (
        await put([
          ...original,
          { categoryCode: code, unitId: w.county.id, bureauId: laterClosed.id },
        ]).expect(200)
      ).body as RoutingRuleDto[];
      await disable(laterClosed);
      expect((await put(withRule).expect(200)).body).toEqual(withRule);
      await put(original).expect(200);
    });
  });

  describe('deadline policies', () => {
    const get = async (): Promise<DeadlinePolicyDto[]> =>
      (await http.get('/api/deadline-policies').set(bearer(w.tokens.manager)).expect(200)).body;
    const put = (policies: unknown, token = w.adminToken) =>
      http.put('/api/deadline-policies').set(bearer(token)).send({ policies });

    it('lists one policy per level and priority', async () => {
      const policies = await get();
      expect(policies.map((p) => `${p.level}/${p.priority}`)).toEqual([
        '0/normal',
        '0/urgent',
        '1/normal',
        '1/urgent',
        '2/normal',
        '2/urgent',
      ]);
      for (const p of policies) {
        expect(p).toEqual({
          level: p.level,
          priority: p.priority,
          respondMinutes: expect.any(Number),
          resolveMinutes: expect.any(Number),
          workingTime: expect.any(Boolean),
          respondByEndOfDay: expect.any(Boolean),
          maxExtensionDays: 5,
          nearLeadHours: null, // the worker's NOTIFY_DEADLINE_LEAD_HOURS
        });
      }
    });

    it('accepts fractional minutes and applies them to cases opened afterwards', async () => {
      const sent = {
        level: 0,
        priority: 'urgent',
        respondMinutes: 0.5,
        resolveMinutes: 90.25,
        workingTime: false,
        respondByEndOfDay: true,
      };
      const res = await put([sent]).expect(200);
      expect(res.body.find((p: DeadlinePolicyDto) => p.level === 0 && p.priority === 'urgent')).toEqual({
        ...sent,
        maxExtensionDays: 5, // left out: kept as it was
        nearLeadHours: null,
      });
      expect(res.body).toHaveLength(6); // the others stay
      expect(await get()).toEqual(res.body);
      const c = await openCase(http, w.tokens.instructor, w.enterprise.id, { priority: 'urgent' });
      const opened = new Date(c.openedAt).getTime();
      expect(new Date(c.resolveBy as string).getTime() - opened).toBe(90.25 * 60_000);
      expect(new Date(c.respondBy as string).getTime() - opened).toBeLessThanOrEqual(30_000);
    });

    it('sets the "deadline near" lead of a policy in working hours (left out: kept; null: the default)', async () => {
      const before = (await get()).find((p) => p.level === 1 && p.priority === 'urgent') as DeadlinePolicyDto;
      const { nearLeadHours: _, ...without } = before;
      const pick = (body: DeadlinePolicyDto[]) => body.find((p) => p.level === 1 && p.priority === 'urgent');
      expect(pick((await put([{ ...without, nearLeadHours: 8 }]).expect(200)).body)?.nearLeadHours).toBe(8);
      expect(pick((await put([without]).expect(200)).body)?.nearLeadHours).toBe(8);
      expect(pick(await get())?.nearLeadHours).toBe(8);
      expect(pick((await put([{ ...without, nearLeadHours: 0 }]).expect(200)).body)?.nearLeadHours).toBe(0);
      expect(pick((await put([{ ...without, nearLeadHours: null }]).expect(200)).body)?.nearLeadHours).toBe(
        null,
      );
      expectProblem(await put([{ ...without, nearLeadHours: 8 }], w.tokens.manager), 403);
    });

    it('refuses invalid policies (400 naming the field) and changes nothing', async () => {
      const before = await get();
      const p = {
        level: 1,
        priority: 'normal',
        respondMinutes: 60,
        resolveMinutes: 600,
        workingTime: true,
        respondByEndOfDay: false,
      };
      const bad: Array<[unknown, string]> = [
        [[{ ...p, level: 3 }], 'policies.0.level'],
        [[{ ...p, priority: 'low' }], 'policies.0.priority'],
        [[{ ...p, respondMinutes: 0 }], 'policies.0.respondMinutes'],
        [[{ ...p, respondMinutes: -5 }], 'policies.0.respondMinutes'],
        [[{ ...p, respondMinutes: '60' }], 'policies.0.respondMinutes'],
        [[{ ...p, resolveMinutes: 30 }], 'policies[0].resolveMinutes'],
        [[{ ...p, resolveMinutes: 1e12 }], 'policies.0.resolveMinutes'],
        [[{ ...p, workingTime: 'yes' }], 'policies.0.workingTime'],
        [[{ ...p, nearLeadHours: 41 }], 'policies.0.nearLeadHours'],
        [[{ ...p, nearLeadHours: -1 }], 'policies.0.nearLeadHours'],
        [[{ ...p, nearLeadHours: '4' }], 'policies.0.nearLeadHours'],
        [
          [{ level: 1, priority: 'normal', respondMinutes: 60, resolveMinutes: 600, workingTime: true }],
          'policies.0.respondByEndOfDay',
        ],
        [[p, { ...p, resolveMinutes: 700 }], 'policies[1]'],
        [[{ ...p, note: 'x' }], 'policies.0.note'],
        [Array(7).fill(p), 'policies'],
        ['all', 'policies'],
      ];
      for (const [policies, field] of bad)
        expectProblem(await put(policies), 400, 'REQUEST.INVALID', [field]);
      expect(await get()).toEqual(before);
    });
  });

  describe('admin writes', () => {
    it('are refused to every other role (403) and change nothing', async () => {
      const counts = async () => [
        await countOf('units'),
        await countOf('users'),
        await countOf('categories'),
        await countOf('routing_rules'),
      ];
      const before = await counts();
      const policies = (await http.get('/api/deadline-policies').set(bearer(w.adminToken))).body;
      const rules = (await http.get('/api/routing-rules').set(bearer(w.adminToken))).body;
      for (const token of nonAdmins()) {
        expectProblem(
          await http
            .post('/api/units')
            .set(bearer(token))
            .send({ code: `Z${w.tag}`, name: 'z', kind: 'grid', parentId: w.town.id }),
          403,
          'AUTH.FORBIDDEN',
        );
        expectProblem(
          await http
            .post('/api/users')
            .set(bearer(token))
            .send({ username: `z${w.tag}`, password: PASSWORD, displayName: 'z', role: 'admin' }),
          403,
          'AUTH.FORBIDDEN',
        );
        expectProblem(
          await http
            .post('/api/categories')
            .set(bearer(token))
            .send({ code: `z${w.tag}`, nameZh: 'z', nameEn: 'z' }),
          403,
          'AUTH.FORBIDDEN',
        );
        expectProblem(
          await http.put('/api/routing-rules').set(bearer(token)).send({ rules: [] }),
          403,
          'AUTH.FORBIDDEN',
        );
        expectProblem(
          await http.put('/api/deadline-policies').set(bearer(token)).send({ policies: [] }),
          403,
          'AUTH.FORBIDDEN',
        );
      }
      expect(await counts()).toEqual(before);
      expect((await http.get('/api/deadline-policies').set(bearer(w.adminToken))).body).toEqual(policies);
      expect((await http.get('/api/routing-rules').set(bearer(w.adminToken))).body).toEqual(rules);
      // and without a token, 401
      expectProblem(
        await http.post('/api/units').send({ code: `Z${w.tag}`, name: 'z', kind: 'city' }),
        401,
        'AUTH.UNAUTHENTICATED',
      );
      await login(http, w.users['manager'].username); // the manager still signs in: nothing was locked
    });
  });
});
