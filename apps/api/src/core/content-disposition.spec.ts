import { attachmentHeader } from './content-disposition';

describe(attachmentHeader.name, () => {
  it('offers an ASCII name and the UTF-8 one', () => {
    expect(attachmentHeader('问题台账-2026-03-02.xlsx')).toBe(
      `attachment; filename="taizhang-2026-03-02.xlsx"; filename*=UTF-8''${encodeURIComponent('问题台账-2026-03-02.xlsx')}`,
    );
  });

  it('never lets a quote or a backslash out of the quoted name', () => {
    expect(attachmentHeader('a"b\\c.xlsx')).toContain('filename="a_b_c.xlsx"');
  });
});
