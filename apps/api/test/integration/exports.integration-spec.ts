import type { CaseDto, ExportDto, Page } from '@taizhang/contracts';
import { buildExport, exportCondition } from '@taizhang/db';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { act, bearer, expectProblem, openCase, useWorld, binary } from './harness';

/**
 * POST /api/exports and friends: the request writes the exports row (with the ledger's WHERE clause for the
 * requester) and the outbox row of its `export.build` job in one transaction; the worker (not running here)
 * builds it. Owners only; the download waits for `done`.
 */
describe('exports: POST /api/exports', () => {
  const cases: CaseDto[] = [];

  const userId = (key: string) => (w.users[key] as { id: string }).id;
  const post = (token: string, body: Record<string, unknown> = {}) =>
    http.post('/api/exports').set(bearer(token)).send(body);

  /** What GET /api/cases shows this user with these filters (all pages). */
  async function visible(token: string, query: Record<string, unknown> = {}): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const res = await http
        .get('/api/cases')
        .set(bearer(token))
        .query({ ...query, page, pageSize: 200 });
      if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
      const body = res.body as Page<CaseDto>;
      ids.push(...body.items.map((c) => c.id));
      if (body.items.length < 200) return ids.sort();
    }
  }

  /** The cases an export selects: its stored requester and filters, rebuilt as the worker rebuilds them. */
  async function selectedBy(exportId: string): Promise<string[]> {
    const params: unknown[] = [];
    const where = await exportCondition(api.ds, exportId, params);
    if (!where) throw new Error(`no export ${exportId}`);
    const rows: { id: string }[] = await api.ds.query(`SELECT c.id FROM cases c WHERE (${where})`, params);
    return rows.map((r) => r.id).sort();
  }

  const { api, http, w } = useWorld();
  beforeAll(async () => {
    for (let i = 0; i < 3; i++)
      cases.push(await openCase(http, w.tokens.instructor, w.enterprise.id, { title: `缺工${i}` }));
    cases.push(
      await openCase(http, w.tokens.instructor, w.enterprise.id, {
        title: '运输',
        categoryCode: 'transport',
      }),
    );
    for (let i = 0; i < 2; i++)
      cases.push(
        await openCase(http, w.tokens.otherInstructor, w.otherEnterprise.id, { title: `另一镇${i}` }),
      );
    const c = cases[0];
    const escalated = await act(http, w.tokens.coordinator, c, { action: 'escalate', reason: '上报' });
    if (escalated.status !== 200)
      throw new Error(`escalate: ${escalated.status} ${JSON.stringify(escalated.body)}`);
  });

  it('answers 202 with the queued export, and writes its row and the outbox row of its job together', async () => {
    const res = await post(w.tokens.manager, { status: ['open'], category: 'labor' });
    expect(res.status).toBe(202);
    const e = res.body as ExportDto;
    expect(e).toMatchObject({
      status: 'queued',
      total: null,
      doneRows: 0,
      percent: 0,
      error: null,
      sizeBytes: null,
      filters: { status: ['open'], category: 'labor' },
    });
    expect(e.fileName).toMatch(/^问题台账-\d{4}-\d\d-\d\d\.xlsx$/);
    const [row] = await api.ds.query(`SELECT user_id, status, filters FROM exports WHERE id = $1`, [e.id]);
    expect(row).toMatchObject({
      user_id: userId('manager'),
      status: 'queued',
      filters: { status: ['open'], category: 'labor' },
    });
    const outbox = await api.ds.query(
      `SELECT queue, name, job_id, payload, delivered_at FROM outbox WHERE job_id = $1`,
      [`export_${e.id}`],
    );
    expect(outbox).toEqual([
      {
        queue: 'exports',
        name: 'export.build',
        job_id: `export_${e.id}`,
        payload: expect.objectContaining({ exportId: e.id }),
        delivered_at: null,
      },
    ]);
  });

  it('stores the requester and the filters, which rebuild the condition of GET /api/cases: his jurisdiction and his filters, nothing more', async () => {
    const expectations: [string, Record<string, unknown>][] = [
      [w.tokens.manager, {}],
      [w.tokens.otherManager, {}],
      [w.tokens.instructor, {}],
      [w.tokens.otherCoordinator, {}],
      [w.tokens.officer, {}],
      [w.tokens.otherOfficer, {}],
      [w.tokens.manager, { status: 'open', category: 'labor' }],
      [w.tokens.manager, { unitId: w.otherTown.id }],
      [w.tokens.otherManager, { unitId: w.town.id }],
      [w.tokens.manager, { q: '另一镇' }],
    ];
    for (const [token, filters] of expectations) {
      const res = await post(token, filters);
      expect(res.status).toBe(202);
      const id = (res.body as ExportDto).id;
      expect(await selectedBy(id)).toEqual(await visible(token, filters));
      await api.ds.query(`UPDATE exports SET status = 'failed' WHERE id = $1`, [id]); // not "active": keep under the limit
    }
    // the other town's manager sees none of this town's cases, whatever he asks for
    const res = await post(w.tokens.otherManager, { unitId: w.town.id });
    expect(await selectedBy((res.body as ExportDto).id)).toEqual([]);
    const mine = await selectedBy((await post(w.tokens.otherCoordinator, {})).body.id);
    expect(mine.sort()).toEqual(
      cases
        .slice(4)
        .map((c) => c.id)
        .sort(),
    );
    await api.ds.query(`UPDATE exports SET status = 'failed' WHERE user_id = ANY($1::uuid[])`, [
      [userId('otherManager'), userId('otherCoordinator')],
    ]);
  });

  it('lets only its owner see it: anyone else gets a 404, as for an id that does not exist', async () => {
    const e = (await post(w.tokens.coordinator, {})).body as ExportDto;
    const own = await http.get(`/api/exports/${e.id}`).set(bearer(w.tokens.coordinator));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: e.id, status: 'queued', total: null, doneRows: 0, percent: 0 });
    for (const token of [w.tokens.otherCoordinator, w.tokens.manager, w.adminToken]) {
      expectProblem(await http.get(`/api/exports/${e.id}`).set(bearer(token)), 404, 'EXPORT.NOT_FOUND');
      expectProblem(
        await http.get(`/api/exports/${e.id}/download`).set(bearer(token)),
        404,
        'EXPORT.NOT_FOUND',
      );
    }
    expectProblem(
      await http.get(`/api/exports/${randomUUID()}`).set(bearer(w.tokens.coordinator)),
      404,
      'EXPORT.NOT_FOUND',
    );
    expectProblem(
      await http.get(`/api/exports/nope`).set(bearer(w.tokens.coordinator)),
      400,
      'REQUEST.INVALID',
      ['id'],
    );
    expectProblem(await http.get(`/api/exports/${e.id}`), 401, 'AUTH.UNAUTHENTICATED');

    const list = await http.get('/api/exports').set(bearer(w.tokens.coordinator));
    expect(list.status).toBe(200);
    expect((list.body.items as ExportDto[]).map((x) => x.id)).toEqual([e.id]);
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    const managers = (await http.get('/api/exports').set(bearer(w.tokens.manager))).body.items as ExportDto[];
    expect(managers.length).toBeGreaterThan(1);
    expect(managers.map((x) => x.id)).not.toContain(e.id);
  });

  it('refuses the download (409) until the export is done, then streams the workbook with a Chinese file name', async () => {
    const e = (await post(w.tokens.instructor, { status: ['open', 'escalated'] })).body as ExportDto;
    expectProblem(
      await http.get(`/api/exports/${e.id}/download`).set(bearer(w.tokens.instructor)),
      409,
      'EXPORT.NOT_READY',
    );

    // what the worker does (job export.build), with small chunks so the file comes in several
    const out = await buildExport(api.ds, e.id, { batchSize: 2, chunkBytes: 16 * 1024 });
    expect(out).toMatchObject({ result: 'done', rows: 4 });
    const status = (await http.get(`/api/exports/${e.id}`).set(bearer(w.tokens.instructor)))
      .body as ExportDto;
    expect(status).toMatchObject({ status: 'done', total: 4, doneRows: 4, percent: 100 });
    expect(status.sizeBytes).toBeGreaterThan(0);

    const res = await http
      .get(`/api/exports/${e.id}/download`)
      .set(bearer(w.tokens.instructor))
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${status.fileName.replace('问题台账', 'taizhang')}"; filename*=UTF-8''${encodeURIComponent(status.fileName)}`,
    );
    expect(Number(res.headers['content-length'])).toBe(status.sizeBytes);
    expect((res.body as Buffer).length).toBe(status.sizeBytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    const sheet = wb.getWorksheet('问题台账');
    const nos: string[] = [];
    sheet?.eachRow((row, n) => n > 1 && nos.push(String(row.getCell(1).value)));
    expect(nos.sort()).toEqual(
      cases
        .slice(0, 4)
        .map((c) => c.ledgerNo)
        .sort(),
    );
    expect(String(sheet?.getRow(1).getCell(1).value)).toBe('台账编号');
  });

  it('takes the filters of GET /api/cases with the same validation, and no paging', async () => {
    expectProblem(await post(w.tokens.manager, { status: ['nope'] }), 400, 'REQUEST.INVALID', ['status']);
    expectProblem(await post(w.tokens.manager, { level: 7 }), 400, 'REQUEST.INVALID', ['level']);
    expectProblem(await post(w.tokens.manager, { page: 2 }), 400, 'REQUEST.INVALID', ['page']);
    expectProblem(await post(w.tokens.manager, { unitId: 'x' }), 400, 'REQUEST.INVALID', ['unitId']);
    expectProblem(await http.post('/api/exports').send({}), 401, 'AUTH.UNAUTHENTICATED');
  });

  it('refuses a fourth export while three of the same user are waiting (429)', async () => {
    const token = w.tokens.officer;
    await api.ds.query(`UPDATE exports SET status = 'failed' WHERE user_id = $1`, [userId('officer')]);
    for (let i = 0; i < 3; i++) expect((await post(token, {})).status).toBe(202);
    expectProblem(await post(token, {}), 429, 'EXPORT.TOO_MANY');
  });
});
