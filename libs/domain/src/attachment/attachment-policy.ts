import { Result, refuse } from '../shared/result';

/** The largest file a case takes (issue 13): 20 MB. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
/** Longest file name kept (characters); longer names are cut, keeping the extension. */
export const ATTACHMENT_NAME_MAX = 200;

/** What a file is, judged by its bytes. */
export type AttachmentKind =
  | 'jpeg'
  | 'png'
  | 'webp'
  | 'gif'
  | 'heic'
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'doc'
  | 'xls'
  | 'ppt'
  | 'text';

/** The Content-Type each kind is stored and served with (never what the client claimed). */
export const ATTACHMENT_CONTENT_TYPES: Record<AttachmentKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  text: 'text/plain; charset=utf-8',
};

export const IMAGE_KINDS: readonly AttachmentKind[] = ['jpeg', 'png', 'webp', 'gif', 'heic'];

export type AttachmentErrorCode = 'ATTACHMENT.EMPTY' | 'ATTACHMENT.TOO_LARGE' | 'ATTACHMENT.TYPE_NOT_ALLOWED';

const startsWith = (b: Uint8Array, bytes: number[], at = 0): boolean =>
  b.length >= at + bytes.length && bytes.every((x, i) => b[at + i] === x);
const ascii = (b: Uint8Array, from: number, to: number): string =>
  String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/**
 * The names of the entries of a zip file, read from its central directory (found through the
 * end-of-central-directory record near the end); null if the bytes are not a readable zip.
 */
export function zipEntryNames(b: Uint8Array): string[] | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // EOCD: 22 bytes + a comment of at most 65535 bytes
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    if (at + 46 + nameLen > b.length) return null;
    names.push(new TextDecoder().decode(b.subarray(at + 46, at + 46 + nameLen)));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** Legacy Office (OLE compound file): which program wrote it, from the stream names in its directory. */
function oleKind(b: Uint8Array): AttachmentKind | null {
  // Stream names are UTF-16LE in the directory sectors; look for them anywhere in the file.
  const has = (name: string) => {
    const pattern = [...name].flatMap((ch) => [ch.charCodeAt(0), 0]);
    outer: for (let i = 0; i + pattern.length <= b.length; i++) {
      for (let j = 0; j < pattern.length; j++) if (b[i + j] !== pattern[j]) continue outer;
      return true;
    }
    return false;
  };
  if (has('WordDocument')) return 'doc';
  if (has('Workbook') || has('Book')) return 'xls';
  if (has('PowerPoint Document')) return 'ppt';
  return null;
}

/** The encodings plain text is taken in, as named in its served Content-Type. */
export type TextCharset = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** No control characters other than tab, LF, FF and CR (a binary file has them; text does not). */
function textLike(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) return false;
    if (c === 0x7f) return false;
  }
  return true;
}

function decodes(b: Uint8Array, charset: TextCharset): string | null {
  try {
    return new TextDecoder(charset, { fatal: true }).decode(b);
  } catch {
    return null;
  }
}

/**
 * The encoding of plain text: UTF-8 (a BOM allowed); UTF-16 with its BOM (Notepad's "Unicode"); or GB18030,
 * which includes GBK and GB2312 (what Chinese Windows saves a .txt in). Text has no control characters other
 * than tab, CR, LF and FF; null for anything else.
 */
export function textCharset(b: Uint8Array): TextCharset | null {
  const candidates: TextCharset[] = startsWith(b, [0xff, 0xfe])
    ? ['utf-16le']
    : startsWith(b, [0xfe, 0xff])
      ? ['utf-16be']
      : ['utf-8', 'gb18030'];
  for (const charset of candidates) {
    const text = decodes(b, charset);
    if (text !== null) return textLike(text) ? charset : null;
  }
  return null;
}

/** The kind of a file by its content (magic bytes, zip entries, OLE streams), or null if none we take. */
export function sniffAttachment(b: Uint8Array): AttachmentKind | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'webp';
  if (ascii(b, 4, 8) === 'ftyp' && ['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(ascii(b, 8, 12)))
    return 'heic';
  if (ascii(b, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(b, ZIP)) {
    const names = zipEntryNames(b);
    if (!names || !names.includes('[Content_Types].xml')) return null;
    if (names.some((n) => n.startsWith('word/'))) return 'docx';
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
    if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
    return null;
  }
  if (startsWith(b, OLE)) return oleKind(b);
  if (textCharset(b)) return 'text';
  return null;
}

/** The file name kept: no path, no control characters, at most ATTACHMENT_NAME_MAX characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (!clean || clean === '.' || clean === '..') clean = 'file';
  const chars = [...clean];
  if (chars.length > ATTACHMENT_NAME_MAX) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = chars.slice(0, ATTACHMENT_NAME_MAX - [...ext].length).join('') + ext;
  }
  return clean;
}

/** Whether a case takes this file: the size, then the content. Answers its kind and served type. */
export function checkAttachment(
  bytes: Uint8Array,
): Result<{ kind: AttachmentKind; contentType: string; image: boolean }, AttachmentErrorCode> {
  if (bytes.length === 0) return refuse('ATTACHMENT.EMPTY', 'The file is empty', 'file');
  if (bytes.length > ATTACHMENT_MAX_BYTES)
    return refuse('ATTACHMENT.TOO_LARGE', 'The file is larger than 20 MB', 'file');
  const kind = sniffAttachment(bytes);
  if (!kind) {
    return refuse(
      'ATTACHMENT.TYPE_NOT_ALLOWED',
      'This kind of file is not accepted: send an image (JPEG, PNG, WebP, GIF, HEIC), a PDF, an Office document or plain text',
      'file',
    );
  }
  // text is served in the encoding it was written in (a GBK .txt from Windows stays readable)
  const charset = kind === 'text' ? textCharset(bytes) : null;
  const contentType =
    charset && charset !== 'utf-8' ? `text/plain; charset=${charset}` : ATTACHMENT_CONTENT_TYPES[kind];
  return { ok: true, kind, contentType, image: IMAGE_KINDS.includes(kind) };
}
