/** Signed receipts: every decision a vendor is given carries one; they verify against the published keys, tampered ones do not, rotation keeps old ones verifiable. */
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import {
  base64url,
  fromBase64url,
  readReceipt,
  verifyReceipt,
  type Authorization,
  type ReceiptJwks,
  type Refund,
  type ShopperAuthorization,
} from '../../src/protocol';
import { rotateReceiptKey } from '../../src/provider/receipts/signing-keys';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Rewrites one JSON part (0 header, 1 payload) of a JWS, keeping the rest. */
function tamper(jws: string, part: 0 | 1, edit: (j: Record<string, unknown>) => void): string {
  const parts = jws.split('.');
  const json = JSON.parse(dec.decode(fromBase64url(parts[part]!))) as Record<string, unknown>;
  edit(json);
  parts[part] = base64url(enc.encode(JSON.stringify(json)));
  return parts.join('.');
}

describeEachDb('signed receipts', (h) => {
  afterEach(async () => expect(await h().ledgerProblems()).toEqual([]));

  const jwks = async () => {
    const res = await h().request<ReceiptJwks>('GET', '/.well-known/veil-receipts.json');
    expect(res.status).toBe(200);
    return res.body;
  };
  const verified = async (jws: string | undefined) => {
    const check = await verifyReceipt(jws ?? '', await jwks());
    if (!check.ok) throw new Error(`receipt does not verify: ${check.message}`);
    return check.claims;
  };

  it('approve, capture and refund each carry a receipt over the decision; the shopper history keeps them all', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 25_00, { idempotencyKey: 'buy-1' });
    expect(auth.status).toBe(200);
    const approved = await verified(auth.body.receipt);
    expect(approved).toMatchObject({
      v: 1,
      authorization_id: auth.body.id,
      refund_id: null,
      merchant_origin: 'https://shop.example',
      amount: 25_00,
      currency: 'USD',
      status: 'approved',
      reason: '00',
      purchasing_id: card.purchasing_id,
    });
    expect(Date.parse(approved.time)).not.toBeNaN();
    // The card is named by its purchasing ID only: its number never appears in a receipt.
    expect(auth.body.receipt).not.toContain(card.secrets.number);
    expect(JSON.stringify(readReceipt(auth.body.receipt!))).not.toContain(card.secrets.number);

    // A replay and a later read of the same decision give the very same receipt.
    const replay = await h().authorize(v, card, 25_00, { idempotencyKey: 'buy-1' });
    expect(replay.body.receipt).toBe(auth.body.receipt);
    const read = await h().request<Authorization>('GET', `/v1/authorizations/${auth.body.id}`, { token: v.key });
    expect(read.body.receipt).toBe(auth.body.receipt);

    const cap = await h().request<Authorization>('POST', `/v1/authorizations/${auth.body.id}/capture`, {
      token: v.key,
      body: { amount: 20_00 },
    });
    expect(cap.status).toBe(200);
    expect(await verified(cap.body.receipt)).toMatchObject({ status: 'captured', amount: 20_00, reason: '00' });

    const ref = await h().request<Refund>('POST', '/v1/refunds', {
      token: v.key,
      body: { authorization_id: auth.body.id, amount: 5_00 },
    });
    expect(ref.status).toBe(200);
    expect(await verified(ref.body.receipt)).toMatchObject({
      status: 'refunded',
      amount: 5_00,
      refund_id: ref.body.id,
      authorization_id: auth.body.id,
    });

    const history = await h().request<{ authorizations: ShopperAuthorization[] }>('GET', '/v1/shopper/authorizations', {
      token: s.token,
    });
    const mine = history.body.authorizations.find((a) => a.id === auth.body.id);
    expect(mine?.receipts).toEqual([auth.body.receipt, cap.body.receipt, ref.body.receipt]);
  });

  it('declines and reversals carry receipts too; a pending answer has none until it is decided', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token);
    const declined = await h().authorize(v, card, 5_00, { cvc: card.secrets.cvc === '000' ? '001' : '000' });
    expect(declined.body.status).toBe('declined');
    expect(await verified(declined.body.receipt)).toMatchObject({ status: 'declined', reason: declined.body.reason });

    const ok = await h().authorize(v, card, 5_00);
    const rev = await h().request<Authorization>('POST', `/v1/authorizations/${ok.body.id}/reverse`, {
      token: v.key,
      body: {},
    });
    expect(await verified(rev.body.receipt)).toMatchObject({ status: 'reversed', amount: 5_00 });

    const confirm = await h().issue(s.token, { mode: 'confirmation' });
    const pending = await h().authorize(v, confirm, 7_00);
    expect(pending.body.status).toBe('pending');
    expect(pending.body.receipt).toBeUndefined();
    await h().request('POST', `/v1/shopper/authorizations/${pending.body.id}/decision`, {
      token: s.token,
      body: { decision: 'approve' },
    });
    const decided = await h().request<Authorization>('GET', `/v1/authorizations/${pending.body.id}`, {
      token: v.key,
    });
    expect(await verified(decided.body.receipt)).toMatchObject({ status: 'approved', amount: 7_00 });
  });

  it('a tampered receipt does not verify: payload, signature, kid, alg none', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token);
    const jws = (await h().authorize(v, card, 3_00)).body.receipt!;
    const keys = await jwks();
    expect((await verifyReceipt(jws, keys)).ok).toBe(true);

    const payload = tamper(jws, 1, (p) => (p.amount = 300_00));
    expect(await verifyReceipt(payload, keys)).toMatchObject({ ok: false, error: 'bad_signature' });

    const [hd, pl, sig] = jws.split('.') as [string, string, string];
    const flipped = fromBase64url(sig);
    flipped[0]! ^= 1;
    expect(await verifyReceipt(`${hd}.${pl}.${base64url(flipped)}`, keys)).toMatchObject({
      ok: false,
      error: 'bad_signature',
    });

    const kid = tamper(jws, 0, (x) => (x.kid = 'rk_someone_else'));
    expect(await verifyReceipt(kid, keys)).toMatchObject({ ok: false, error: 'unknown_kid' });

    const none = tamper(jws, 0, (x) => (x.alg = 'none'));
    expect(await verifyReceipt(`${none.split('.').slice(0, 2).join('.')}.`, keys)).toMatchObject({
      ok: false,
      error: 'unsupported_alg',
    });
    expect(await verifyReceipt('not a receipt', keys)).toMatchObject({ ok: false, error: 'malformed' });
  });

  it('after a key rotation new receipts use the new kid and old receipts still verify, byte for byte the same', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token);
    const before = await h().authorize(v, card, 4_00);
    const oldKid = (await jwks()).keys[0]!.kid;

    const { kid, retired } = await h().db.tx((sql) => rotateReceiptKey(sql, new Date()));
    expect(retired).toEqual([oldKid]);
    const published = await jwks();
    // The active key first; the retired one stays published.
    expect(published.keys.map((k) => k.kid)).toEqual([kid, oldKid]);

    const after = await h().authorize(v, card, 6_00);
    const check = await verifyReceipt(after.body.receipt!, published);
    expect(check).toMatchObject({ ok: true, kid });
    expect(await verifyReceipt(before.body.receipt!, published)).toMatchObject({ ok: true, kid: oldKid });
    // The decision made before the rotation keeps the receipt signed then.
    const reread = await h().request<Authorization>('GET', `/v1/authorizations/${before.body.id}`, { token: v.key });
    expect(reread.body.receipt).toBe(before.body.receipt);
    // A receipt re-labelled with the new kid does not pass for one signed by it.
    const relabelled = tamper(before.body.receipt!, 0, (x) => (x.kid = kid));
    expect(await verifyReceipt(relabelled, published)).toMatchObject({ ok: false, error: 'bad_signature' });
  });

  it('receipts are append-only', async () => {
    await expect(h().db.query("UPDATE receipts SET amount = 1 WHERE status = 'approved'")).rejects.toThrow(
      /append-only/,
    );
  });
});
