import { describe, expect, it } from 'vitest';
import { localDay, trialDay, trialEndDate, trialEndMoment } from './trial-dates';

describe('trial dates', () => {
  it("turns the page's offer into the calendar day it ends", () => {
    const from = new Date(2026, 0, 30, 15, 0); // 30 January, local time
    expect(trialEndDate({ count: 7, unit: 'day' }, from)).toBe('2026-02-06');
    expect(trialEndDate({ count: 2, unit: 'week' }, from)).toBe('2026-02-13');
    expect(trialEndDate({ count: 1, unit: 'month' }, from)).toBe('2026-03-02'); // no 30 February: the calendar rolls over
    expect(trialEndDate({ count: 1, unit: 'month' }, new Date(2026, 11, 5))).toBe('2027-01-05');
  });

  it('stops the card at the start of the chosen day, local time, and reads it back as that day', () => {
    const iso = trialEndMoment('2026-12-12')!;
    expect(new Date(iso).getTime()).toBe(new Date(2026, 11, 12).getTime());
    expect(trialDay(iso)).toBe('2026-12-12');
    expect(localDay(new Date(2026, 1, 3, 23, 59))).toBe('2026-02-03');
  });

  it('refuses what is not a real day', () => {
    expect(trialEndMoment('')).toBeNull();
    expect(trialEndMoment('2026-02-30')).toBeNull();
    expect(trialEndMoment('12/12/2026')).toBeNull();
  });
});
