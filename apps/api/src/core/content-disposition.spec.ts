import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it.each([
    [
      '问题台账-2026-03-02.xlsx',
      `attachment; filename="taizhang-2026-03-02.xlsx"; filename*=UTF-8''${encodeURIComponent('问题台账-2026-03-02.xlsx')}`,
    ],
    [
      '现场照片.jpg',
      `attachment; filename="____.jpg"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg`,
    ],
    [`it's (1).pdf`, `attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`],
    ['a"b\\c.txt', `attachment; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`],
  ])('%s', (name, header) => {
    expect(contentDisposition(name)).toBe(header);
  });

  it('says inline when asked', () => {
    expect(contentDisposition('a.png', 'inline')).toBe(`inline; filename="a.png"; filename*=UTF-8''a.png`);
  });
});
