/**
 * Issue 19 on the provider: cards record the cart they were issued for, balances are
 * kept per currency, and conversion is opt-in at a rate the operator set and the card
 * locked. Every journal balances per currency (checkLedger after each scenario).
 */
import { expect, it } from 'vitest';
import type { FxQuote, IssuedCard, Me, ShopperAuthorization } from '../../src/protocol';
import { describeEachDb, type Harness } from '../support/harness';
import { setRate } from '../../src/provider/fx/rates';

describeEachDb('currencies and cart cards', (h) => {
  const me = async (token: string) => (await h().request<Me>('GET', '/v1/shopper/me', { token })).body;
  const balance = (m: Me, currency: string) => m.balances.find((b) => b.currency === currency);
  const topUp = (token: string, amount: number, currency: string) =>
    h().request('POST', '/v1/shopper/top-ups', { token, body: { amount, currency } });
  const rate = (x: Harness, base: string, quote: string, r: string) =>
    setRate(x.db, base, quote, r, 'test operator', x.clock.now());

  it('records the cart on the card, and shows cart vs charged to the vendor and in the history', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { cap: 55_00, cart: { amount: 49_90, currency: 'USD' } });
    expect(card.cart).toEqual({ amount: 49_90, currency: 'USD' });
    expect(card.funding).toBeNull();
    const a = await h().authorize(v, card, 52_10);
    expect(a.body).toMatchObject({
      reason: '00',
      amount: 52_10,
      currency: 'USD',
      cart: { amount: 49_90, currency: 'USD' },
    });
    const list = await h().request<{ authorizations: ShopperAuthorization[] }>('GET', '/v1/shopper/authorizations', {
      token: s.token,
    });
    expect(list.body.authorizations[0]).toMatchObject({ amount: 52_10, cart: { amount: 49_90, currency: 'USD' } });
    const ev = (await h().events(s.token)).find((e) => e.kind === 'authorization.approved');
    expect(ev?.detail.cart).toEqual({ amount: 49_90, currency: 'USD' });
    // A card issued without a cart says so.
    const plain = await h().issue(s.token);
    expect(plain.cart).toBeNull();
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('keeps a balance per currency: top-ups name one, a EUR card draws on EUR only', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const top = await topUp(s.token, 80_00, 'EUR');
    expect(top.status).toBe(200);
    expect(top.body).toMatchObject({ currency: 'EUR', balance: 80_00 });
    const card = await h().issue(s.token, { currency: 'EUR', cap: 60_00 });
    const a = await h().authorize(v, card, 49_00, { currency: 'EUR' });
    expect(a.body).toMatchObject({ reason: '00', currency: 'EUR' });
    const m = await me(s.token);
    expect(m.balances.map((b) => b.currency)).toEqual(['USD', 'EUR']);
    expect(balance(m, 'EUR')).toMatchObject({ available: 31_00, held: 49_00 });
    expect(balance(m, 'USD')).toMatchObject({ available: 100_00, held: 0 });
    const cap = await h().request('POST', `/v1/authorizations/${a.body.id}/capture`, { token: v.key, body: {} });
    expect(cap.status).toBe(200);
    expect(balance(await me(s.token), 'EUR')).toMatchObject({ available: 31_00, held: 0 });
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('declines 51 with a clear reason a charge in a currency the shopper holds none of, without a rate', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { currency: 'EUR', cap: 60_00 });
    const a = await h().authorize(v, card, 49_00, { currency: 'EUR' });
    expect(a.body).toMatchObject({ status: 'declined', reason: '51' });
    const ev = (await h().events(s.token)).find((e) => e.kind === 'authorization.declined');
    expect(ev?.detail.why).toMatch(/no EUR balance: the account holds none/);
    // A USD card at a EUR shop stays 57: the card is for another currency.
    const usd = await h().issue(s.token);
    expect((await h().authorize(v, usd, 49_00, { currency: 'EUR' })).body.reason).toBe('57');
  });

  it('converts at the rate quoted and locked at issue, rounding in the shopper’s favour, per-currency journals', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const ask = () =>
      h().request<FxQuote & { error?: { message: string } }>(
        'GET',
        '/v1/shopper/fx/quote?currency=EUR&fund_from=USD&amount=4900',
        { token: s.token },
      );
    // No rate: no quote, and no card that would need one.
    expect((await ask()).status).toBe(409);
    const refused = await h().request('POST', '/v1/shopper/cards', {
      token: s.token,
      body: { merchant: { origin: 'https://shop.example' }, currency: 'EUR', fund_from: 'USD', cap: 54_00 },
    });
    expect(refused.status).toBe(409);
    await rate(h(), 'EUR', 'USD', '1.0842');
    const q = await ask();
    expect(q.body).toMatchObject({ rate: '1.0842', amount: 49_00, funded_amount: 53_12 }); // 53.1258 rounded down
    // The rate the shopper saw must still be the rate: a stale quote is refused.
    const moved = await h().request('POST', '/v1/shopper/cards', {
      token: s.token,
      body: {
        merchant: { origin: 'https://shop.example' },
        currency: 'EUR',
        fund_from: 'USD',
        fx_rate: '1.2',
        cap: 54_00,
      },
    });
    expect(moved.status).toBe(409);
    const card: IssuedCard = await h().issue(s.token, {
      currency: 'EUR',
      fund_from: 'USD',
      fx_rate: '1.0842',
      cap: 54_00,
      cart: { amount: 49_00, currency: 'EUR' },
    });
    expect(card.funding).toEqual({ currency: 'USD', rate: '1.0842' });
    // The operator changes the rate: the card keeps the one it locked.
    await rate(h(), 'EUR', 'USD', '2');
    const a = await h().authorize(v, card, 49_00, { currency: 'EUR' });
    expect(a.body).toMatchObject({ reason: '00', amount: 49_00, currency: 'EUR' });
    expect(balance(await me(s.token), 'USD')).toMatchObject({ available: 100_00 - 53_12, held: 53_12 });
    expect(await h().ledgerProblems()).toEqual([]);
    const cap = await h().request('POST', `/v1/authorizations/${a.body.id}/capture`, {
      token: v.key,
      body: { amount: 48_00 },
    });
    expect(cap.status).toBe(200);
    // 48.00 EUR × 1.0842 = 52.0416 USD: 52.04 paid, the rest of the hold released.
    expect(balance(await me(s.token), 'USD')).toMatchObject({ available: 100_00 - 52_04, held: 0 });
    expect(balance(await me(s.token), 'EUR')).toBeUndefined();
    const journals = await h().db.query<{ currency: string; s: number }>(
      `SELECT a.currency, sum(p.amount) AS s FROM postings p JOIN journals j ON j.id = p.journal_id
       JOIN ledger_accounts a ON a.id = p.account_id WHERE j.authorization_id = $1 AND a.kind <> 'fx' GROUP BY a.currency ORDER BY 1`,
      [a.body.id],
    );
    expect(journals).toEqual([
      { currency: 'EUR', s: 48_00 },
      { currency: 'USD', s: -52_04 },
    ]);
    // Refunds round up for the shopper but never return more than was paid.
    const r1 = await h().request('POST', '/v1/refunds', {
      token: v.key,
      body: { authorization_id: a.body.id, amount: 1_01 },
    });
    expect(r1.body).toMatchObject({ amount: 1_01, currency: 'EUR' });
    expect(balance(await me(s.token), 'USD')?.available).toBe(100_00 - 52_04 + 1_10); // 1.095042 → 1.10
    await h().request('POST', '/v1/refunds', { token: v.key, body: { authorization_id: a.body.id, amount: 46_99 } });
    expect(balance(await me(s.token), 'USD')?.available).toBe(100_00);
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('refuses a rate older than the configured age for new cards', async () => {
    const s = await h().shopper(10_00);
    await rate(h(), 'GBP', 'USD', '1.27');
    h().clock.advance(h().ctx.policy.fxMaxRateAgeS + 60);
    const q = await h().request<{ error: { message: string } }>(
      'GET',
      '/v1/shopper/fx/quote?currency=GBP&fund_from=USD&amount=100',
      { token: s.token },
    );
    expect(q.status).toBe(409);
    expect(q.body.error.message).toMatch(/older than the 24 h allowed/);
  });

  it('audits every rate change', async () => {
    await rate(h(), 'CHF', 'USD', '1.1');
    await rate(h(), 'CHF', 'USD', '1.12');
    const rows = await h().db.query<{ old_rate: string | null; new_rate: string; set_by: string }>(
      "SELECT old_rate::text AS old_rate, new_rate::text AS new_rate, set_by FROM fx_rate_changes WHERE base = 'CHF' ORDER BY id",
    );
    expect(rows).toEqual([
      { old_rate: null, new_rate: '1.1', set_by: 'test operator' },
      { old_rate: '1.1', new_rate: '1.12', set_by: 'test operator' },
    ]);
    await expect(h().db.query("DELETE FROM fx_rate_changes WHERE base = 'CHF'")).rejects.toThrow(/append-only/);
  });
});
