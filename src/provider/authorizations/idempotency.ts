/**
 * Idempotent vendor requests. Inside the request's transaction, an advisory lock on
 * (vendor, key) comes first — the same lock `veil_validate` takes for validations —
 * so a concurrent duplicate waits until the first commits, then reads its stored
 * answer. Same key with a different request is refused, as a bug to fix.
 *
 * Requests are told apart by a keyed hash (Keys.requestHash): a validation's body
 * holds the card number and CVC, so nothing stored may be an unkeyed function of it.
 * Rows stored before the hash was keyed carry an empty hash (migration 019): they
 * still stop a second run, and a retry is told why its answer cannot be given.
 */
import type { Sql } from '../db/db';
import { HttpError } from '../http/errors';

export interface Answer<T> {
  status: number;
  body: T;
}

/** What a reuse of a key stored before migration 019 is answered: its stored request cannot be compared. */
export function unmatchableKey(): HttpError {
  return new HttpError(
    409,
    'conflict',
    'this Idempotency-Key was used before a provider upgrade, and its first request can no longer be compared with this one: check the outcome of the first request before sending again under a new key',
  );
}

export async function idempotent<T>(
  sql: Sql,
  scope: { vendorId: string; key: string | undefined; hash: Buffer; at: Date },
  run: () => Promise<Answer<T>>,
): Promise<Answer<T>> {
  if (scope.key === undefined) return run();
  await sql.query('SELECT pg_advisory_xact_lock(veil_idempotency_lock($1, $2))', [scope.vendorId, scope.key]);
  const claimed = await sql.query(
    'INSERT INTO idempotency_keys (vendor_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key',
    [scope.vendorId, scope.key, scope.hash, scope.at],
  );
  if (claimed.length === 0) {
    const rows = await sql.query<{ request_hash: Buffer; status_code: number | null; response: T | string | null }>(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE vendor_id = $1 AND key = $2',
      [scope.vendorId, scope.key],
    );
    const prior = rows[0];
    if (!prior || prior.status_code === null || prior.response === null)
      throw new HttpError(409, 'conflict', 'a request with this Idempotency-Key is still in progress');
    const priorHash = Buffer.from(prior.request_hash);
    if (priorHash.length === 0) throw unmatchableKey();
    if (!priorHash.equals(scope.hash)) {
      throw new HttpError(
        422,
        'idempotency_mismatch',
        'this Idempotency-Key was used for a different request: use a new key for a new request',
      );
    }
    const body = typeof prior.response === 'string' ? (JSON.parse(prior.response) as T) : prior.response;
    return { status: prior.status_code, body };
  }
  const answer = await run();
  await sql.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE vendor_id = $1 AND key = $2', [
    scope.vendorId,
    scope.key,
    answer.status,
    JSON.stringify(answer.body),
  ]);
  return answer;
}
