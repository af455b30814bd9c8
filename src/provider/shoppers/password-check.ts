/**
 * Every check of an account password: sign-in, and the device-authenticated actions
 * that ask for the password again (registering a security key, leaving card-reader
 * mode, removing a key). All share the sign-in throttle — per email and per client
 * address — so no endpoint is a password oracle. The slot is taken before the hash is
 * computed (security/throttle.ts): at most the limit of guesses are ever checked in a
 * window, however many arrive at once. A right password clears the email's count and
 * gives the address's slot back; a wrong one keeps both. Each check is a security
 * event (a sign-in's success is its device enrolment, in the audit trail).
 */
import type { ProviderContext } from '../context';
import { createHash } from 'node:crypto';
import { hashPassword } from '../crypto/tokens';
import { recordEvent } from '../audit/events';
import { addressKey } from '../security/address-key';
import { clear, reachedLimit, release, reserveOr429, type Counter } from '../security/throttle';
import { logSecurity, recordSecurityEvent, type SecurityRow } from '../security/log';

/** Why the password is asked for: recorded with each check. */
export type PasswordPurpose = 'signin' | 'security_key_registration' | 'security_key_removal' | 'card_reader_exit';

export interface PasswordAttempt {
  email: string;
  password: string;
  address: string | undefined;
  purpose: PasswordPurpose;
}

// Verifying against a fixed hash when the email is unknown keeps the timing of
// "no such account" and "wrong password" alike, so sign-in cannot list accounts.
let decoyHash: Promise<string> | undefined;

/** The throttle key for an email: a hash, so the throttles table holds no addresses. */
const emailKey = (email: string) => createHash('sha256').update(email).digest('base64url');

function counters(ctx: ProviderContext, a: PasswordAttempt): Counter[] {
  const { signinPerEmail, signinPerAddress } = ctx.policy;
  const out: Counter[] = [{ scope: 'signin:email', key: emailKey(a.email), limit: signinPerEmail }];
  if (a.address) out.push({ scope: 'signin:address', key: addressKey(a.address), limit: signinPerAddress });
  return out;
}

/**
 * The account's id when the password is right, undefined when it (or the email) is
 * wrong; 429 with Retry-After, before any hashing, when the email or address is out
 * of tries (or the hashing queue is full).
 */
export async function checkPassword(ctx: ProviderContext, a: PasswordAttempt): Promise<string | undefined> {
  const at = ctx.clock();
  const reservation = await reserveOr429(
    ctx.db,
    counters(ctx, a),
    at,
    'failed password tries for this account or from this address',
  );
  let row: { id: string; password_hash: string } | undefined;
  let ok: boolean;
  try {
    row = (
      await ctx.db.query<{ id: string; password_hash: string }>(
        'SELECT id, password_hash FROM shoppers WHERE email = $1',
        [a.email],
      )
    )[0];
    decoyHash ??= hashPassword('decoy password for timing');
    ok = await ctx.hashing.verify(a.password, row?.password_hash ?? (await decoyHash));
  } catch (err) {
    await release(ctx.db, reservation); // not checked (the hashing queue was full, or the database failed): not a try
    throw err;
  }
  const shopperId = row?.id;
  const logged = await ctx.db.tx(async (sql) => {
    const base = { shopperId: shopperId ?? null, address: a.address ?? null, at };
    if (ok && shopperId) {
      await clear(sql, 'signin:email', emailKey(a.email));
      await release(sql, reservation, (c) => c.scope === 'signin:address');
      return a.purpose === 'signin'
        ? []
        : [await recordSecurityEvent(sql, { ...base, kind: 'password.verified', detail: { purpose: a.purpose } })];
    }
    const out: SecurityRow[] = [];
    const kind = a.purpose === 'signin' ? 'signin.failed' : 'password.failed';
    out.push(
      await recordSecurityEvent(sql, {
        ...base,
        kind,
        detail: a.purpose === 'signin' ? { account_exists: shopperId !== undefined } : { purpose: a.purpose },
      }),
    );
    for (const c of reachedLimit(reservation)) {
      const scope = c.scope === 'signin:email' ? 'email' : 'address';
      out.push(
        await recordSecurityEvent(sql, {
          ...base,
          kind: 'signin.throttled',
          detail: { scope, limit: c.limit.max, window_s: c.limit.windowS },
        }),
      );
      if (shopperId && scope === 'email') {
        await recordEvent(sql, {
          shopperId,
          kind: 'account.signin_throttled',
          at,
          detail: { failures: c.limit.max, window_s: c.limit.windowS },
        });
      }
    }
    return out;
  });
  logSecurity(ctx, logged);
  return ok ? shopperId : undefined;
}
