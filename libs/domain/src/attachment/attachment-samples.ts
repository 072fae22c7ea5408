/**
 * Small samples of each kind of file the attachment policy takes (and an executable it refuses), built in
 * memory: the bytes a sniffer looks at, not full documents. For the tests of the domain, the API and the
 * generated probes; pure, like the rest of this library.
 */

/** A zip (stored, no compression; CRCs left at 0, which the sniffer does not check) with these entries. */
export function zipWith(names: string[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: number[] = [];
  const central: number[] = [];
  const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
  const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
  for (const name of names) {
    const nameBytes = [...enc.encode(name)];
    const data = [...enc.encode('<x/>')];
    const offset = locals.length;
    locals.push(...u32(0x04034b50), ...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0));
    locals.push(
      ...u32(data.length),
      ...u32(data.length),
      ...u16(nameBytes.length),
      ...u16(0),
      ...nameBytes,
      ...data,
    );
    central.push(...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(0), ...u16(0), ...u16(0), ...u16(0));
    central.push(
      ...u32(0),
      ...u32(data.length),
      ...u32(data.length),
      ...u16(nameBytes.length),
      ...u16(0),
      ...u16(0),
    );
    central.push(...u16(0), ...u16(0), ...u32(0), ...u32(offset), ...nameBytes);
  }
  const eocd = [
    ...u32(0x06054b50),
    ...u16(0),
    ...u16(0),
    ...u16(names.length),
    ...u16(names.length),
    ...u32(central.length),
    ...u32(locals.length),
    ...u16(0),
  ];
  return Uint8Array.from([...locals, ...central, ...eocd]);
}

/** An OLE compound file header followed by a directory entry naming this stream (UTF-16LE). */
export function oleWith(stream: string): Uint8Array {
  const head = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)];
  const name = [...stream].flatMap((ch) => [ch.charCodeAt(0), 0]);
  return Uint8Array.from([...head, ...name, 0, 0, ...new Array(64).fill(0)]);
}

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

/** One sample per kind the API accepts, with a name as a client would send it. */
export const SAMPLE_FILES: { kind: string; fileName: string; bytes: Uint8Array }[] = [
  {
    kind: 'jpeg',
    fileName: '现场照片.jpg',
    bytes: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
  },
  {
    kind: 'png',
    fileName: 'a.png',
    bytes: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR'),
  },
  { kind: 'gif', fileName: 'a.gif', bytes: bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0]) },
  { kind: 'webp', fileName: 'a.webp', bytes: bytes('RIFF', [26, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0]) },
  {
    kind: 'heic',
    fileName: 'IMG_0001.HEIC',
    bytes: bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic'),
  },
  {
    kind: 'pdf',
    fileName: '批复.pdf',
    bytes: bytes('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'),
  },
  {
    kind: 'docx',
    fileName: '情况说明.docx',
    bytes: zipWith(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']),
  },
  { kind: 'xlsx', fileName: 'b.xlsx', bytes: zipWith(['[Content_Types].xml', 'xl/workbook.xml']) },
  { kind: 'pptx', fileName: 'c.pptx', bytes: zipWith(['[Content_Types].xml', 'ppt/presentation.xml']) },
  { kind: 'doc', fileName: 'old.doc', bytes: oleWith('WordDocument') },
  { kind: 'xls', fileName: 'old.xls', bytes: oleWith('Workbook') },
  { kind: 'text', fileName: '说明.txt', bytes: bytes('供水管道破裂，已联系水务。\r\nline 2\n') },
];

/** A Windows executable (MZ header), whatever its name says. */
export const EXE_BYTES = bytes(
  'MZ',
  [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff],
  'This program cannot be run in DOS mode',
);
