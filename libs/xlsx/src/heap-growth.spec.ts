import { EXPORT_HEAP_GROWTH_PERCENT, boundHeapGrowth } from './heap-growth';

describe('boundHeapGrowth (while exports run)', () => {
  it('bounds with the first holder, and lets go with the last', () => {
    const flags: string[] = [];
    const set = (f: string) => void flags.push(f);
    const bounded = `--heap-growing-percent=${EXPORT_HEAP_GROWTH_PERCENT}`;

    const a = boundHeapGrowth(set);
    expect(flags.filter((f) => f.startsWith('--heap'))).toEqual([bounded]);
    const b = boundHeapGrowth(set);
    a();
    a(); // a second call of the same release counts once
    expect(flags.filter((f) => f.startsWith('--heap'))).toEqual([bounded]);
    b();
    expect(flags.filter((f) => f.startsWith('--heap'))).toEqual([bounded, '--heap-growing-percent=0']);

    boundHeapGrowth(set)();
    expect(flags.filter((f) => f.startsWith('--heap'))).toEqual([
      bounded,
      '--heap-growing-percent=0',
      bounded,
      '--heap-growing-percent=0',
    ]);
  });

  it('collects once when the bound starts, with the real flags', () => {
    const before = process.memoryUsage().heapUsed;
    let junk: unknown[] | null = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `x${i}` }));
    expect(junk.length).toBe(200_000);
    junk = null;
    const release = boundHeapGrowth();
    try {
      // the 200,000 objects (~10 MB) are gone: a full collection ran
      expect(process.memoryUsage().heapUsed).toBeLessThan(before + 4 * 1024 * 1024);
    } finally {
      release();
    }
  });
});
