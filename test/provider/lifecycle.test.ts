/** After the decision: idempotent retries, capture, reverse, refund, hold expiry, verification reversals. */
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import { sweep } from '../../src/provider/authorizations/sweep';

describeEachDb('authorization lifecycle', (h) => {
  afterEach(async () => {
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('same Idempotency-Key, same request: the first answer again and one hold', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const first = await h().authorize(v, card, 12_00, { idempotencyKey: 'order-1' });
    const second = await h().authorize(v, card, 12_00, { idempotencyKey: 'order-1' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await h().me(s.token)).toMatchObject({ balance: 88_00, held: 12_00 });
    const rows = await h().db.query<{ n: number }>('SELECT count(*)::int AS n FROM authorizations WHERE card_id = $1', [
      card.id,
    ]);
    expect(rows[0]!.n).toBe(1);
    // Same key, different request: refused, nothing changes.
    const before = await h().snapshot();
    const other = await h().authorize(v, card, 13_00, { idempotencyKey: 'order-1' });
    expect(other.status).toBe(422);
    expect(other.body.error?.code).toBe('idempotency_mismatch');
    expect(await h().snapshot()).toEqual(before);
  });

  it('concurrent retries with one Idempotency-Key give one authorization', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { uses: 10 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => h().authorize(v, card, 7_00, { idempotencyKey: 'retry-storm' })),
    );
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.every((a) => a.body.status === 'approved')).toBe(true);
    expect(await h().me(s.token)).toMatchObject({ held: 7_00 });
  });

  it('captures in full: the hold moves to the vendor, a second capture is refused', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 40_00);
    const cap = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: {} });
    expect(cap.body).toMatchObject({ status: 'captured', captured_amount: 40_00 });
    expect(await h().me(s.token)).toMatchObject({ balance: 60_00, held: 0 });
    const again = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: {} });
    expect(again.status).toBe(409);
  });

  it('captures partially and releases the rest', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 40_00);
    const over = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, {
      token: v.key,
      body: { amount: 40_01 },
    });
    expect(over.status).toBe(400);
    const cap = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, {
      token: v.key,
      body: { amount: 25_00 },
    });
    expect(cap.body).toMatchObject({ status: 'captured', captured_amount: 25_00 });
    expect(await h().me(s.token)).toMatchObject({ balance: 75_00, held: 0 });
  });

  it('refunds up to the captured amount, in parts', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 30_00);
    await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: {} });
    const r1 = await h().request('POST', '/v1/refunds', {
      token: v.key,
      body: { authorization_id: auth.body.id, amount: 10_00 },
    });
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ authorization_id: auth.body.id, amount: 10_00, currency: 'USD' });
    const tooMuch = await h().request('POST', '/v1/refunds', {
      token: v.key,
      body: { authorization_id: auth.body.id, amount: 20_01 },
    });
    expect(tooMuch.status).toBe(409);
    const r2 = await h().request('POST', '/v1/refunds', {
      token: v.key,
      body: { authorization_id: auth.body.id, amount: 20_00 },
    });
    expect(r2.status).toBe(200);
    expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
    const read = await h().request('GET', `/v1/authorizations/${auth.body.id}`, { token: v.key });
    expect(read.body).toMatchObject({ captured_amount: 30_00, refunded_amount: 30_00 });
    expect((await h().events(s.token)).filter((e) => e.kind === 'authorization.refunded')).toHaveLength(2);
  });

  it('refuses a refund of an uncaptured authorization, and another vendor cannot see or touch it', async () => {
    const v = await h().vendor();
    const thief = await h().vendor('https://thief.example', 'Thief');
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 30_00);
    expect(
      (await h().request('POST', '/v1/refunds', { token: v.key, body: { authorization_id: auth.body.id, amount: 1 } }))
        .status,
    ).toBe(409);
    expect((await h().request('GET', `/v1/authorizations/${auth.body.id}`, { token: thief.key })).status).toBe(404);
    expect(
      (await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: thief.key, body: {} })).status,
    ).toBe(404);
    expect((await h().request('POST', `/v1/authorizations/${auth.body.id}/reverse`, { token: thief.key })).status).toBe(
      404,
    );
  });

  it('reversing releases the hold; a reversed $0–$1 verification leaves the single use unspent', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const verify = await h().authorize(v, card, 0);
    expect(verify.body.reason).toBe('00');
    const rev = await h().request('POST', `/v1/authorizations/${verify.body.id}/reverse`, { token: v.key });
    expect(rev.body).toMatchObject({ status: 'reversed' });
    const dollar = await h().authorize(v, card, 1_00);
    expect(dollar.body.reason).toBe('00');
    await h().request('POST', `/v1/authorizations/${dollar.body.id}/reverse`, { token: v.key });
    const charge = await h().authorize(v, card, 55_00);
    expect(charge.body.reason).toBe('00');
    expect(await h().me(s.token)).toMatchObject({ balance: 45_00, held: 55_00 });
    // A reversed real charge does spend the single use.
    await h().request('POST', `/v1/authorizations/${charge.body.id}/reverse`, { token: v.key });
    expect((await h().authorize(v, card, 5_00)).body.reason).toBe('62');
    expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
  });

  it('an uncaptured hold expires: released, expired, and capture is refused', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 20_00);
    h().clock.advance(h().ctx.policy.holdTtlS + 1);
    const swept = await sweep(h().ctx);
    expect(swept.authorizations).toBeGreaterThanOrEqual(1);
    expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
    const read = await h().request('GET', `/v1/authorizations/${auth.body.id}`, { token: v.key });
    expect(read.body.status).toBe('expired');
    expect(
      (await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: {} })).status,
    ).toBe(409);
    expect((await h().events(s.token)).map((e) => e.kind)).toContain('authorization.expired');
  });

  it('a capture after the hold lapsed but before the sweep is refused and the hold released', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 20_00);
    h().clock.advance(h().ctx.policy.holdTtlS + 1);
    const cap = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: {} });
    expect(cap.status).toBe(409);
    // The refused capture rolled back; the next read (or the sweeper) records the lapse.
    const read = await h().request('GET', `/v1/authorizations/${auth.body.id}`, { token: v.key });
    expect(read.body.status).toBe('expired');
    expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
  });

  it('idempotent capture: the same key returns the first capture', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 20_00);
    const opts = { token: v.key, body: { amount: 15_00 }, headers: { 'idempotency-key': 'cap-1' } };
    const a = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, opts);
    const b = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, opts);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    expect(await h().me(s.token)).toMatchObject({ balance: 85_00, held: 0 });
  });
});
