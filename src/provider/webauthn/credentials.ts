/**
 * What every WebAuthn ceremony of the provider shares: the stored credentials, the
 * one-use challenges (taken under a row lock, so a challenge answers once), and which
 * RP ID a ceremony uses: the provider's own host (ctx.webauthnRpId) for every new key,
 * which an extension page may claim in Chrome and in Firefox; keys a Chrome extension
 * page registered earlier under its own id still answer from that same extension.
 */
import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Assertion } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import { HttpError } from '../http/errors';

export const CHALLENGE_TTL_MS = 5 * 60_000;

export const b64url = (b: Buffer) => b.toString('base64url');

export interface Place {
  rp_id: string;
  origin: string;
}

export interface CredentialRow {
  id: string;
  public_key: Buffer;
  counter: number;
  transports: string;
  rp_id: string;
  origin: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

/**
 * The RP IDs whose hash an authenticator may report. For an extension page Chrome takes
 * the bare extension id as `rp.id` but hashes the whole origin ("chrome-extension://id")
 * into the authenticator data; both name the same extension.
 */
export function rpIds(rpId: string, origin: string): string[] {
  return origin.startsWith('chrome-extension://') && origin.slice('chrome-extension://'.length) === rpId
    ? [rpId, origin]
    : [rpId];
}

/** The RP ID new keys are registered under: the provider's host. */
export function registrationRpId(ctx: ProviderContext): string {
  if (!ctx.webauthnRpId)
    throw new HttpError(
      409,
      'conflict',
      'security keys need the provider to have a host name (an IP address is never a WebAuthn RP ID): its operator sets VEIL_PUBLIC_URL',
    );
  return ctx.webauthnRpId;
}

/**
 * Where an assertion asked from `origin` takes place, and the keys it may use: the
 * shopper's keys under the provider's RP ID; failing any, the keys this same Chrome
 * extension page registered under its own id before keys moved to the provider's RP
 * ID (they cannot be moved: an RP ID is fixed in the credential), so they keep working.
 */
export async function assertionPlace(
  sql: Sql,
  ctx: ProviderContext,
  shopperId: string,
  origin: string,
): Promise<{ place: Place; creds: CredentialRow[] }> {
  const all = await credentialsOf(sql, shopperId);
  const current = all.filter((c) => c.rp_id === ctx.webauthnRpId);
  if (current.length > 0 && ctx.webauthnRpId) return { place: { rp_id: ctx.webauthnRpId, origin }, creds: current };
  const legacy = all.filter((c) => c.origin === origin && rpIds(c.rp_id, c.origin).length === 2);
  if (legacy[0]) return { place: { rp_id: legacy[0].rp_id, origin }, creds: legacy };
  return { place: { rp_id: ctx.webauthnRpId ?? '', origin }, creds: [] };
}

export async function credentialsOf(sql: Sql, shopperId: string, rpId?: string): Promise<CredentialRow[]> {
  return sql.query<CredentialRow>(
    'SELECT id, public_key, counter, transports, rp_id, origin, name, created_at, last_used_at FROM webauthn_credentials WHERE shopper_id = $1 AND ($2::text IS NULL OR rp_id = $2) ORDER BY created_at',
    [shopperId, rpId ?? null],
  );
}

export async function takeChallenge(
  sql: Sql,
  shopperId: string,
  id: string,
  purpose: 'register' | 'approve' | 'step_up',
  at: Date,
) {
  const rows = await sql.query<{
    nonce: Buffer;
    challenge: string;
    rp_id: string;
    origin: string;
    authorization_id: string | null;
    key_name: string | null;
    expires_at: Date;
    used_at: Date | null;
  }>(
    `SELECT nonce, challenge, rp_id, origin, authorization_id, key_name, expires_at, used_at FROM webauthn_challenges WHERE id = $1 AND shopper_id = $2 AND purpose = $3 FOR UPDATE`,
    [id, shopperId, purpose],
  );
  const ch = rows[0];
  if (!ch) throw new HttpError(400, 'invalid_request', 'unknown security-key challenge: start again');
  if (ch.used_at) throw new HttpError(409, 'conflict', 'this security-key challenge was already used: start again');
  if (ch.expires_at <= at) throw new HttpError(409, 'conflict', 'the security-key challenge expired: start again');
  await sql.query('UPDATE webauthn_challenges SET used_at = $2 WHERE id = $1', [id, at]);
  return { ...ch, nonce: Buffer.from(ch.nonce) };
}

/**
 * Verifies an assertion over `expectedChallenge` by one of the shopper's keys for the
 * challenge's RP ID and origin, with user verification, and moves the key's counter on.
 * Any failure is a 403 that says why.
 */
export async function verifyAssertion(
  sql: Sql,
  shopperId: string,
  place: Place,
  expectedChallenge: string,
  assertion: Assertion,
  at: Date,
): Promise<void> {
  const cred = (await credentialsOf(sql, shopperId, place.rp_id)).find((c) => c.id === assertion.credential.id);
  if (!cred) throw new HttpError(403, 'forbidden', 'this security key is not registered to you');
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response: assertion.credential as unknown as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: place.origin,
      expectedRPID: rpIds(place.rp_id, place.origin),
      credential: {
        id: cred.id,
        publicKey: new Uint8Array(cred.public_key),
        counter: Number(cred.counter),
        transports: [],
      },
      requireUserVerification: true,
    });
  } catch (err) {
    throw new HttpError(403, 'forbidden', `the security-key assertion did not verify: ${(err as Error).message}`);
  }
  if (!result.verified) throw new HttpError(403, 'forbidden', 'the security-key assertion did not verify');
  await sql.query('UPDATE webauthn_credentials SET counter = $2, last_used_at = $3 WHERE id = $1', [
    cred.id,
    result.authenticationInfo.newCounter,
    at,
  ]);
}
