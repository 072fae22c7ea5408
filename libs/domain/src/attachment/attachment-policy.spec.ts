import {
  ATTACHMENT_MAX_BYTES,
  checkAttachment,
  cleanFileName,
  sniffAttachment,
  textCharset,
  zipEntryNames,
} from './attachment-policy';
import { EXE_BYTES, SAMPLE_FILES, oleWith, zipWith } from './attachment-samples';

describe('sniffAttachment', () => {
  it.each(SAMPLE_FILES.map((s) => [s.kind, s.fileName, s.bytes] as const))(
    'knows %s (%s) by its bytes',
    (kind, _name, bytes) => {
      expect(sniffAttachment(bytes)).toBe(kind);
    },
  );

  it.each([
    ['a Windows executable', EXE_BYTES],
    ['an ELF binary', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])],
    ['a zip that is no Office document', zipWith(['readme.txt', 'bin/app.exe'])],
    ['an Office-looking zip without [Content_Types].xml', zipWith(['word/document.xml'])],
    ['an OLE file of another program', oleWith('Contents')],
    ['text with NUL bytes', new TextEncoder().encode('abc\u0000def')],
    ['bytes that are not UTF-8', Uint8Array.from([0x61, 0xc3, 0x28, 0x62])],
    ['a truncated zip', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])],
  ])('refuses %s', (_what, bytes) => {
    expect(sniffAttachment(bytes)).toBeNull();
  });
});

/** '复工说明' as Chinese Windows saves it (GBK, a subset of GB18030), then CR LF. */
const GBK_TEXT = Uint8Array.from([0xb8, 0xb4, 0xb9, 0xa4, 0xcb, 0xb5, 0xc3, 0xf7, 0x0d, 0x0a]);
const utf16 = (s: string, bom: number[], le: boolean) =>
  Uint8Array.from([
    ...bom,
    ...[...s].flatMap((ch) => {
      const c = ch.charCodeAt(0);
      return le ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff];
    }),
  ]);

describe('textCharset', () => {
  it.each([
    ['UTF-8', new TextEncoder().encode('复工说明\r\n'), 'utf-8'],
    ['UTF-8 with a BOM', Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]), 'utf-8'],
    ['ASCII', new TextEncoder().encode('plain\ttext\n'), 'utf-8'],
    ['GBK (Chinese Windows)', GBK_TEXT, 'gb18030'],
    ['UTF-16LE with its BOM', utf16('复工说明', [0xff, 0xfe], true), 'utf-16le'],
    ['UTF-16BE with its BOM', utf16('复工说明', [0xfe, 0xff], false), 'utf-16be'],
    ['bytes valid in no encoding we take', Uint8Array.from([0x61, 0xc3, 0x28, 0x62]), null],
    ['GBK with a NUL byte', Uint8Array.from([...GBK_TEXT, 0]), null],
    ['UTF-16 with a control character', utf16('a\u0001b', [0xff, 0xfe], true), null],
    ['an executable', EXE_BYTES, null],
  ])('%s', (_what, bytes, charset) => {
    expect(textCharset(bytes)).toBe(charset);
  });
});

describe('zipEntryNames', () => {
  it('reads the names from the central directory', () => {
    expect(zipEntryNames(zipWith(['[Content_Types].xml', 'xl/中文.xml']))).toEqual([
      '[Content_Types].xml',
      'xl/中文.xml',
    ]);
  });
  it('answers null for bytes without an end record', () => {
    expect(zipEntryNames(Uint8Array.from([1, 2, 3]))).toBeNull();
  });
});

describe('checkAttachment', () => {
  it('takes a PDF as application/pdf, not an image', () => {
    const pdf = SAMPLE_FILES.find((s) => s.kind === 'pdf')!.bytes;
    expect(checkAttachment(pdf)).toEqual({
      ok: true,
      kind: 'pdf',
      contentType: 'application/pdf',
      image: false,
    });
  });
  it('marks images', () => {
    const png = SAMPLE_FILES.find((s) => s.kind === 'png')!.bytes;
    expect(checkAttachment(png)).toMatchObject({ ok: true, image: true, contentType: 'image/png' });
  });
  it.each([
    ['an empty file', new Uint8Array(0), 'ATTACHMENT.EMPTY'],
    ['an executable', EXE_BYTES, 'ATTACHMENT.TYPE_NOT_ALLOWED'],
    ['a file over 20 MB', new Uint8Array(ATTACHMENT_MAX_BYTES + 1).fill(0x61), 'ATTACHMENT.TOO_LARGE'],
  ])('refuses %s', (_what, bytes, code) => {
    expect(checkAttachment(bytes)).toMatchObject({ ok: false, code, field: 'file' });
  });
  it('serves text in the encoding it was written in', () => {
    expect(checkAttachment(new TextEncoder().encode('说明'))).toMatchObject({
      kind: 'text',
      contentType: 'text/plain; charset=utf-8',
    });
    expect(checkAttachment(GBK_TEXT)).toMatchObject({
      ok: true,
      kind: 'text',
      contentType: 'text/plain; charset=gb18030',
      image: false,
    });
    expect(checkAttachment(utf16('说明', [0xff, 0xfe], true))).toMatchObject({
      kind: 'text',
      contentType: 'text/plain; charset=utf-16le',
    });
  });
  it('takes exactly 20 MB of text', () => {
    expect(checkAttachment(new Uint8Array(ATTACHMENT_MAX_BYTES).fill(0x61))).toMatchObject({
      ok: true,
      kind: 'text',
    });
  });
});

describe('cleanFileName', () => {
  it.each([
    ['现场照片.jpg', '现场照片.jpg'],
    ['C:\\Users\\x\\报告.pdf', '报告.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\n"c".txt', 'abc.txt'],
    ['', 'file'],
    [undefined, 'file'],
    ['..', 'file'],
  ])('%j → %j', (input, out) => {
    expect(cleanFileName(input)).toBe(out);
  });
  it('cuts a long name and keeps its extension', () => {
    const name = cleanFileName(`${'长'.repeat(300)}.docx`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.docx')).toBe(true);
  });
});
