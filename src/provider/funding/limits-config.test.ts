import { describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import { DEFAULT_POLICY } from '../policy';

describe('top-up limits from the environment', () => {
  it('defaults to the sandbox rail and its limits', () => {
    const { policy } = readConfig({});
    expect(policy.fundingRail).toBe('sandbox');
    expect(policy.topUpLimits.sandbox).toEqual({ perTopUp: 1_000_00, perDay: 2_500_00, perAccount30Days: 10_000_00 });
  });

  it('reads VEIL_TOP_UP_LIMITS in currency units for the chosen rail', () => {
    const { policy } = readConfig({ VEIL_FUNDING_RAIL: 'acquirer', VEIL_TOP_UP_LIMITS: '250/500.50/2000.05' });
    expect(policy.fundingRail).toBe('acquirer');
    expect(policy.topUpLimits).toEqual({
      ...DEFAULT_POLICY.topUpLimits,
      acquirer: { perTopUp: 250_00, perDay: 500_50, perAccount30Days: 2_000_05 },
    });
  });

  it('refuses limits that are malformed, zero or out of order, and a bad rail name', () => {
    for (const bad of ['1000', '1000/2500', 'a/b/c', '0/1/2', '1000.001/2000/3000', '3000/2000/1000']) {
      expect(() => readConfig({ VEIL_TOP_UP_LIMITS: bad }), bad).toThrow(/VEIL_TOP_UP_LIMITS/);
    }
    expect(() => readConfig({ VEIL_FUNDING_RAIL: 'Sandbox!' })).toThrow(/VEIL_FUNDING_RAIL/);
  });
});
