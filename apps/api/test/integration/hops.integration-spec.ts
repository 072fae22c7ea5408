import { act, getCase, openCase, useWorld } from './harness';

describe('time held per unit', () => {
  const { http, w } = useWorld({ foldAfterEach: true });

  it('GET /api/cases/:id lists every unit that held the case, when it arrived and left', async () => {
    const c = await openCase(http, w.tokens.instructor, w.enterprise.id);
    const up = await act(http, w.tokens.coordinator, c, {
      action: 'escalate',
      reason: '镇级无法解决',
    }).expect(200);
    await act(http, w.tokens.officer, up.body, { action: 'accept' }).expect(200);
    const got = await getCase(http, w.tokens.manager, c.id);
    expect(got.hops?.map((h) => [h.unitId, h.level, h.leftAt === null])).toEqual([
      [w.town.id, 0, false],
      [w.countyLabor.id, 1, true],
    ]);
    const [town, bureau] = got.hops ?? [];
    expect(town?.leftAt).toBe(bureau?.arrivedAt);
    expect(town?.hoursHeld).toBeGreaterThanOrEqual(0);
    expect(bureau?.unitName).toBe(w.countyLabor.name);
  });
});
