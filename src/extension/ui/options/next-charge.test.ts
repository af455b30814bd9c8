import { describe, expect, it } from 'vitest';
import { addMonths, nextCharge } from './next-charge';

describe('next expected charge', () => {
  it('knows nothing without a charge', () => {
    expect(nextCharge([], 'month')).toEqual({ last: null, next: null });
  });

  it("after one charge, follows the card's period", () => {
    const at = '2026-10-15T09:30:00.000Z';
    expect(nextCharge([at], 'month').next).toBe('2026-11-15T09:30:00.000Z');
    expect(nextCharge([at], 'week').next).toBe('2026-10-22T09:30:00.000Z');
    expect(nextCharge([at], 'day').next).toBe('2026-10-16T09:30:00.000Z');
    expect(nextCharge([at], null)).toEqual({ last: at, next: null });
  });

  it('monthly bills fall on the same day next month, whatever the months’ lengths, in any order given', () => {
    const charges = ['2026-09-03T08:00:00.000Z', '2026-07-03T08:00:00.000Z', '2026-08-03T08:00:00.000Z'];
    expect(nextCharge(charges, 'month')).toEqual({
      last: '2026-09-03T08:00:00.000Z',
      next: '2026-10-03T08:00:00.000Z',
    });
  });

  it('uses the usual gap, not an odd one (a retried charge), for other rhythms', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 10, d, 12)).toISOString();
    // Every 7 days, with one retry a day after a charge: the median gap is still a week.
    const charges = [day(1), day(8), day(9), day(16), day(23)];
    expect(nextCharge(charges, null).next).toBe(day(30));
  });

  it('adds months on the last day when the next month is shorter', () => {
    expect(addMonths('2026-01-31T10:00:00.000Z', 1)).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonths('2026-12-15T00:00:00.000Z', 1)).toBe('2027-01-15T00:00:00.000Z');
  });
});
