import type { EnterpriseDto } from '@taizhang/contracts';
import { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { enterprisesOf, tag, typed } from './support/api';
import { horizontalOverflow, launch, newPage, screenshot, signIn, textOf } from './support/browser';
import { attr, poll } from './support/poll';

const PHONE = { width: 375, height: 812 };

/**
 * The instructor at the factory, on a phone: a case opened with a photo straight from the camera input, its
 * thumbnail on the case page, and a document added later from the file picker.
 */
describe('attachments (zhidao, phone)', () => {
  let browser: Browser;
  let page: Page;
  let mine: EnterpriseDto[];

  beforeAll(async () => {
    browser = await launch();
    mine = await enterprisesOf('zhidao');
    ({ page } = await newPage(browser, PHONE));
    await signIn(page, 'zhidao', 'demo1234');
  });
  afterAll(() => browser?.close());

  it('opens a case with a photo from the camera and sees its thumbnail', async () => {
    const enterprise = mine[0];
    const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#c0392b' } })
      .jpeg({ quality: 80 })
      .toBuffer();
    await page.goto('/cases/new');
    await page.getByTestId('case-enterprise').fill(enterprise.name.slice(2, 6));
    await page.getByTestId('enterprise-option').filter({ hasText: enterprise.name }).click();
    await page.getByTestId('category-chip-transport').click();
    await page.getByTestId('case-title').fill(`[${tag()}] 厂区道路塌陷，货车无法进出`);
    await page.getByTestId('case-description').fill('东门道路塌陷约 3 平方米，见现场照片。');
    const camera = page.getByTestId('attachment-camera');
    await poll(() => attr(camera, 'capture')).toBe('environment');
    await poll(() => attr(camera, 'accept')).toBe('image/*');
    await camera.setInputFiles({ name: '现场照片.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByTestId('attachment-chosen').getByText('现场照片.jpg').waitFor();
    await poll(() => horizontalOverflow(page), { what: 'what sticks out sideways' }).toEqual([]);
    await screenshot(page, 'attachments-1-new-case-with-photo');
    await page.getByTestId('case-submit').click();

    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() as string;
    const thumb = page.getByTestId('attachment-thumb').locator('img');
    await thumb.waitFor();
    // the image really loaded: a 320 px thumbnail made by the API, not the 1600 px original
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLImageElement>('[data-testid="attachment-thumb"] img')?.naturalWidth ===
        320,
    );
    const list = await typed('zhidao', 'get', '/api/cases/{id}/attachments', { path: { id } });
    expect(list.items.map((a) => [a.fileName, a.contentType, a.hasThumbnail])).toEqual([
      ['现场照片.jpg', 'image/jpeg', true],
    ]);
    await poll(() => horizontalOverflow(page), { what: 'what sticks out sideways' }).toEqual([]);
    await page.getByTestId('case-attachments').scrollIntoViewIfNeeded();
    await screenshot(page, 'attachments-2-case-with-thumbnail');
  });

  it('adds a document to the case from the file picker, and is told when a file is refused', async () => {
    await page.getByTestId('attachment-file').setInputFiles({
      name: '情况说明.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'),
    });
    await page.getByTestId('attachment-file-row').filter({ hasText: '情况说明.pdf' }).waitFor();

    await page.getByTestId('attachment-file').setInputFiles({
      name: 'setup.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode', 'latin1'),
    });
    await page.getByTestId('attachment-error').waitFor();
    await poll(() => textOf(page, 'attachment-error')).toContain('不支持此类文件');
    await poll(() => page.getByTestId('attachment-file-row').count()).toBe(1);
    await page.getByTestId('case-attachments').scrollIntoViewIfNeeded();
    await screenshot(page, 'attachments-3-document-and-refusal');
  });

  it('sends a file with a comment, linked to the comment in the timeline', async () => {
    const id = page.url().split('/').pop() as string;
    await page.getByTestId('action-comment').click();
    await page.getByTestId('dialog-comment').fill('补充：塌陷范围扩大，附复查照片。');
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2980b9' } })
      .jpeg()
      .toBuffer();
    await page.locator('mat-dialog-container').getByTestId('attachment-camera').setInputFiles({
      name: '复查照片.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await screenshot(page, 'attachments-4-comment-with-photo');
    await page.getByTestId('dialog-confirm').click();
    await page.locator('[data-testid="timeline-event"][data-type="comment"]').waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="attachment-thumb"]').length === 2,
    );
    const c = await typed('zhidao', 'get', '/api/cases/{id}', { path: { id } });
    const comment = (c.events ?? []).find((e) => e.type === 'comment');
    const list = await typed('zhidao', 'get', '/api/cases/{id}/attachments', { path: { id } });
    expect(list.items.find((a) => a.fileName === '复查照片.jpg')?.eventId).toBe(comment?.id);
  });
});
