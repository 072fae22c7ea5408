import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
const landed: unknown = JSON.parse(readFileSync(join(__dirname, 'landed.sha256.json'), 'utf8'));

/**
 * Landed migrations are immutable: each one's SHA-256 is recorded in landed.sha256.json (by
 * `npm run migration:land`, which only ever appends). A changed hash means a migration that already ran
 * somewhere was edited: write a new migration instead. A migration missing from the list has not been
 * landed yet: run `npm run migration:land` when it is final, and commit the list with it.
 */
describe('landed migrations', () => {
  const files = readdirSync(__dirname).filter((n) => /^\d+-.+\.ts$/.test(n) && !n.endsWith('.spec.ts'));
  const recorded = landed as Record<string, string>;
  const sha = (f: string) =>
    createHash('sha256')
      .update(readFileSync(join(__dirname, f)))
      .digest('hex');

  it.each(Object.keys(recorded))('%s is unchanged since it landed', (f) => {
    expect(files).toContain(f); // removing a landed migration is an edit too
    expect(sha(f)).toBe(recorded[f]);
  });

  it('lists every migration (npm run migration:land)', () => {
    expect(files.filter((f) => !recorded[f])).toEqual([]);
  });
});
