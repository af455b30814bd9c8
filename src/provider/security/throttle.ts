/**
 * Throttles that hold across provider processes: fixed-window counters in the
 * `throttles` table (migration 002), so a second process — or a restart — does not
 * give an attacker a fresh allowance. Validation counts card testing inside
 * `veil_validate`; sign-in uses these helpers.
 */
import type { Limit } from '../context';
import type { Sql } from '../db/db';

/** Seconds until (scope, key) may try again, or undefined when it is not throttled. */
export async function throttledFor(sql: Sql, scope: string, key: string, limit: Limit, now: Date): Promise<number | undefined> {
  const rows = await sql.query<{ until: Date | null }>('SELECT veil_throttled_until($1, $2, $3, $4, $5) AS until', [scope, key, now, limit.max, limit.windowS]);
  const until = rows[0]?.until;
  return until ? Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 1000)) : undefined;
}

/** Counts one hit; true when this hit reached the limit (the moment to log it). */
export async function hit(sql: Sql, scope: string, key: string, limit: Limit, now: Date): Promise<boolean> {
  const rows = await sql.query<{ hits: number }>('SELECT veil_throttle_hit($1, $2, $3, $4) AS hits', [scope, key, now, limit.windowS]);
  return rows[0]?.hits === limit.max;
}

export async function clear(sql: Sql, scope: string, key: string): Promise<void> {
  await sql.query('DELETE FROM throttles WHERE scope = $1 AND key = $2', [scope, key]);
}

/**
 * Deletes counters whose window has ended (the next hit would start afresh anyway),
 * so addresses and emails that came once do not stay in the table for ever.
 */
export async function pruneThrottles(sql: Sql, policy: { cardTesting: Limit; signinPerEmail: Limit; signinPerAddress: Limit }, now: Date): Promise<number> {
  const before = (l: Limit) => new Date(now.getTime() - l.windowS * 1000);
  const rows = await sql.query<{ scope: string }>(
    `DELETE FROM throttles WHERE (scope LIKE 'card_testing:%' AND window_start < $1)
       OR (scope = 'signin:email' AND window_start < $2) OR (scope = 'signin:address' AND window_start < $3)
     RETURNING scope`,
    [before(policy.cardTesting), before(policy.signinPerEmail), before(policy.signinPerAddress)],
  );
  return rows.length;
}
