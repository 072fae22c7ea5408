/**
 * The bench's two worlds (tools/bench/generate.mjs `makeWorld`), built in a child Node process (the generator
 * is an ES module): the province world's tree, and the county world unchanged (its ids are what a reused
 * data set was generated with).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

type Unit = { id: string; code: string; kind: string; parentId: string | null; cats: string[] };
type World = { units: Unit[]; users: { username: string }[]; ents: { town: string }[]; bureauKeys: string[] };

function world(shape: string, enterprises: number): World {
  const script = `
    import { makeWorld } from './tools/bench/generate.mjs';
    const w = makeWorld({ enterprises: ${enterprises}, world: '${shape}' });
    process.stdout.write(JSON.stringify({
      units: w.units, users: w.users.map((u) => ({ username: u.username })),
      ents: w.ents.map((e) => ({ town: e.town.id })), bureauKeys: [...w.bureaus.keys()],
    }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const ofKind = (w: World, kind: string) => w.units.filter((u) => u.kind === kind);

describe('tools/bench worlds', () => {
  it('province: 18 cities as roots, 160 counties under them, 2,500 towns under the counties, bureaus at each', () => {
    const w = world('province', 50_000);
    const byId = new Map(w.units.map((u) => [u.id, u]));
    const cities = ofKind(w, 'city');
    const counties = ofKind(w, 'county');
    const towns = ofKind(w, 'town');
    expect([cities.length, counties.length, towns.length]).toEqual([18, 160, 2_500]);
    expect(cities.every((c) => c.parentId === null)).toBe(true);
    expect(cities[0].code).toBe('BENCH');
    expect(counties.every((c) => byId.get(c.parentId ?? '')?.kind === 'city')).toBe(true);
    expect(towns.every((t) => byId.get(t.parentId ?? '')?.kind === 'county')).toBe(true);
    // every city has counties (8–9), every county towns (15–16)
    const children = (p: Unit, list: Unit[]) => list.filter((u) => u.parentId === p.id).length;
    const perCity = cities.map((c) => children(c, counties));
    const perCounty = counties.map((c) => children(c, towns));
    expect([Math.min(...perCity), Math.max(...perCity)]).toEqual([8, 9]);
    expect([Math.min(...perCounty), Math.max(...perCounty)]).toEqual([15, 16]);
    // the first county is the first city's (the sweep's town goes there, with that city's id)
    expect(counties[0].parentId).toBe(cities[0].id);
    // six bureaus at every city and county, routing each category there
    expect(ofKind(w, 'bureau').length).toBe(6 * (18 + 160));
    expect(new Set(w.bureauKeys.map((k) => k.split('|')[0])).size).toBe(18 + 160);
    // codes and usernames unique; enterprises in every town
    expect(new Set(w.units.map((u) => u.code)).size).toBe(w.units.length);
    expect(new Set(w.users.map((u) => u.username)).size).toBe(w.users.length);
    expect(new Set(w.ents.map((e) => e.town)).size).toBe(2_500);
  });

  it('county: 1 city, 3 counties, 60 towns, with the ids a reused data set has', () => {
    const w = world('county', 2_000);
    expect([ofKind(w, 'city').length, ofKind(w, 'county').length, ofKind(w, 'town').length]).toEqual([
      1, 3, 60,
    ]);
    expect(w.units.slice(0, 5).map((u) => `${u.code} ${u.id}`)).toEqual([
      'BENCH d0000000-0000-4000-8000-000000000001',
      'BK1 d0000000-0000-4000-8000-000000000002',
      'BK2 d0000000-0000-4000-8000-000000000003',
      'BK3 d0000000-0000-4000-8000-000000000004',
      'BK1T01 d0000000-0000-4000-8000-000000000005',
    ]);
    expect(w.units[64].code).toBe('BENCH-RS');
    expect(ofKind(w, 'bureau').length).toBe(24);
  });
});
