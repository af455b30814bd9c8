/**
 * The receipt signing keys: which kid signs now, the published set, and rotation. The
 * private keys are derived from the master key per kid (crypto/keys.ts), so only kids
 * are stored (migration 025). Every key ever used stays published: receipts are
 * evidence for disputes long after the sale, and removing a public key would make
 * honest receipts unverifiable. (A leaked master key is a different event: it needs a
 * new master key and the old kids withdrawn, which is an operator's decision.)
 */
import { createPublicKey } from 'node:crypto';
import type { ReceiptJwk, ReceiptJwks } from '../../protocol';
import type { Keys } from '../crypto/keys';
import type { Sql } from '../db/db';
import { newId } from '../crypto/tokens';

export function publicJwk(keys: Keys, kid: string): ReceiptJwk {
  const jwk = createPublicKey(keys.receiptSigningKey(kid)).export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x!, kid, alg: 'EdDSA', use: 'sig' };
}

/** The JWKS at /.well-known/veil-receipts.json: the active key first, then the retired ones, newest first. */
export async function receiptJwks(keys: Keys, q: Sql): Promise<ReceiptJwks> {
  const rows = await q.query<{ kid: string }>(
    'SELECT kid FROM receipt_keys ORDER BY retired_at IS NOT NULL, created_at DESC, kid',
  );
  return { keys: rows.map((r) => publicJwk(keys, r.kid)) };
}

/** Retires the active key and makes a new one active; receipts from now on are signed with it. */
export async function rotateReceiptKey(sql: Sql, at: Date): Promise<{ kid: string; retired: string[] }> {
  const retired = await sql.query<{ kid: string }>(
    'UPDATE receipt_keys SET retired_at = $1 WHERE retired_at IS NULL RETURNING kid',
    [at],
  );
  const kid = newId('rk');
  await sql.query('INSERT INTO receipt_keys (kid, created_at) VALUES ($1, $2)', [kid, at]);
  return { kid, retired: retired.map((r) => r.kid) };
}
