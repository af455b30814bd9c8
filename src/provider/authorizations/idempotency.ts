/**
 * Idempotent vendor requests. Inside the request's transaction, an advisory lock on
 * (vendor, key) comes first — the same lock `veil_validate` takes for validations —
 * so a concurrent duplicate waits until the first commits, then reads its stored
 * answer. Same key with a different request is refused, as a bug to fix.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../db/db';
import { HttpError } from '../http/errors';

export interface Answer<T> {
  status: number;
  body: T;
}

export function requestHash(method: string, path: string, body: unknown): Buffer {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body)}`).digest();
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
    if (!prior || prior.status_code === null || prior.response === null) throw new HttpError(409, 'conflict', 'a request with this Idempotency-Key is still in progress');
    if (!Buffer.from(prior.request_hash).equals(scope.hash)) {
      throw new HttpError(422, 'idempotency_mismatch', 'this Idempotency-Key was used for a different request: use a new key for a new request');
    }
    const body = typeof prior.response === 'string' ? (JSON.parse(prior.response) as T) : prior.response;
    return { status: prior.status_code, body };
  }
  const answer = await run();
  await sql.query('UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE vendor_id = $1 AND key = $2', [scope.vendorId, scope.key, answer.status, JSON.stringify(answer.body)]);
  return answer;
}
