/** Signed webhooks: a decided pending authorization reaches the vendor's endpoint, signed, retried on failure. */
import { afterAll, beforeAll, afterEach, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeEachDb } from '../support/harness';
import { verifyReceipt, verifyWebhook, SIGNATURE_HEADER, type ReceiptJwks } from '../../src/protocol';
import { deliverDue, setWebhook } from '../../src/provider/webhooks/outbox';

interface Received {
  body: string;
  signature: string | undefined;
}

describeEachDb('signed webhooks', (h) => {
  let server: Server;
  let url = '';
  const received: Received[] = [];
  let failNext = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(500).end();
          return;
        }
        received.push({ body, signature: req.headers[SIGNATURE_HEADER] as string | undefined });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/veil`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  afterEach(async () => expect(await h().ledgerProblems()).toEqual([]));

  it('posts the decided authorization, signed with the secret shown once; replays and tampering fail verification', async () => {
    received.length = 0;
    const v = await h().vendor();
    const hook = await h().db.tx((sql) => setWebhook(h().ctx.keys, sql, v.id, url));
    expect(hook?.secret).toMatch(/^whsec_/);
    const s = await h().shopper();
    // The event carries the currency and the cart the card was issued for (issue 19).
    const card = await h().issue(s.token, { mode: 'confirmation', cart: { amount: 6_50, currency: 'USD' } });
    const pending = await h().authorize(v, card, 7_00);
    expect(await deliverDue(h().ctx)).toBe(0); // nothing decided yet
    await h().request('POST', `/v1/shopper/authorizations/${pending.body.id}/decision`, {
      token: s.token,
      body: { decision: 'approve' },
    });
    expect(await deliverDue(h().ctx)).toBe(1);
    expect(received).toHaveLength(1);
    const { body, signature } = received[0]!;
    expect(JSON.parse(body)).toMatchObject({
      type: 'authorization.decided',
      authorization: {
        id: pending.body.id,
        status: 'approved',
        reason: '00',
        amount: 7_00,
        currency: 'USD',
        cart: { amount: 6_50, currency: 'USD' },
      },
    });
    // The decision's signed receipt rides along (receipts.test.ts checks receipts in depth).
    const jwks = (await h().request<ReceiptJwks>('GET', '/.well-known/veil-receipts.json')).body;
    const receipt = (JSON.parse(body) as { authorization: { receipt: string } }).authorization.receipt;
    expect(await verifyReceipt(receipt, jwks)).toMatchObject({ ok: true, claims: { status: 'approved' } });
    const now = Math.floor(Date.now() / 1000);
    expect(await verifyWebhook(hook!.secret, body, signature, now)).toEqual({ ok: true });
    expect(await verifyWebhook(hook!.secret, body.replace('approved', 'declined'), signature, now)).toEqual({
      ok: false,
      why: 'bad_signature',
    });
    expect(await verifyWebhook(hook!.secret, body, signature, now + 3600)).toEqual({ ok: false, why: 'stale' });
    expect(await deliverDue(h().ctx)).toBe(0); // delivered once
  });

  it('retries a failed delivery later, and a lapse (91) is delivered too', async () => {
    received.length = 0;
    const v = await h().vendor();
    await h().db.tx((sql) => setWebhook(h().ctx.keys, sql, v.id, url));
    const s = await h().shopper();
    const card = await h().issue(s.token, { mode: 'confirmation', confirm_window_s: 30 });
    const pending = await h().authorize(v, card, 3_00);
    h().clock.advance(31);
    try {
      await h().request('GET', `/v1/authorizations/${pending.body.id}`, { token: v.key }); // the read records the lapse
    } finally {
      h().clock.advance(-31);
    }
    failNext = 1;
    expect(await deliverDue(h().ctx)).toBe(0);
    const [row] = await h().db.query<{ attempts: number; last_error: string; next_attempt_at: Date }>(
      'SELECT attempts, last_error, next_attempt_at FROM webhook_deliveries WHERE authorization_id = $1',
      [pending.body.id],
    );
    expect(row).toMatchObject({ attempts: 1, last_error: 'HTTP 500' });
    expect(row!.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    // Make it due now (a second back: the database's clock has finer grain than Date's).
    await h().db.query(
      "UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 second' WHERE authorization_id = $1",
      [pending.body.id],
    );
    expect(await deliverDue(h().ctx)).toBe(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ authorization: { status: 'declined', reason: '91' } });
  });

  it('refuses a webhook URL that is not https (except loopback)', async () => {
    const v = await h().vendor();
    await expect(h().db.tx((sql) => setWebhook(h().ctx.keys, sql, v.id, 'http://shop.example/hook'))).rejects.toThrow(
      /https/,
    );
  });
});
