/**
 * What every WebAuthn ceremony of the provider shares: the stored credentials, the
 * one-use challenges (taken under a row lock, so a challenge answers once), and the RP
 * IDs an extension page may report.
 */
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
