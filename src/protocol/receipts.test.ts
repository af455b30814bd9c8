import { describe, expect, it } from 'vitest';
import {
  base64url,
  readReceipt,
  receiptSigningInput,
  verifyReceipt,
  type ReceiptClaims,
  type ReceiptJwks,
} from './receipts';

const claims: ReceiptClaims = {
  v: 1,
  authorization_id: 'auth_1',
  refund_id: null,
  merchant_origin: 'https://shop.example',
  amount: 49_00,
  currency: 'USD',
  status: 'approved',
  reason: '00',
  purchasing_id: 'VL-AAAA-BBBB',
  time: '2026-12-05T07:00:00.000Z',
};

/** A receipt signed as the provider signs one, with a WebCrypto key made for the test. */
async function signedReceipt(c: ReceiptClaims = claims, kid = 'rk_test'): Promise<{ jws: string; jwks: ReceiptJwks }> {
  const pair = (await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify'])) as CryptoKeyPair;
  const input = receiptSigningInput(kid, c);
  const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', pair.privateKey, new TextEncoder().encode(input)));
  const x = (await crypto.subtle.exportKey('jwk', pair.publicKey)).x!;
  return { jws: `${input}.${base64url(sig)}`, jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x, kid }] } };
}

describe('verifyReceipt', () => {
  it('returns the claims of a receipt signed by a published key', async () => {
    const { jws, jwks } = await signedReceipt();
    expect(await verifyReceipt(jws, jwks)).toEqual({ ok: true, kid: 'rk_test', claims });
    expect(readReceipt(jws)).toEqual(claims);
  });

  it('refuses another key with the same kid, a changed payload and alg none', async () => {
    const { jws } = await signedReceipt();
    const other = await signedReceipt();
    expect(await verifyReceipt(jws, other.jwks)).toMatchObject({ ok: false, error: 'bad_signature' });
    const [h, , s] = jws.split('.');
    const more = base64url(new TextEncoder().encode(JSON.stringify({ ...claims, amount: 1 })));
    const { jwks } = await signedReceipt();
    expect(await verifyReceipt(`${h}.${more}.${s}`, jwks)).toMatchObject({ ok: false });
    const none = base64url(new TextEncoder().encode(JSON.stringify({ alg: 'none', kid: 'rk_test' })));
    expect(await verifyReceipt(`${none}.${more}.`, jwks)).toMatchObject({ ok: false, error: 'unsupported_alg' });
  });
});
