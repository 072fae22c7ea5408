import { uuidv7 } from './ids';

describe(uuidv7.name, () => {
  it('is a version 7, variant 10 UUID that class-validator and PostgreSQL accept', () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts with the time, so later ids sort after earlier ones', () => {
    const t = Date.UTC(2026, 10, 24, 12, 0, 0);
    expect(uuidv7(t).slice(0, 13)).toBe(`${t.toString(16).padStart(12, '0').slice(0, 8)}-${t.toString(16).padStart(12, '0').slice(8)}`);
    const ids = [t, t + 1, t + 1000, t + 86_400_000].map((x) => uuidv7(x));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differs for two ids of the same millisecond', () => {
    const t = Date.now();
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(t))).size).toBe(1000);
  });
});
