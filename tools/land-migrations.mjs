#!/usr/bin/env node
// `npm run migration:land`: add the migrations that are not yet in libs/db/src/migrations/landed.sha256.json
// with the SHA-256 of their text. Hashes already there are never rewritten: a landed migration is immutable
// (libs/db/src/migrations/landed.spec.ts fails when one changes), so a schema change is a new migration.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'libs', 'db', 'src', 'migrations');
const listFile = join(dir, 'landed.sha256.json');
const landed = JSON.parse(readFileSync(listFile, 'utf8'));
const added = [];
for (const f of readdirSync(dir)
  .filter((n) => /^\d+-.+\.ts$/.test(n) && !n.endsWith('.spec.ts'))
  .sort()) {
  if (landed[f]) continue;
  landed[f] = createHash('sha256')
    .update(readFileSync(join(dir, f)))
    .digest('hex');
  added.push(f);
}
const sorted = Object.fromEntries(
  Object.keys(landed)
    .sort()
    .map((k) => [k, landed[k]]),
);
writeFileSync(listFile, JSON.stringify(sorted, null, 2) + '\n');
console.log(added.length ? `landed: ${added.join(', ')}` : 'nothing new to land');
