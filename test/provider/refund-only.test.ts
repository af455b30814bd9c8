/**
 * Refund-only: a closed card declines every new charge with R1 and a `retry: false`
 * hint, yet still takes refunds of what it paid, credited to the shopper's balance.
 * The hint follows one rule (FINAL_DECLINES in src/protocol/reasons.ts) in the vendor
 * answer and in the webhook.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachDb } from '../support/harness';
import { deliverDue, setWebhook } from '../../src/provider/webhooks/outbox';

describeEachDb('refund-only cards and the retry hint', (h) => {
  afterEach(async () => {
    expect(await h().ledgerProblems()).toEqual([]);
  });

  const close = async (token: string, id: string) =>
    (await h().request('PATCH', `/v1/shopper/cards/${id}`, { token, body: { state: 'closed' } })).status;

  it('a closed card declines R1 (retry: false) and still refunds its earlier capture to the balance', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { uses: 5 });
    const auth = await h().authorize(v, card, 30_00);
    expect(auth.body).toMatchObject({ status: 'approved', reason: '00' });
    expect(auth.body).not.toHaveProperty('retry'); // only declines carry the hint
    await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: {} });
    expect(await h().me(s.token)).toMatchObject({ balance: 70_00 });

    expect(await close(s.token, card.id)).toBe(200);
    const charge = await h().authorize(v, card, 1_00);
    expect(charge.body).toMatchObject({ status: 'declined', reason: 'R1', retry: false });
    expect(charge.body.reason_text).toMatch(/revoked this merchant's authorization; do not retry/);
    // A $0 verification is a new charge too.
    expect((await h().authorize(v, card, 0)).body).toMatchObject({ reason: 'R1', retry: false });

    const refund = await h().request('POST', '/v1/refunds', {
      token: v.key,
      body: { authorization_id: auth.body.id, amount: 12_00 },
    });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ authorization_id: auth.body.id, amount: 12_00 });
    expect(await h().me(s.token)).toMatchObject({ balance: 82_00, held: 0 });
    const rest = await h().request('POST', '/v1/refunds', {
      token: v.key,
      body: { authorization_id: auth.body.id, amount: 18_00 },
    });
    expect(rest.status).toBe(200);
    expect(await h().me(s.token)).toMatchObject({ balance: 100_00 });
    const kinds = (await h().events(s.token)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'authorization.refunded')).toHaveLength(2);
  });

  it('a closed card with no capture refuses refunds and changes nothing', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { uses: 5 });
    const held = await h().authorize(v, card, 10_00); // approved, never captured
    const verification = await h().authorize(v, card, 1_00);
    await h().request('POST', `/v1/authorizations/${verification.body.id}/reverse`, { token: v.key, body: {} });
    expect(await close(s.token, card.id)).toBe(200);
    const before = await h().snapshot();
    for (const id of [held.body.id, verification.body.id]) {
      const r = await h().request<{ error: { code: string; message: string } }>('POST', '/v1/refunds', {
        token: v.key,
        body: { authorization_id: id, amount: 1_00 },
      });
      expect(r.status).toBe(409);
      expect(r.body.error.message).toMatch(/not captured/);
    }
    expect(await h().snapshot()).toEqual(before);
  });

  it('retry is false for 14, 54, 57, 62, 75 and true for 51, 61, 82', async () => {
    const v = await h().vendor();
    const other = await h().vendor('https://other-retry.example', 'Other');
    const s = await h().shopper(5_00);
    const card = await h().issue(s.token, { uses: 1, cap: 50_00 });
    const hint = async (p: Promise<{ body: { reason: string; retry?: boolean } }>) => {
      const b = (await p).body;
      return [b.reason, b.retry];
    };
    expect(await hint(h().authorize(v, card, 1_00, { number: '4000000000000002' }))).toEqual(['14', false]);
    expect(await hint(h().authorize(other, card, 1_00))).toEqual(['57', false]);
    expect(await hint(h().authorize(v, card, 50_01))).toEqual(['61', true]);
    expect(await hint(h().authorize(v, card, 10_00))).toEqual(['51', true]);
    expect(await hint(h().authorize(v, card, 1_00, { cvc: card.secrets.cvc === '000' ? '001' : '000' }))).toEqual([
      '82',
      true,
    ]);
    expect((await h().authorize(v, card, 1_00)).body.reason).toBe('00');
    expect(await hint(h().authorize(v, card, 1_00))).toEqual(['62', false]);
    h().clock.advance(2 * 24 * 3600);
    try {
      expect(await hint(h().authorize(v, card, 1_00))).toEqual(['54', false]);
    } finally {
      h().clock.advance(-2 * 24 * 3600);
    }
    const blocked = await h().issue(s.token, { uses: 5 });
    let last: unknown[] = [];
    for (let i = 0; i < h().ctx.policy.maxWrongTries; i++)
      last = await hint(h().authorize(v, blocked, 1_00, { cvc: blocked.secrets.cvc === '000' ? '001' : '000' }));
    expect(last).toEqual(['75', false]);
  });

  describe_webhook();

  function describe_webhook() {
    let server: Server;
    let url = '';
    const bodies: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          bodies.push(body);
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/veil`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('the webhook carries the same hint: a shopper decline (05) may be retried', async () => {
      const v = await h().vendor('https://hooked.example', 'Hooked');
      await h().db.tx((sql) => setWebhook(h().ctx.keys, sql, v.id, url));
      const s = await h().shopper();
      const card = await h().issue(s.token, { mode: 'confirmation', merchant: { origin: v.origin } });
      const pending = await h().authorize(v, card, 4_00);
      expect(pending.body).toMatchObject({ status: 'pending' });
      expect(pending.body).not.toHaveProperty('retry');
      await h().request('POST', `/v1/shopper/authorizations/${pending.body.id}/decision`, {
        token: s.token,
        body: { decision: 'decline' },
      });
      bodies.length = 0;
      expect(await deliverDue(h().ctx)).toBe(1);
      expect(JSON.parse(bodies[0]!)).toMatchObject({
        authorization: { id: pending.body.id, status: 'declined', reason: '05', retry: true },
      });
    });
  }
});
