/** Real signed receipts for UI tests: a WebCrypto Ed25519 key made per call, signed as the provider signs. */
import { base64url, receiptSigningInput, type ReceiptClaims, type ReceiptJwks } from '../../../protocol';

export const receiptClaims = (o: Partial<ReceiptClaims> = {}): ReceiptClaims => ({
  v: 1,
  authorization_id: 'auth_1',
  refund_id: null,
  merchant_origin: 'https://books.example',
  amount: 12_50,
  currency: 'USD',
  status: 'approved',
  reason: '00',
  purchasing_id: 'VL-1234-5678',
  time: '2026-12-05T07:00:00.000Z',
  ...o,
});

export async function signedReceipts(
  all: ReceiptClaims[],
  kid = 'rk_test',
): Promise<{ receipts: string[]; jwks: ReceiptJwks }> {
  const pair = (await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify'])) as CryptoKeyPair;
  const receipts: string[] = [];
  for (const c of all) {
    const input = receiptSigningInput(kid, c);
    const sig = new Uint8Array(await crypto.subtle.sign('Ed25519', pair.privateKey, new TextEncoder().encode(input)));
    receipts.push(`${input}.${base64url(sig)}`);
  }
  const x = (await crypto.subtle.exportKey('jwk', pair.publicKey)).x!;
  return { receipts, jwks: { keys: [{ kty: 'OKP', crv: 'Ed25519', x, kid }] } };
}
