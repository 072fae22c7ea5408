import { NOTIFICATION_KINDS, notificationKindFor, notificationTitle } from './notification';

describe(notificationTitle.name, () => {
  const s = { ledgerNo: 'T01-2026-0001', title: '返岗员工不足', unitName: '测试县人社局', bySystem: false };

  it.each([
    ['assigned', s, 'T01-2026-0001「返岗员工不足」已分派给您办理'],
    ['escalated_to_unit', s, 'T01-2026-0001「返岗员工不足」已上报至测试县人社局，请及时受理'],
    [
      'escalated_to_unit',
      { ...s, bySystem: true },
      'T01-2026-0001「返岗员工不足」乡镇办结超时，已自动上报至测试县人社局，请及时受理',
    ],
    [
      'deadline_missed',
      { ...s, unitName: '测试镇', deadline: 'resolve' as const },
      'T01-2026-0001「返岗员工不足」已超过办结时限（测试镇）',
    ],
    [
      'deadline_missed',
      { ...s, unitName: '测试镇', deadline: 'respond' as const },
      'T01-2026-0001「返岗员工不足」已超过首次响应时限（测试镇）',
    ],
    ['urged', s, 'T01-2026-0001「返岗员工不足」被督办，请加快办理'],
    ['reopened', s, 'T01-2026-0001「返岗员工不足」企业不满意，已重新办理'],
    ['opened', s, 'T01-2026-0001「返岗员工不足」新问题已登记，请及时受理'],
    ['returned', { ...s, unitName: '测试镇' }, 'T01-2026-0001「返岗员工不足」已退回测试镇，请重新处理'],
    ['resolved', s, 'T01-2026-0001「返岗员工不足」已办结，请确认销号'],
    [
      'deadline_near',
      { ...s, dueAt: '2026-03-02T09:30:00.000Z' },
      'T01-2026-0001「返岗员工不足」即将到达办结时限（03-02 17:30），请抓紧办理',
    ],
    [
      'extension_requested',
      { ...s, unitName: '测试镇' },
      'T01-2026-0001「返岗员工不足」测试镇申请延期，请审批',
    ],
    ['extension_approved', s, 'T01-2026-0001「返岗员工不足」延期申请已批准'],
    ['extension_denied', s, 'T01-2026-0001「返岗员工不足」延期申请未获批准，请按原时限办理'],
  ] as const)('%s', (kind, subject, title) => {
    expect(notificationTitle(kind, subject)).toBe(title);
  });

  it('shortens a long case title', () => {
    const t = notificationTitle('urged', { ...s, title: '很'.repeat(80) });
    expect(t).toContain('很'.repeat(29) + '…」');
  });

  it('has a title for every kind', () => {
    for (const k of NOTIFICATION_KINDS) expect(notificationTitle(k, s).length).toBeGreaterThan(0);
  });
});

describe(notificationKindFor.name, () => {
  it.each([
    ['assign', 'assigned'],
    ['escalate', 'escalated_to_unit'],
    ['overdue', 'deadline_missed'],
    ['urge', 'urged'],
    ['reopen', 'reopened'],
    ['accept', null],
    ['comment', null],
    ['return', 'returned'],
    ['resolve', 'resolved'],
    ['confirm', null],
    ['cancel', null],
    ['open', 'opened'],
    ['request_extension', 'extension_requested'],
    ['approve_extension', 'extension_approved'],
    ['deny_extension', 'extension_denied'],
  ])('%s → %s', (type, kind) => expect(notificationKindFor(type)).toBe(kind));
});
