import { Writable } from 'node:stream';
import { drained } from './ledger-export';

/** A writable that takes each chunk only when `release()` is called. */
function slowSink() {
  const pending: (() => void)[] = [];
  const stream = new Writable({
    highWaterMark: 4,
    write(_chunk, _enc, cb) {
      pending.push(cb);
    },
  });
  return { stream, release: () => pending.splice(0).forEach((cb) => cb()) };
}

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('drained (the ledger workbook waits for a slow reader)', () => {
  it('resolves at once when the stream has room', async () => {
    const { stream } = slowSink();
    expect(await settled(drained(stream))).toBe(true);
  });

  it('waits while the stream is full, and resolves when it drains', async () => {
    const { stream, release } = slowSink();
    stream.write(Buffer.alloc(16));
    expect(stream.writableNeedDrain).toBe(true);
    const wait = drained(stream);
    expect(await settled(wait)).toBe(false);
    release();
    expect(await settled(wait)).toBe(true);
  });

  it('resolves when a full stream is destroyed instead of draining (a client that went away)', async () => {
    const { stream } = slowSink();
    stream.on('error', () => undefined);
    stream.write(Buffer.alloc(16));
    const wait = drained(stream);
    stream.destroy();
    expect(await settled(wait)).toBe(true);
  });
});
