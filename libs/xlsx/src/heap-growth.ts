import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far V8 may let the heap grow past what was live after a full collection while an export runs: 50 %,
 * where V8 otherwise allows up to 300 % when collecting is cheap next to the work (its growing factor goes up
 * to 4). An export allocates steadily (rows read, XML text, zlib input), a part of it outlives a scavenge or
 * two and lands in the old generation, and with the API's ~40 MB live that let the process grow by 100–150 MB
 * of garbage before the first full collection (peak RSS ~250–300 MB for 100,000 rows). Bounded, it grows by
 * ~30 MB, for ~15 % more time spent collecting during the export.
 *
 * Only while an export runs: bounded all the time, the extra full collections added ~10 ms to the p99 of
 * intake under load (`npm run bench`), and intake is what many users wait on at once.
 */
export const EXPORT_HEAP_GROWTH_PERCENT = 50;

type SetFlags = (flags: string) => void;
let holders = 0;
let fullGc: (() => void) | null | undefined;

/** One full collection, so the bound applies from now (V8 sets its next limit only after a full one). */
function collectNow(): void {
  if (fullGc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      fullGc = runInNewContext('gc') as () => void;
    } catch {
      fullGc = null; // a runtime without it: the bound applies from the next full collection V8 makes itself
    }
  }
  fullGc?.();
}

/**
 * Bound heap growth until the returned function is called (call it in a `finally`); held by several exports at
 * once, the bound ends with the last. `setFlags` (for tests) sets the growth flag.
 */
export function boundHeapGrowth(setFlags: SetFlags = setFlagsFromString): () => void {
  if (holders++ === 0) {
    setFlags(`--heap-growing-percent=${EXPORT_HEAP_GROWTH_PERCENT}`);
    collectNow();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) setFlags('--heap-growing-percent=0');
  };
}
