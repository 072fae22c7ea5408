import type { CaseDto, Page } from '@taizhang/contracts';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { EXE_BYTES, SAMPLE_FILES } from '@taizhang/domain';
import { act, bearer, expectProblem, openCase, useWorld, binary } from './harness';

interface AttachmentBody {
  id: string;
  caseId: string;
  eventId: string | null;
  fileName: string;
  contentType: string;
  kind: string;
  size: number;
  hasThumbnail: boolean;
}

/**
 * POST /api/cases/{id}/attachments and the downloads: files judged by their bytes, 20 MB at most, kept in
 * PostgreSQL (the default storage), read back only within the case's jurisdiction.
 */
describe('attachments', () => {
  const { api, http, w } = useWorld();
  let c: CaseDto;
  let photo: Buffer;

  const upload = (
    token: string,
    caseId: string,
    data: Buffer,
    fileName: string,
    fields: Record<string, string> = {},
  ) => {
    let req = http.post(`/api/cases/${caseId}/attachments`).set(bearer(token));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', data, { filename: fileName });
  };

  beforeAll(async () => {
    c = await openCase(http, w.tokens.instructor, w.enterprise.id, { title: '供水管道破裂' });
    photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer();
  });

  describe('POST /api/cases/{id}/attachments', () => {
    it.each(SAMPLE_FILES.map((s) => [s.kind, s.fileName, s.bytes] as const))(
      'takes %s (%s) and answers what it judged',
      async (kind, fileName, bytes) => {
        const res = await upload(w.tokens.instructor, c.id, Buffer.from(bytes), fileName);
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ caseId: c.id, fileName, kind, size: bytes.length, eventId: null });
        expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      },
    );

    it('makes a 320 px JPEG thumbnail of a photo, served at /thumbnail', async () => {
      const res = await upload(w.tokens.instructor, c.id, photo, '现场照片.jpg');
      expect(res.status).toBe(201);
      const a = res.body as AttachmentBody;
      expect(a).toMatchObject({ contentType: 'image/jpeg', hasThumbnail: true });
      const thumb = await http
        .get(`/api/attachments/${a.id}/thumbnail`)
        .set(bearer(w.tokens.coordinator))
        .buffer(true)
        .parse(binary);
      expect(thumb.status).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/jpeg');
      expect(thumb.headers['x-content-type-options']).toBe('nosniff');
      const meta = await sharp(thumb.body as Buffer).metadata();
      expect(meta.format).toBe('jpeg');
      expect([meta.width, meta.height]).toEqual([320, 240]);
    });

    it('gives no thumbnail to a PDF (404 at /thumbnail)', async () => {
      const pdf = SAMPLE_FILES.find((s) => s.kind === 'pdf')!;
      const res = await upload(w.tokens.instructor, c.id, Buffer.from(pdf.bytes), 'x.pdf');
      expect(res.body.hasThumbnail).toBe(false);
      expectProblem(
        await http.get(`/api/attachments/${res.body.id}/thumbnail`).set(bearer(w.tokens.instructor)),
        404,
      );
    });

    it('refuses an executable renamed to .jpg with 415, and keeps nothing', async () => {
      const before = await api.ds.query(`SELECT count(*)::int AS n FROM attachment_blobs`);
      const res = await upload(w.tokens.instructor, c.id, Buffer.from(EXE_BYTES), 'photo.jpg');
      expectProblem(res, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE');
      expect(res.body.detail).toMatch(/not accepted/);
      expect(await api.ds.query(`SELECT count(*)::int AS n FROM attachment_blobs`)).toEqual(before);
    });

    it('refuses a file over 20 MB with 413 and a clear message', async () => {
      const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x61);
      const res = await upload(w.tokens.instructor, c.id, big, 'big.txt');
      expectProblem(res, 413, 'REQUEST.TOO_LARGE');
      expect(res.body.detail).toMatch(/larger than 20 MB/);
    });

    it('takes a file of exactly 20 MB', async () => {
      const limit = Buffer.alloc(20 * 1024 * 1024, 0x61);
      const res = await upload(w.tokens.instructor, c.id, limit, 'exactly-20MB.txt');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'text', size: 20 * 1024 * 1024 });
    });

    it('refuses a declared body far over the limit before reading it', async () => {
      const res = await http
        .post(`/api/cases/${c.id}/attachments`)
        .set(bearer(w.tokens.instructor))
        .set('Content-Type', 'multipart/form-data; boundary=x')
        .set('Content-Length', String(200 * 1024 * 1024))
        .send('--x--')
        .catch((e: { response?: unknown }) => e.response ?? e);
      // either the 413 arrives, or the client notices the closed connection: never a 2xx, never a 500
      expect((res as { status?: number }).status ?? 413).toBe(413);
    });

    it('refuses a note with a NUL character with 400 naming the note (not a database error)', async () => {
      expectProblem(
        await upload(w.tokens.instructor, c.id, Buffer.from('walk notes'), 'walk.txt', { note: 'a\u0000b' }),
        400,
        'REQUEST.INVALID',
        ['note'],
      );
    });

    it('refuses an empty file with 400, no file with 400, and a JSON body with 415', async () => {
      expectProblem(
        await upload(w.tokens.instructor, c.id, Buffer.alloc(0), 'empty.txt'),
        400,
        'REQUEST.INVALID',
        ['file'],
      );
      expectProblem(
        await http.post(`/api/cases/${c.id}/attachments`).set(bearer(w.tokens.instructor)).field('note', 'x'),
        400,
        'REQUEST.INVALID',
        ['file'],
      );
      expectProblem(
        await http
          .post(`/api/cases/${c.id}/attachments`)
          .set(bearer(w.tokens.instructor))
          .send({ file: 'x' }),
        415,
        'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      );
    });

    it('links a file to an event of the case, and refuses an event of another case', async () => {
      const commented = await act(http, w.tokens.instructor, c, { action: 'comment', comment: '补充照片' });
      expect(commented.status).toBe(200);
      const event = (commented.body as CaseDto).events!.at(-1)!;
      c = commented.body as CaseDto;
      const res = await upload(w.tokens.instructor, c.id, photo, 'a.jpg', {
        eventId: event.id,
        note: '西侧阀门',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ eventId: event.id, note: '西侧阀门' });
      expectProblem(
        await upload(w.tokens.instructor, c.id, photo, 'a.jpg', { eventId: randomUUID() }),
        400,
        'REQUEST.INVALID',
        ['eventId'],
      );
    });

    it('answers 404 for a case outside the jurisdiction, and keeps nothing', async () => {
      const res = await upload(w.tokens.otherInstructor, c.id, photo, 'a.jpg');
      expectProblem(res, 404);
      expectProblem(await upload(w.tokens.instructor, randomUUID(), photo, 'a.jpg'), 404);
    });
  });

  describe('GET /api/cases/{id}/attachments and GET /api/attachments/{id}', () => {
    it('lists the files of a case in the list envelope', async () => {
      const mine = await http.get(`/api/cases/${c.id}/attachments`).set(bearer(w.tokens.instructor));
      expect(mine.status).toBe(200);
      const page = mine.body as Page<AttachmentBody>;
      expect(page.total).toBeGreaterThanOrEqual(SAMPLE_FILES.length + 3);
      expect(page.items.map((a) => a.kind)).toEqual(expect.arrayContaining(SAMPLE_FILES.map((s) => s.kind)));
      expect(page.items.every((a) => a.caseId === c.id)).toBe(true);
    });

    it('serves the bytes with a safe type, nosniff and the Chinese name as filename*', async () => {
      const text = SAMPLE_FILES.find((s) => s.kind === 'text')!;
      const up = await upload(w.tokens.instructor, c.id, Buffer.from(text.bytes), '情况 说明(1).txt');
      const res = await http
        .get(`/api/attachments/${up.body.id}`)
        .set(bearer(w.tokens.coordinator))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, Buffer.from(text.bytes))).toBe(0);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="__ __(1).txt"; filename*=UTF-8''%E6%83%85%E5%86%B5%20%E8%AF%B4%E6%98%8E%281%29.txt`,
      );
    });

    it('takes a .txt saved in GBK by Chinese Windows, and serves it in that encoding', async () => {
      // '复工说明' in GBK, then CR LF
      const gbk = Buffer.from([0xb8, 0xb4, 0xb9, 0xa4, 0xcb, 0xb5, 0xc3, 0xf7, 0x0d, 0x0a]);
      const up = await upload(w.tokens.instructor, c.id, gbk, '说明.txt');
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ kind: 'text', contentType: 'text/plain; charset=gb18030' });
      const res = await http
        .get(`/api/attachments/${up.body.id}`)
        .set(bearer(w.tokens.instructor))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, gbk)).toBe(0);
      expect(res.headers['content-type']).toBe('text/plain; charset=gb18030');
    });

    it('answers 404 for an attachment of a foreign case, and for an unknown id', async () => {
      const up = await upload(w.tokens.instructor, c.id, photo, 'a.jpg');
      for (const path of [
        `/api/attachments/${up.body.id}`,
        `/api/attachments/${up.body.id}/thumbnail`,
        `/api/cases/${c.id}/attachments`,
      ]) {
        expectProblem(await http.get(path).set(bearer(w.tokens.otherInstructor)), 404);
        expectProblem(await http.get(path).set(bearer(w.tokens.otherCoordinator)), 404);
      }
      expectProblem(await http.get(`/api/attachments/${randomUUID()}`).set(bearer(w.tokens.instructor)), 404);
      expectProblem(await http.get(`/api/attachments/not-a-uuid`).set(bearer(w.tokens.instructor)), 400);
    });
  });
});
