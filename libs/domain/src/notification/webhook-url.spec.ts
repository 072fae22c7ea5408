import { keepsStoredWebhookUrl, maskWebhookUrl } from './webhook-url';

describe(maskWebhookUrl.name, () => {
  it.each([
    [
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a1b-4c2d-9e8f-0123456789ab',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****89ab',
    ],
    [
      'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789',
      'https://oapi.dingtalk.com/robot/send?access_token=****6789',
    ],
    [
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
      'https://oapi.dingtalk.com/robot/send?access_token=****',
    ],
    ['http://127.0.0.1:8080/wecom', 'http://127.0.0.1:8080/wecom'],
    ['https://u:p@robot.example/hook?t=1', 'https://robot.example/hook?t=****'],
    ['not a url', '****'],
  ])('%s → %s', (url, masked) => expect(maskWebhookUrl(url)).toBe(masked));

  it('never contains the credential', () => {
    const key = '693a91f6-7a1b-4c2d-9e8f-0123456789ab';
    expect(maskWebhookUrl(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`)).not.toContain(
      key.slice(0, 8),
    );
  });
});

describe(keepsStoredWebhookUrl.name, () => {
  const stored = 'https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789';
  it.each([
    [undefined, stored, true],
    [null, stored, true],
    ['', stored, true],
    ['https://oapi.dingtalk.com/robot/send?access_token=****6789', stored, true],
    ['https://oapi.dingtalk.com/robot/send?access_token=****0000', stored, false],
    ['https://oapi.dingtalk.com/robot/send?access_token=new', stored, false],
    [undefined, null, false],
    ['', null, false],
  ])('%s over %s → %s', (sent, s, keeps) => expect(keepsStoredWebhookUrl(sent, s)).toBe(keeps));
});
