/** Vendor validation: every reason code, every mode's immediate behaviour, the ledger after each. */
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';

describeEachDb('vendor validation', (h) => {
  afterEach(async () => {
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('approves a valid single-use card (00), holds the amount, and records the event', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const res = await h().authorize(v, card, 25_00);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'approved',
      reason: '00',
      reason_text: 'Approved',
      amount: 25_00,
      currency: 'USD',
    });
    expect(res.body.id).toMatch(/^auth_/);
    expect(await h().me(s.token)).toMatchObject({ balance: 75_00, held: 25_00 });
    const events = await h().events(s.token);
    expect(events[0]).toMatchObject({
      kind: 'authorization.approved',
      reason: '00',
      amount: 25_00,
      authorization_id: res.body.id,
    });
  });

  it('declines 62 on the second use of a single-use card', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token);
    expect((await h().authorize(v, card, 10_00)).body.reason).toBe('00');
    const second = await h().authorize(v, card, 10_00);
    expect(second.body).toMatchObject({ status: 'declined', reason: '62' });
    expect(await h().me(s.token)).toMatchObject({ balance: 90_00, held: 10_00 });
  });

  it('declines 14 for an unknown or Luhn-invalid number, and for a wrong purchasing ID', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token);
    expect((await h().authorize(v, card, 1_00, { number: '4999920000000000' })).body).toMatchObject({
      status: 'declined',
      reason: '14',
    });
    expect((await h().authorize(v, card, 1_00, { number: '4242424242424241' })).body).toMatchObject({
      status: 'declined',
      reason: '14',
    });
    expect((await h().authorize(v, card, 1_00, { purchasing_id: 'VL-0000-0000' })).body).toMatchObject({
      status: 'declined',
      reason: '14',
    });
    expect((await h().authorize(v, card, 1_00, { purchasing_id: card.purchasing_id })).body).toMatchObject({
      status: 'approved',
      reason: '00',
    });
  });

  it('declines 51 when the balance does not cover the amount, and holds nothing', async () => {
    const v = await h().vendor();
    const s = await h().shopper(20_00);
    const card = await h().issue(s.token);
    expect((await h().authorize(v, card, 20_01)).body).toMatchObject({ status: 'declined', reason: '51' });
    expect(await h().me(s.token)).toMatchObject({ balance: 20_00, held: 0 });
    // The declined attempt did not use the single use up.
    expect((await h().authorize(v, card, 20_00)).body.reason).toBe('00');
  });

  it('declines 54 once the validity has passed, and the sweeper marks the card expired', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token, { validity_s: 3600 });
    h().clock.advance(3601);
    expect((await h().authorize(v, card, 1_00)).body).toMatchObject({ status: 'declined', reason: '54' });
    const { sweep } = await import('../../src/provider/authorizations/sweep');
    expect((await sweep(h().ctx)).cards).toBeGreaterThanOrEqual(1);
    const got = await h().request<{ state: string }>('GET', `/v1/shopper/cards/${card.id}`, { token: s.token });
    expect(got.body.state).toBe('expired');
    expect((await h().events(s.token)).map((e) => e.kind)).toContain('card.expired');
    expect((await h().authorize(v, card, 1_00)).body.reason).toBe('54');
  });

  it('declines 57 for another merchant and a paused card, R1 for a closed card', async () => {
    const v = await h().vendor();
    const other = await h().vendor('https://other.example', 'Other Shop');
    const s = await h().shopper();
    const card = await h().issue(s.token, { uses: 5 });
    const elsewhere = await h().authorize(other, card, 1_00);
    expect(elsewhere.body).toMatchObject({ status: 'declined', reason: '57' });
    expect((await h().events(s.token))[0]?.detail.why).toMatch(/locked to https:\/\/shop\.example/);

    expect(
      (await h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: s.token, body: { state: 'paused' } }))
        .status,
    ).toBe(200);
    expect((await h().authorize(v, card, 1_00)).body.reason).toBe('57');
    expect(
      (await h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: s.token, body: { state: 'active' } }))
        .status,
    ).toBe(200);
    expect((await h().authorize(v, card, 1_00)).body.reason).toBe('00');
    expect(
      (await h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: s.token, body: { state: 'closed' } }))
        .status,
    ).toBe(200);
    expect((await h().authorize(v, card, 1_00)).body.reason).toBe('R1');
  });

  it('declines 61 over the cap', async () => {
    const v = await h().vendor();
    const s = await h().shopper(1000_00);
    const card = await h().issue(s.token, { cap: 50_00 });
    expect((await h().authorize(v, card, 50_01)).body).toMatchObject({ status: 'declined', reason: '61' });
    expect((await h().authorize(v, card, 50_00)).body.reason).toBe('00');
  });

  it('declines 82 for a wrong CVC or expiry, then blocks with 75 on the fifth try until the shopper unblocks', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token);
    const wrongCvc = card.secrets.cvc === '000' ? '001' : '000';
    expect((await h().authorize(v, card, 1_00, { cvc: wrongCvc })).body).toMatchObject({
      status: 'declined',
      reason: '82',
    });
    expect((await h().authorize(v, card, 1_00, { exp_month: (card.secrets.exp_month % 12) + 1 })).body.reason).toBe(
      '82',
    );
    expect((await h().authorize(v, card, 1_00, { exp_year: card.secrets.exp_year + 1 })).body.reason).toBe('82');
    expect((await h().authorize(v, card, 1_00, { cvc: wrongCvc })).body.reason).toBe('82');
    expect((await h().authorize(v, card, 1_00, { cvc: wrongCvc })).body.reason).toBe('75');
    // Blocked: even the right details are refused.
    expect((await h().authorize(v, card, 1_00)).body.reason).toBe('75');
    const kinds = (await h().events(s.token)).map((e) => e.kind);
    expect(kinds).toContain('card.blocked');
    const unblock = await h().request<{ state: string }>('PATCH', `/v1/shopper/cards/${card.id}`, {
      token: s.token,
      body: { state: 'active' },
    });
    expect(unblock.body.state).toBe('active');
    expect((await h().authorize(v, card, 1_00)).body.reason).toBe('00');
  });

  it('confirmation mode: pending (P0) with a hold; the shopper approves (00) or declines (05)', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const a = await h().issue(s.token, { mode: 'confirmation' });
    const pending = await h().authorize(v, a, 30_00);
    expect(pending.body).toMatchObject({ status: 'pending', reason: 'P0' });
    expect(pending.body.decision_deadline).toBeTruthy();
    expect(await h().me(s.token)).toMatchObject({ balance: 70_00, held: 30_00 });
    const listed = await h().request<{ authorizations: { id: string; purchasing_id: string; card_last4: string }[] }>(
      'GET',
      '/v1/shopper/authorizations?status=pending',
      { token: s.token },
    );
    expect(listed.body.authorizations.map((x) => x.id)).toEqual([pending.body.id]);
    expect(listed.body.authorizations[0]).toMatchObject({ purchasing_id: a.purchasing_id, card_last4: a.last4 });

    const approve = await h().request<{ authorization: { status: string }; changed: boolean }>(
      'POST',
      `/v1/shopper/authorizations/${pending.body.id}/decision`,
      { token: s.token, body: { decision: 'approve' } },
    );
    expect(approve.body).toMatchObject({ changed: true, authorization: { status: 'approved' } });
    const read = await h().request('GET', `/v1/authorizations/${pending.body.id}`, { token: v.key });
    expect(read.body).toMatchObject({ status: 'approved', reason: '00' });
    // Repeating the same decision is harmless; the opposite one is too late.
    const again = await h().request<{ changed: boolean }>(
      'POST',
      `/v1/shopper/authorizations/${pending.body.id}/decision`,
      { token: s.token, body: { decision: 'approve' } },
    );
    expect(again.body.changed).toBe(false);
    const flip = await h().request<{ error: { message: string } }>(
      'POST',
      `/v1/shopper/authorizations/${pending.body.id}/decision`,
      { token: s.token, body: { decision: 'decline' } },
    );
    expect(flip.status).toBe(409);

    const b = await h().issue(s.token, { mode: 'confirmation' });
    const second = await h().authorize(v, b, 10_00);
    const decline = await h().request<{ authorization: { status: string; reason: string } }>(
      'POST',
      `/v1/shopper/authorizations/${second.body.id}/decision`,
      { token: s.token, body: { decision: 'decline' } },
    );
    expect(decline.body.authorization).toMatchObject({ status: 'declined', reason: '05' });
    expect(await h().me(s.token)).toMatchObject({ balance: 70_00, held: 30_00 });
  });

  it('confirmation mode: no answer in time declines 91, the vendor long-poll sees it, a late click says so', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { mode: 'confirmation', confirm_window_s: 30 });
    const pending = await h().authorize(v, card, 40_00);
    h().clock.advance(31);
    const read = await h().request('GET', `/v1/authorizations/${pending.body.id}?wait=2`, { token: v.key });
    expect(read.body).toMatchObject({ status: 'declined', reason: '91' });
    expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
    const late = await h().request<{ error: { message: string } }>(
      'POST',
      `/v1/shopper/authorizations/${pending.body.id}/decision`,
      { token: s.token, body: { decision: 'approve' } },
    );
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/too late/);
    // The unanswered charge did not spend the single use.
    h().clock.advance(-31);
  });

  it('card-reader mode: pending (P1); approving without a security key is refused, declining works', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { mode: 'card_reader' });
    const pending = await h().authorize(v, card, 5_00);
    expect(pending.body).toMatchObject({ status: 'pending', reason: 'P1' });
    const approve = await h().request<{ error: { message: string } }>(
      'POST',
      `/v1/shopper/authorizations/${pending.body.id}/decision`,
      { token: s.token, body: { decision: 'approve' } },
    );
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toMatch(/security-key/);
    const decline = await h().request<{ authorization: { reason: string } }>(
      'POST',
      `/v1/shopper/authorizations/${pending.body.id}/decision`,
      { token: s.token, body: { decision: 'decline' } },
    );
    expect(decline.body.authorization.reason).toBe('05');
  });

  it('recurring mode: approves at once within the period limit, declines 61 past it, resets next period', async () => {
    const v = await h().vendor();
    const s = await h().shopper(500_00);
    const card = await h().issue(s.token, { mode: 'recurring', period: 'day', period_limit: 30_00 });
    expect(card.uses_allowed).toBeNull();
    expect((await h().authorize(v, card, 20_00)).body.reason).toBe('00');
    expect((await h().authorize(v, card, 10_00)).body.reason).toBe('00');
    expect((await h().authorize(v, card, 1)).body).toMatchObject({ status: 'declined', reason: '61' });
    h().clock.advance(24 * 3600);
    expect((await h().authorize(v, card, 30_00)).body.reason).toBe('00');
    // Cancelling the card stops the merchant.
    await h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: s.token, body: { state: 'closed' } });
    h().clock.advance(24 * 3600);
    expect((await h().authorize(v, card, 1_00)).body.reason).toBe('R1');
  });

  it('notification mode records an approval event for the extension to show', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token, { mode: 'notification', uses: 2 });
    await h().authorize(v, card, 3_00);
    const e = (await h().events(s.token, `?card_id=${card.id}&kind=authorization.approved`))[0];
    expect(e).toMatchObject({ kind: 'authorization.approved', amount: 3_00 });
    expect(e?.detail).toMatchObject({ mode: 'notification', merchant_name: 'Example Shop' });
  });

  it("refuses a merchant origin that is not the vendor key's own", async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token, { merchant: { origin: 'https://victim.example' } });
    const before = await h().snapshot();
    const res = await h().authorize(v, card, 1_00, { origin: 'https://victim.example' });
    expect(res.status).toBe(403);
    expect(await h().snapshot()).toEqual(before);
  });
});
