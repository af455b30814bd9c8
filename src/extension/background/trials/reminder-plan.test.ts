import { describe, expect, it } from 'vitest';
import { alarmName, parseAlarm, reminderPlan, trialBadge } from './reminder-plan';

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-12-05T10:00:00.000Z');
const at = (days: number) => new Date(NOW + days * DAY).toISOString();

describe('trial reminders', () => {
  it('plans one alarm three days before and one at the end, for open trials only', () => {
    const plan = reminderPlan(
      [
        { id: 'card_a', state: 'active', trial_ends_at: at(7) },
        { id: 'card_b', state: 'active', trial_ends_at: at(2) }, // inside the three days: only the end is to come
        { id: 'card_c', state: 'closed', trial_ends_at: at(7) }, // closed: nothing to remind
        { id: 'card_d', state: 'active', trial_ends_at: null },
        { id: 'card_e', state: 'active', trial_ends_at: at(-1) }, // ended: its alarms have fired
      ],
      NOW,
    );
    expect(plan).toEqual([
      { name: alarmName('card_a', 'soon'), when: NOW + 4 * DAY },
      { name: alarmName('card_a', 'ended'), when: NOW + 7 * DAY },
      { name: alarmName('card_b', 'ended'), when: NOW + 2 * DAY },
    ]);
  });

  it('names alarms so the worker woken by one knows the card and the reminder', () => {
    expect(parseAlarm(alarmName('card_x1', 'soon'))).toEqual({ cardId: 'card_x1', kind: 'soon' });
    expect(parseAlarm('veil-tick')).toBeNull();
    expect(parseAlarm('veil-trial:later:card_x1')).toBeNull();
  });

  it('badges trials ending within three days and those that ended today', () => {
    const cards = [
      { id: 'a', state: 'active', trial_ends_at: at(2.5) },
      { id: 'b', state: 'closed', trial_ends_at: at(-0.5) },
      { id: 'c', state: 'active', trial_ends_at: at(3.5) },
      { id: 'd', state: 'closed', trial_ends_at: at(-2) },
      { id: 'e', state: 'closed', trial_ends_at: at(2) }, // closed early by the shopper: nothing left to do
    ];
    expect(trialBadge(cards, NOW)).toBe('2');
    expect(trialBadge([], NOW)).toBe('');
  });
});
