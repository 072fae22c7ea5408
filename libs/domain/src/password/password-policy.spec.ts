import { COMMON_PASSWORDS_TEXT } from './common-passwords';
import { PASSWORD_MAX_LENGTH, PasswordErrorCode, checkPassword, isCommonPassword } from './password-policy';

const owner = { username: 'zhang.wei', displayName: '张伟' };

describe(checkPassword.name, () => {
  it.each<[string, PasswordErrorCode | 'ok', string]>([
    ['empty', 'PASSWORD.TOO_SHORT', ''],
    ['8 characters', 'PASSWORD.TOO_SHORT', '12345678'],
    ['"password"', 'PASSWORD.TOO_SHORT', 'password'],
    ['9 characters', 'PASSWORD.TOO_SHORT', 'abcdefgh1'],
    ['9 CJK characters count as 9, not as their UTF-8 bytes', 'PASSWORD.TOO_SHORT', '我的密码是很长的吗'],
    ['one character repeated', 'PASSWORD.REPETITIVE', 'aaaaaaaaaaaa'],
    ['three characters repeated', 'PASSWORD.REPETITIVE', 'abcabcabcabc'],
    ['a common password', 'PASSWORD.COMMON', 'qwertyuiop'],
    ['a common password, upper-cased', 'PASSWORD.COMMON', 'PASSWORD123'],
    ['a common password of digits', 'PASSWORD.COMMON', '1234567890'],
    ['the username', 'PASSWORD.CONTAINS_NAME', 'zhang.wei12'],
    ['the username without its dot', 'PASSWORD.CONTAINS_NAME', 'ZhangWei-2026'],
    ['the display name', 'PASSWORD.TOO_SHORT', '我是张伟的密码啊'],
    ['the display name, long enough', 'PASSWORD.CONTAINS_NAME', '我是张伟的密码啊哈哈'],
    ['too long', 'PASSWORD.TOO_LONG', 'x1'.repeat(PASSWORD_MAX_LENGTH)],
    ['exactly 10 good characters', 'ok', 'tz-ok-4711'],
    ['a passphrase', 'ok', 'correct horse battery staple'],
    ['a Chinese passphrase', 'ok', '春眠不觉晓处处闻啼鸟'],
    ['the test suite password', 'ok', 'password-1234'],
    ['the dev admin password', 'ok', 'taizhang-admin'],
  ])('%s → %s', (_, expected, password) => {
    const r = checkPassword(password, owner);
    expect(r.ok ? 'ok' : r.code).toBe(expected);
  });

  it('says why, naming the field it was given', () => {
    const r = checkPassword('short', owner, 'newPassword');
    expect(r).toEqual({
      ok: false,
      code: 'PASSWORD.TOO_SHORT',
      message: 'newPassword must have at least 10 characters (it has 5)',
      field: 'newPassword',
    });
  });

  it('ignores a one-character name (it would refuse half of all passwords)', () => {
    expect(checkPassword('a-fine-password-7', { username: 'a', displayName: 'e' }).ok).toBe(true);
  });
});

describe(isCommonPassword.name, () => {
  it('ships a few thousand common passwords, none shorter than the minimum', () => {
    const list = COMMON_PASSWORDS_TEXT.split('\n');
    expect(list.length).toBeGreaterThanOrEqual(3000);
    expect(list.every((p) => p.length >= 10 && p === p.toLowerCase())).toBe(true);
    expect(isCommonPassword('Basketball')).toBe(true);
    expect(isCommonPassword('tz-ok-4711')).toBe(false);
  });
});
