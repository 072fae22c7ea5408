import ExcelJS from 'exceljs';
import { Readable, Writable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import {
  OutputClosedError,
  XLSX_MAX_CELL_CHARS,
  XlsxCell,
  columnLetters,
  openXlsxSheet,
  xmlText,
} from './xlsx';

/** A writable that keeps what it is given. */
function sink() {
  const parts: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      parts.push(chunk);
      cb();
    },
  });
  return { stream, bytes: () => Buffer.concat(parts) };
}

/** A writable that takes nothing until `release()` is called, then everything. */
function slowSink() {
  const pending: (() => void)[] = [];
  let open = false;
  const stream = new Writable({
    highWaterMark: 4,
    write(_chunk, _enc, cb) {
      if (open) cb();
      else pending.push(cb);
    },
  });
  const release = () => {
    open = true;
    pending.splice(0).forEach((cb) => cb());
  };
  return { stream, release };
}

/**
 * Whether `p` has settled after a few turns of the event loop. Only ever asserted `false` (still waiting):
 * a busy machine can make the writer slower, never faster, so that cannot fail for want of time. That it
 * goes on is asserted by awaiting the promise itself, bounded by the test's timeout.
 */
const settled = async (p: Promise<unknown>) => {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

const COLUMNS = [
  { header: '编号', width: 22 },
  { header: '企业', width: 30 },
  { header: '数量', width: 8 },
];

async function workbook(rows: XlsxCell[][][], at = new Date('2026-03-02T02:30:10Z')): Promise<Buffer> {
  const { stream, bytes } = sink();
  const w = openXlsxSheet(stream, { sheetName: '问题台账', columns: COLUMNS, at });
  for (const batch of rows) await w.addRows(batch);
  await w.finish();
  return bytes();
}

interface Entry {
  name: string;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** The zip's central directory, read on its own (not by the library under test). */
function centralDirectory(zip: Buffer): Entry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBe(zip.length - 22);
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  expect(p + zip.readUInt32LE(end + 12)).toBe(end);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const nameLen = zip.readUInt16LE(p + 28);
    entries.push({
      name: zip.toString('utf8', p + 46, p + 46 + nameLen),
      flags: zip.readUInt16LE(p + 8),
      crc: zip.readUInt32LE(p + 16),
      compressed: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      offset: zip.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

/** An entry's bytes, inflated, with its CRC and sizes checked against the directory and its descriptor. */
function entryData(zip: Buffer, e: Entry): Buffer {
  expect(zip.readUInt32LE(e.offset)).toBe(0x04034b50);
  const start = e.offset + 30 + zip.readUInt16LE(e.offset + 26) + zip.readUInt16LE(e.offset + 28);
  const data = inflateRawSync(zip.subarray(start, start + e.compressed));
  expect(data.length).toBe(e.size);
  expect(crc32(data)).toBe(e.crc);
  if (e.flags & 0x0008) {
    const d = start + e.compressed;
    expect([
      zip.readUInt32LE(d),
      zip.readUInt32LE(d + 4),
      zip.readUInt32LE(d + 8),
      zip.readUInt32LE(d + 12),
    ]).toEqual([0x08074b50, e.crc, e.compressed, e.size]);
  } else {
    expect([
      zip.readUInt32LE(e.offset + 14),
      zip.readUInt32LE(e.offset + 18),
      zip.readUInt32LE(e.offset + 22),
    ]).toEqual([e.crc, e.compressed, e.size]);
  }
  return data;
}

describe('xmlText', () => {
  it.each([
    ['plain 文本', 'plain 文本'],
    ['a & b < c > d "e"', 'a &amp; b &lt; c &gt; d &quot;e&quot;'],
    ['tab\tnew\nline\rok', 'tab\tnew\nline\rok'],
    ['bell\x07 nul\0 esc\x1b', 'bell nul esc'],
    ['\ufffe\uffffx', 'x'],
    ['pair 😀 kept', 'pair 😀 kept'],
    ['lone \ud83d high', 'lone  high'],
    ['lone \ude00 low', 'lone  low'],
  ])('%j → %j', (given, expected) => expect(xmlText(given)).toBe(expected));
});

describe('columnLetters', () => {
  it.each([
    [1, 'A'],
    [14, 'N'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [53, 'BA'],
    [702, 'ZZ'],
    [703, 'AAA'],
  ])('%i → %s', (n, s) => expect(columnLetters(n)).toBe(s));
});

describe('openXlsxSheet (streaming XLSX writer)', () => {
  // Most of these read the workbook back through exceljs, whose first load alone compiles a lot of code:
  // 20-40 ms each on a quiet machine, seconds beside other load (two 5 s timeouts were seen).
  jest.setTimeout(30_000);

  it('writes a zip whose every entry inflates to its recorded size and CRC', async () => {
    const zip = await workbook([[['L-1', '企业甲', 3]]]);
    const entries = centralDirectory(zip);
    expect(entries.map((e) => e.name)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    for (const e of entries)
      expect(entryData(zip, e).toString('utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"/);
    // the sheet is streamed (sizes after the data), the small parts are not; all names are flagged UTF-8
    expect(entries.map((e) => e.flags)).toEqual([0x0800, 0x0800, 0x0800, 0x0800, 0x0800, 0x0808]);
    // 2026-03-02 10:30:10 in China Standard Time, as MS-DOS date and time
    expect(zip.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (3 << 5) | 2);
    expect(zip.readUInt16LE(10)).toBe((10 << 11) | (30 << 5) | 5);
  });

  it('is read back by exceljs: sheet name, bold frozen header, widths, values, escapes, empty cells', async () => {
    const long = '长'.repeat(XLSX_MAX_CELL_CHARS + 10);
    const zip = await workbook([
      [
        ['L-1', 'A & B <公司> "引号"', 12],
        ['L-2', null, ''],
      ],
      [[' 前后空格 ', 'bell\x07 😀', 0]],
      [[long, undefined, Number.NaN]],
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(zip as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('问题台账');
    expect(ws).toBeDefined();
    if (!ws) return;
    const values = (n: number) => [1, 2, 3].map((c) => ws.getRow(n).getCell(c).value ?? null);
    expect(values(1)).toEqual(['编号', '企业', '数量']);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(values(2)).toEqual(['L-1', 'A & B <公司> "引号"', 12]);
    expect(values(3)).toEqual(['L-2', null, null]);
    expect(values(4)).toEqual([' 前后空格 ', 'bell 😀', 0]);
    expect(String(ws.getRow(5).getCell(1).value).length).toBe(XLSX_MAX_CELL_CHARS);
    expect(values(5).slice(1)).toEqual([null, null]);
    expect(ws.rowCount).toBe(5);
    expect([1, 2, 3].map((c) => ws.getColumn(c).width)).toEqual([22, 30, 8]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('streams many batches: every row is there, in order, for a streaming reader too', async () => {
    const batches = Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: 1500 }, (_, i) => [`L-${b * 1500 + i + 1}`, `企业${i % 97}`, i] as XlsxCell[]),
    );
    const zip = await workbook(batches);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([zip]), { worksheets: 'emit' });
    let n = 0;
    let last: unknown[] = [];
    for await (const ws of reader) {
      for await (const row of ws) {
        n++;
        if (row.number > 1) expect(row.getCell(1).value).toBe(`L-${row.number - 1}`);
        last = [1, 2, 3].map((c) => row.getCell(c).value);
      }
    }
    expect(n).toBe(1 + 20 * 1500);
    expect(last).toEqual(['L-30000', `企业${1499 % 97}`, 1499]);
  }, 120_000); // 30,000 rows written and streamed back: ~2 s on a quiet machine, many times that when busy

  it('writes nothing before the first rows (a failing first query can still be answered as an error)', async () => {
    const { stream, bytes } = sink();
    const w = openXlsxSheet(stream, { sheetName: 's', columns: COLUMNS });
    expect(bytes().length).toBe(0);
    await w.addRows([['L-1', 'x', 1]]);
    expect(bytes().length).toBeGreaterThan(0);
    await w.finish();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes() as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('s')?.getRow(2).getCell(1).value).toBe('L-1');
  });

  it('an empty sheet is a workbook with its header row', async () => {
    const { stream, bytes } = sink();
    const w = openXlsxSheet(stream, { sheetName: 's', columns: COLUMNS });
    await w.finish();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes() as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('s');
    expect(ws?.rowCount).toBe(1);
    expect(ws?.getRow(1).getCell(3).value).toBe('数量');
  });

  it('waits while the output is full, and goes on when it drains', async () => {
    const { stream, release } = slowSink();
    const w = openXlsxSheet(stream, { sheetName: 's', columns: COLUMNS });
    const add = w.addRows([['L-1', 'x', 1]]);
    expect(await settled(add)).toBe(false);
    release();
    await expect(add).resolves.toBeUndefined();
  });

  it("fails with the output's own error when the output failed (a chunk that could not be stored)", async () => {
    const { stream } = slowSink();
    stream.on('error', () => undefined);
    const w = openXlsxSheet(stream, { sheetName: 's', columns: COLUMNS });
    const add = w.addRows([['L-1', 'x', 1]]);
    stream.destroy(new Error('disk full'));
    await expect(add).rejects.toThrow('disk full');
    await expect(w.addRows([['L-2', 'y', 2]])).rejects.toThrow('disk full');
  });

  it('fails instead of writing on when the output has closed (a client that went away)', async () => {
    const { stream } = slowSink();
    stream.on('error', () => undefined);
    const w = openXlsxSheet(stream, { sheetName: 's', columns: COLUMNS });
    const add = w.addRows([['L-1', 'x', 1]]);
    stream.destroy();
    await expect(add).rejects.toThrow(OutputClosedError);
    await expect(add).rejects.toThrow('the output closed before the workbook was finished');
    await expect(w.addRows([['L-2', 'y', 2]])).rejects.toThrow(OutputClosedError);
  });
});
