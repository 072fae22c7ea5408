import { type ChannelChoice, defaultChannelOn, effectiveChoices, outboundChannelsFor } from './channels';
import {
  DEFAULT_DEADLINE_NEAR_LEAD_HOURS,
  deadlineNearAt,
  deadlineNearHorizon,
  subtractWorkingMinutes,
} from './deadline-near';
import { NOTIFICATION_KINDS } from './notification';

describe(defaultChannelOn.name, () => {
  it.each([
    ['resolved', 'in_app', true],
    ['opened', 'in_app', true],
    ['resolved', 'sms', true],
    ['deadline_near', 'sms', true],
    ['opened', 'sms', false],
    ['escalated_to_unit', 'sms', false],
    ['opened', 'email', true],
    ['opened', 'webhook', true],
  ] as const)('%s on %s → %s', (kind, channel, on) => expect(defaultChannelOn(kind, channel)).toBe(on));
});

describe(effectiveChoices.name, () => {
  it('answers the whole grid, the stored choices over the defaults, in-app never off', () => {
    const grid = effectiveChoices([
      { kind: 'opened', channel: 'sms', enabled: true },
      { kind: 'resolved', channel: 'email', enabled: false },
      { kind: 'resolved', channel: 'in_app', enabled: false },
    ]);
    expect(grid).toHaveLength(NOTIFICATION_KINDS.length * 4);
    const on = (k: string, c: string) => grid.find((g) => g.kind === k && g.channel === c)?.enabled;
    expect(on('opened', 'sms')).toBe(true);
    expect(on('resolved', 'email')).toBe(false);
    expect(on('resolved', 'in_app')).toBe(true);
    expect(on('assigned', 'sms')).toBe(true);
  });
});

describe(outboundChannelsFor.name, () => {
  it.each([
    ['resolved', [], ['sms', 'email', 'webhook']],
    ['opened', [], ['email', 'webhook']],
    ['opened', [{ kind: 'opened', channel: 'webhook', enabled: false }], ['email']],
    ['resolved', [{ kind: 'opened', channel: 'sms', enabled: false }], ['sms', 'email', 'webhook']],
  ] as const)('%s with %j → %j', (kind, stored, expected) =>
    expect(outboundChannelsFor(kind, [...stored])).toEqual(expected),
  );

  it('answers for every kind as the whole grid (effectiveChoices) does', () => {
    const stored: ChannelChoice[] = [
      { kind: 'opened', channel: 'sms', enabled: true },
      { kind: 'resolved', channel: 'sms', enabled: false },
      { kind: 'urged', channel: 'email', enabled: false },
      { kind: 'deadline_near', channel: 'webhook', enabled: false },
      { kind: 'opened', channel: 'in_app', enabled: false },
    ];
    for (const kind of NOTIFICATION_KINDS) {
      const grid = effectiveChoices(stored);
      const fromGrid = (['sms', 'email', 'webhook'] as const).filter(
        (ch) => grid.find((g) => g.kind === kind && g.channel === ch)?.enabled,
      );
      expect([kind, outboundChannelsFor(kind, stored)]).toEqual([kind, fromGrid]);
    }
  });
});

describe(subtractWorkingMinutes.name, () => {
  const cal = { holidays: ['2026-03-02'], makeupWorkdays: [] };
  it.each([
    // Tue 03-03 17:30 local (09:30Z) − 4 h → 13:30 local the same day
    ['2026-03-03T09:30:00.000Z', 240, undefined, '2026-03-03T05:30:00.000Z'],
    // Tue 03-03 10:30 local − 4 h → Mon 03-02 15:30 local (2 h Tue, 2 h Mon)
    ['2026-03-03T02:30:00.000Z', 240, undefined, '2026-03-02T07:30:00.000Z'],
    // … with Mon a holiday → Fri 02-27 15:30 local
    ['2026-03-03T02:30:00.000Z', 240, cal, '2026-02-27T07:30:00.000Z'],
    // Sat 03-07 12:00 local (after the week) − 1 h → Fri 16:30 local
    ['2026-03-07T04:00:00.000Z', 60, undefined, '2026-03-06T08:30:00.000Z'],
    // nothing to subtract
    ['2026-03-07T04:00:00.000Z', 0, undefined, '2026-03-07T04:00:00.000Z'],
  ])('%s − %d min → %s', (end, minutes, calendar, expected) =>
    expect(subtractWorkingMinutes(new Date(end), minutes, calendar).toISOString()).toBe(expected),
  );

  it('is the default lead before resolve-by', () => {
    expect(
      deadlineNearAt(new Date('2026-03-03T09:30:00.000Z'), DEFAULT_DEADLINE_NEAR_LEAD_HOURS).toISOString(),
    ).toBe('2026-03-03T05:30:00.000Z');
  });
});

describe(deadlineNearHorizon.name, () => {
  it.each([
    // Tue 10:30 local + 4 working hours → Tue 14:30
    ['2026-03-03T02:30:00.000Z', 4, '2026-03-03T06:30:00.000Z'],
    // Fri 16:30 local + 4 h → Mon 11:30
    ['2026-03-06T08:30:00.000Z', 4, '2026-03-09T03:30:00.000Z'],
  ])('at %s with %d h → %s', (now, lead, expected) =>
    expect(deadlineNearHorizon(new Date(now), lead).toISOString()).toBe(expected),
  );

  it('agrees with deadlineNearAt: near exactly from that moment', () => {
    const resolveBy = new Date('2026-03-09T03:30:00.000Z');
    const at = deadlineNearAt(resolveBy, 4);
    expect(deadlineNearHorizon(at, 4).getTime()).toBeGreaterThanOrEqual(resolveBy.getTime());
    expect(deadlineNearHorizon(new Date(at.getTime() - 60_000), 4).getTime()).toBeLessThan(
      resolveBy.getTime(),
    );
  });
});
