/**
 * Signed receipts: every decision the provider gives a vendor (approve, decline,
 * capture, reverse, expiry, refund) comes with a compact JWS (RFC 7515) signed with
 * Ed25519 (alg EdDSA, RFC 8037). Anyone holding the provider's public keys
 * (/.well-known/veil-receipts.json, a JWKS) can check one later — the shop, the shopper,
 * a card network in a dispute — without trusting whoever hands it over.
 *
 * The card is named by its purchasing ID, never by its number: a receipt is meant to be
 * shown to third parties. WebCrypto only (Ed25519 in Node 20, Chrome 137, Firefox 129),
 * so shops' backends, the extension and the provider's CLI share this code.
 */
import { z } from 'zod';

export const RECEIPT_ALG = 'EdDSA';
export const RECEIPT_TYP = 'veil-receipt+jws';
export const RECEIPTS_JWKS_PATH = '/.well-known/veil-receipts.json';

/** A receipt as it travels: a compact JWS. */
export const Receipt = z
  .string()
  .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/)
  .meta({ description: 'Compact JWS (EdDSA/Ed25519) over the decision: see docs/api.md, Signed receipts' });

export const ReceiptStatus = z.enum(['approved', 'declined', 'captured', 'reversed', 'expired', 'refunded']);
export type ReceiptStatus = z.infer<typeof ReceiptStatus>;

/** What a receipt says. Field order is fixed (receiptPayload) so a receipt re-signed from its row is byte-identical. */
export const ReceiptClaims = z.strictObject({
  v: z.literal(1),
  authorization_id: z.string(),
  refund_id: z.string().nullable().meta({ description: 'Set on a refund receipt' }),
  merchant_origin: z.string(),
  amount: z.int().min(0).meta({ description: 'Minor units: authorized, captured or refunded, by status' }),
  currency: z.string(),
  status: ReceiptStatus,
  reason: z.string(),
  purchasing_id: z
    .string()
    .nullable()
    .meta({ description: 'The card, by its purchasing ID (never its number); null when no Veil card matched' }),
  time: z.string().meta({ description: 'When the provider recorded the decision (ISO 8601)' }),
});
export type ReceiptClaims = z.infer<typeof ReceiptClaims>;

export const ReceiptJwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
  alg: z.literal('EdDSA').optional(),
  use: z.literal('sig').optional(),
});
export type ReceiptJwk = z.infer<typeof ReceiptJwk>;
export const ReceiptJwks = z.object({ keys: z.array(ReceiptJwk) });
export type ReceiptJwks = z.infer<typeof ReceiptJwks>;

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The JSON of the claims in their one order. */
export function receiptPayload(c: ReceiptClaims): string {
  return JSON.stringify({
    v: c.v,
    authorization_id: c.authorization_id,
    refund_id: c.refund_id,
    merchant_origin: c.merchant_origin,
    amount: c.amount,
    currency: c.currency,
    status: c.status,
    reason: c.reason,
    purchasing_id: c.purchasing_id,
    time: c.time,
  });
}

/** "header.payload", the bytes the signature covers. */
export function receiptSigningInput(kid: string, claims: ReceiptClaims): string {
  const header = JSON.stringify({ alg: RECEIPT_ALG, typ: RECEIPT_TYP, kid });
  return `${base64url(enc.encode(header))}.${base64url(enc.encode(receiptPayload(claims)))}`;
}

export type ReceiptError =
  | 'malformed' // not three base64url parts of JSON
  | 'unsupported_alg' // anything but EdDSA (alg "none" included)
  | 'unknown_kid' // no published key has this kid
  | 'bad_signature'
  | 'bad_claims'; // signed, yet not a receipt's claims

export type ReceiptCheck =
  { ok: true; kid: string; claims: ReceiptClaims } | { ok: false; error: ReceiptError; message: string };

const fail = (error: ReceiptError, message: string): ReceiptCheck => ({ ok: false, error, message });

/**
 * Checks a receipt against the provider's published keys. The header's alg is checked
 * before anything else and only EdDSA is accepted, so an "alg: none" or HMAC receipt
 * never reaches a verifier; the key is chosen by kid among the published keys only.
 */
export async function verifyReceipt(jws: string, jwks: ReceiptJwks): Promise<ReceiptCheck> {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) return fail('malformed', 'a receipt is three base64url parts joined by dots');
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: unknown; kid?: unknown };
  let payload: unknown;
  let signature: Uint8Array;
  try {
    header = JSON.parse(dec.decode(fromBase64url(h))) as typeof header;
    payload = JSON.parse(dec.decode(fromBase64url(p)));
    signature = fromBase64url(s);
  } catch {
    return fail('malformed', 'a part of the receipt is not base64url JSON');
  }
  if (header.alg !== RECEIPT_ALG) return fail('unsupported_alg', `alg ${JSON.stringify(header.alg)} is not EdDSA`);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) return fail('unknown_kid', `no published key has kid ${JSON.stringify(header.kid)}`);
  let valid = false;
  try {
    const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'Ed25519', false, [
      'verify',
    ]);
    valid = await crypto.subtle.verify('Ed25519', key, signature as BufferSource, enc.encode(`${h}.${p}`));
  } catch {
    valid = false;
  }
  if (!valid) return fail('bad_signature', `the signature does not match key ${jwk.kid}`);
  const claims = ReceiptClaims.safeParse(payload);
  if (!claims.success) return fail('bad_claims', 'the signed payload is not a Veil receipt');
  return { ok: true, kid: jwk.kid, claims: claims.data };
}

/** The claims of a receipt, unchecked: for showing one; verifyReceipt before trusting it. */
export function readReceipt(jws: string): ReceiptClaims | undefined {
  try {
    const r = ReceiptClaims.safeParse(JSON.parse(dec.decode(fromBase64url(jws.split('.')[1] ?? ''))));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
