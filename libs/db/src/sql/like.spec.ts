import { containsPattern } from './like';

describe('containsPattern', () => {
  it.each([
    ['清河', '%清河%'],
    ['50%', '%50\\%%'],
    ['a_b', '%a\\_b%'],
    ['c:\\x', '%c:\\\\x%'],
    ['', '%%'],
  ])('%j → %j', (q, pattern) => {
    expect(containsPattern(q)).toBe(pattern);
  });
});
