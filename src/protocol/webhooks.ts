/**
 * Signed webhooks: the provider tells a vendor's backend when a pending authorization
 * is decided. The signature is HMAC-SHA256 over "<timestamp>.<raw body>" with the
 * vendor's webhook secret, sent as `Veil-Signature: t=<unix seconds>,v1=<hex>`.
 * A receiver checks the signature in constant time, refuses timestamps outside its
 * tolerance (replays of old deliveries) and remembers delivery ids it has handled.
 * WebCrypto only, so vendors' Node or edge runtimes and the provider share this code.
 */

export const SIGNATURE_HEADER = 'veil-signature';
export const DEFAULT_TOLERANCE_S = 300;

const enc = new TextEncoder();
const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');

async function hmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return hex(await crypto.subtle.sign('HMAC', key, enc.encode(message)));
}

export async function signWebhook(secret: string, body: string, timestampS: number): Promise<string> {
  return `t=${timestampS},v1=${await hmac(secret, `${timestampS}.${body}`)}`;
}

export type WebhookCheck = { ok: true } | { ok: false; why: 'malformed' | 'bad_signature' | 'stale' };

export async function verifyWebhook(
  secret: string,
  body: string,
  header: string | null | undefined,
  nowS: number,
  toleranceS = DEFAULT_TOLERANCE_S,
): Promise<WebhookCheck> {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return { ok: false, why: 'malformed' };
  const t = Number(m[1]);
  const expected = await hmac(secret, `${t}.${body}`);
  let diff = 0;
  for (let i = 0; i < 64; i++) diff |= expected.charCodeAt(i) ^ m[2]!.charCodeAt(i);
  if (diff !== 0) return { ok: false, why: 'bad_signature' };
  if (Math.abs(nowS - t) > toleranceS) return { ok: false, why: 'stale' };
  return { ok: true };
}
