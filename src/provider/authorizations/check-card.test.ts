import { describe, expect, it } from 'vitest';
import { checkCard, periodStart, type Presented } from './check-card';
import { DEFAULT_POLICY } from '../policy';
import type { CardRow } from '../issuing/cards';

const now = new Date('2026-11-22T12:00:00Z');
const card = (over: Partial<CardRow> = {}): CardRow => ({
  id: 'card_x',
  shopper_id: 'shp_x',
  purchasing_id: 'VL-AAAA-BBBB',
  pan_enc: Buffer.alloc(0),
  cvc_hash: Buffer.alloc(0),
  last4: '0001',
  brand: 'visa',
  exp_month: 12,
  exp_year: 2026,
  mode: 'notification',
  state: 'active',
  merchant_origin: 'https://shop.example',
  merchant_name: null,
  currency: 'USD',
  cap_amount: 100_00,
  uses_allowed: 1,
  uses_count: 0,
  period_limit: null,
  period: null,
  confirm_window_s: 60,
  wrong_tries: 0,
  valid_until: new Date('2026-11-23T12:00:00Z'),
  created_at: new Date('2026-11-22T11:00:00Z'),
  trial_ends_at: null,
  ...over,
});
const presented = (over: Partial<Presented> = {}): Presented => ({
  exp_month: 12,
  exp_year: 2026,
  cvcMatches: true,
  amount: 10_00,
  currency: 'USD',
  origin: 'https://shop.example',
  ...over,
});
const reason = (c: CardRow | undefined, p: Presented) => {
  const r = checkCard(c, p, now, DEFAULT_POLICY);
  return r.ok ? 'ok' : r.reason;
};

describe('card checks', () => {
  it('passes a good card', () => expect(reason(card(), presented())).toBe('ok'));
  it('14: unknown card, wrong purchasing ID', () => {
    expect(reason(undefined, presented())).toBe('14');
    expect(reason(card(), presented({ purchasing_id: 'VL-XXXX-XXXX' }))).toBe('14');
  });
  it('54: past validity or expired state', () => {
    expect(reason(card({ valid_until: now }), presented())).toBe('54');
    expect(reason(card({ state: 'expired' }), presented())).toBe('54');
  });
  it('R1: a closed card is refund-only, whatever secrets are presented', () => {
    expect(reason(card({ state: 'closed' }), presented())).toBe('R1');
    expect(reason(card({ state: 'closed' }), presented({ cvcMatches: false }))).toBe('R1');
    // Another merchant still learns nothing of the card's state.
    expect(reason(card({ state: 'closed' }), presented({ origin: 'https://evil.example' }))).toBe('57');
  });

  it('R1 from the moment a trial ends, before the card is swept closed, blocked or not', () => {
    const end = (s: number) => new Date(now.getTime() + s * 1000);
    expect(reason(card({ trial_ends_at: end(1) }), presented())).toBe('ok');
    expect(reason(card({ trial_ends_at: end(0) }), presented())).toBe('R1');
    expect(reason(card({ trial_ends_at: end(-60), state: 'blocked' }), presented())).toBe('R1');
    expect(reason(card({ trial_ends_at: end(-60), state: 'paused' }), presented({ amount: 0 }))).toBe('R1');
    expect(reason(card({ trial_ends_at: end(-60), state: 'expired' }), presented())).toBe('54');
  });

  it('57: paused, other merchant, other currency', () => {
    expect(reason(card({ state: 'paused' }), presented())).toBe('57');
    expect(reason(card(), presented({ origin: 'https://evil.example' }))).toBe('57');
    expect(reason(card(), presented({ currency: 'EUR' }))).toBe('57');
  });
  it('61 over the cap, 62 used up', () => {
    expect(reason(card(), presented({ amount: 100_01 }))).toBe('61');
    expect(reason(card({ uses_count: 1 }), presented())).toBe('62');
    expect(reason(card({ uses_allowed: null, uses_count: 99 }), presented())).toBe('ok');
  });
  it('82 on wrong secrets, 75 on the try that reaches the limit and while blocked', () => {
    expect(reason(card(), presented({ cvcMatches: false }))).toBe('82');
    expect(reason(card(), presented({ exp_month: 11 }))).toBe('82');
    expect(reason(card({ wrong_tries: DEFAULT_POLICY.maxWrongTries - 1 }), presented({ cvcMatches: false }))).toBe(
      '75',
    );
    expect(reason(card({ state: 'blocked' }), presented())).toBe('75');
  });
  it('wrong secrets are judged before amount and currency, so a tester learns nothing more', () => {
    expect(reason(card(), presented({ cvcMatches: false, currency: 'EUR', amount: 1e9 }))).toBe('82');
  });

  it('the merchant lock comes first: another merchant gets 57 whatever its CVC, spends no wrong try and learns no state', () => {
    const other = { origin: 'https://evil.example' };
    const wrong = checkCard(card({ wrong_tries: 4 }), presented({ ...other, cvcMatches: false }), now, DEFAULT_POLICY);
    expect(wrong).toMatchObject({ ok: false, reason: '57' });
    expect(wrong).not.toHaveProperty('wrongTry');
    expect(reason(card({ state: 'blocked' }), presented(other))).toBe('57');
    expect(reason(card({ state: 'expired' }), presented({ ...other, cvcMatches: false }))).toBe('57');
  });
});

describe('recurring periods', () => {
  it('starts days, ISO weeks (Monday) and months in UTC', () => {
    const t = new Date('2026-11-22T15:30:00Z'); // a Sunday
    expect(periodStart('day', t).toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(periodStart('week', t).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(periodStart('month', t).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
});
