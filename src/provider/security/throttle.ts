/**
 * Throttles that hold under concurrency and across provider processes: fixed-window
 * counters in the `throttles` table (migration 002), shared by every process on the
 * database, so neither a second process nor a restart gives an attacker a fresh allowance.
 *
 * Reserve before the work. A request takes its slot with one atomic increment-and-test
 * (src/provider/db/functions/veil_throttle_reserve.sql) BEFORE the expensive or secret-revealing check
 * (a password hash, a reference lookup, a card check); at the limit it takes nothing and
 * gets 429. So at most `max` requests are evaluated in a window, even when hundreds
 * arrive at once. An outcome that should not count (a right password, a known
 * reference, an approval) gives its slot back with `release`.
 *
 * Used by sign-in and every other password check, sign-up, the courier's unknown
 * references and card testing (authorize.ts, which reserves in a transaction that does
 * not wait for the WAL flush: the validation path is hot).
 */
import type { Limit, Policy } from '../policy';
import type { Sql } from '../db/db';
import { ThrottledError } from '../http/errors';

/** One counter a request counts against. */
export interface Counter {
  scope: string;
  key: string;
  limit: Limit;
}

/** Slots taken: what each counter holds now, and the window each slot belongs to (for release). */
export interface Reservation {
  counters: Counter[];
  hits: number[];
  windowStarts: string[];
}

export type Reserved = { ok: true; reservation: Reservation } | { ok: false; retryAfterS: number };

interface ReserveAnswer {
  hits?: number[];
  window_start?: string[];
  retry_after_s?: number;
}

const json = <T>(raw: unknown): T => (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;

/** Takes one slot on every counter, or none when any is at its limit. */
export async function reserve(sql: Sql, counters: Counter[], now: Date): Promise<Reserved> {
  const rows = await sql.query<{ r: unknown }>(
    'SELECT veil_throttle_reserve($1::text[], $2::text[], $3::int[], $4::int[], $5) AS r',
    [
      counters.map((c) => c.scope),
      counters.map((c) => c.key),
      counters.map((c) => c.limit.max),
      counters.map((c) => c.limit.windowS),
      now,
    ],
  );
  return fromAnswer(json<ReserveAnswer>(rows[0]!.r), counters);
}

export function fromAnswer(a: ReserveAnswer, counters: Counter[]): Reserved {
  if (a.retry_after_s !== undefined) return { ok: false, retryAfterS: a.retry_after_s };
  return { ok: true, reservation: { counters, hits: a.hits ?? [], windowStarts: a.window_start ?? [] } };
}

/** `reserve`, or a 429 with Retry-After saying what is throttled. */
export async function reserveOr429(sql: Sql, counters: Counter[], now: Date, what: string): Promise<Reservation> {
  const r = await reserve(sql, counters, now);
  if (!r.ok) throw new ThrottledError(`too many ${what}: retry in ${r.retryAfterS} s`, r.retryAfterS);
  return r.reservation;
}

/** Gives the slots back (an outcome that does not count); a slot of an ended window is already gone. */
export async function release(sql: Sql, r: Reservation, only?: (c: Counter) => boolean): Promise<void> {
  const keep = r.counters.map((c) => (only ? only(c) : true));
  const pick = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
  if (!keep.some(Boolean)) return;
  await sql.query('SELECT veil_throttle_release($1::text[], $2::text[], $3::timestamptz[])', [
    pick(r.counters.map((c) => c.scope)),
    pick(r.counters.map((c) => c.key)),
    pick(r.windowStarts),
  ]);
}

/** The counters this reservation brought to their limit: the moment to log it, once. */
export function reachedLimit(r: Reservation): Counter[] {
  return r.counters.filter((c, i) => r.hits[i] === c.limit.max);
}

export async function clear(sql: Sql, scope: string, key: string): Promise<void> {
  await sql.query('DELETE FROM throttles WHERE scope = $1 AND key = $2', [scope, key]);
}

/** Every scope and the policy limit it counts under (pruning needs each window). */
export function throttleScopes(policy: Policy): Record<string, Limit> {
  return {
    'card_testing:vendor': policy.cardTesting,
    'card_testing:address': policy.cardTesting,
    'signin:email': policy.signinPerEmail,
    'signin:address': policy.signinPerAddress,
    'signup:address': policy.signupPerAddress,
    'courier:unknown_reference': policy.courierMisses,
  };
}

/**
 * Deletes counters whose window has ended (the next hit would start afresh anyway),
 * so addresses and emails that came once do not stay in the table for ever.
 */
export async function pruneThrottles(sql: Sql, policy: Policy, now: Date): Promise<number> {
  const scopes = Object.entries(throttleScopes(policy));
  const rows = await sql.query<{ scope: string }>(
    `DELETE FROM throttles t USING unnest($1::text[], $2::int[]) AS s(scope, window_s)
     WHERE t.scope = s.scope AND t.window_start < $3::timestamptz - make_interval(secs => s.window_s)
     RETURNING t.scope`,
    [scopes.map(([s]) => s), scopes.map(([, l]) => l.windowS), now],
  );
  return rows.length;
}
