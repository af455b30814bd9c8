/**
 * A fresh proof that the account holder is at this device, for what weakens card-reader
 * mode: leaving it, or removing a security key. A device token alone is not enough —
 * whoever holds a stolen one could otherwise switch the protection off and approve a
 * 1A charge with no key. The proof is the account password (checked, throttled and
 * logged like a sign-in: password-check.ts) or an assertion, with user verification,
 * by one of the shopper's security keys on a step-up challenge: one use, five minutes,
 * a purpose of its own so no approval challenge can stand in for it.
 */
import { randomBytes } from 'node:crypto';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import type { Assertion } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import type { DeviceAuth } from '../shoppers/accounts';
import { HttpError } from '../http/errors';
import { newId } from '../crypto/tokens';
import { checkPassword, type PasswordPurpose } from '../shoppers/password-check';
import { assertionPlace, CHALLENGE_TTL_MS, takeChallenge, verifyAssertion } from './credentials';

export interface Proof {
  password?: string | undefined;
  assertion?: Assertion | undefined;
}

const WHAT: Record<Exclude<PasswordPurpose, 'signin'>, string> = {
  security_key_registration: 'adding a security key',
  security_key_removal: 'removing a security key',
  card_reader_exit: 'leaving card-reader mode',
};

/** The account password, asked again on this device; the account's email when it is right. */
export async function requirePassword(
  ctx: ProviderContext,
  auth: DeviceAuth,
  password: string,
  address: string | undefined,
  purpose: Exclude<PasswordPurpose, 'signin'>,
): Promise<string> {
  const rows = await ctx.db.query<{ email: string }>('SELECT email FROM shoppers WHERE id = $1', [auth.shopperId]);
  const email = rows[0]?.email;
  if (!email || (await checkPassword(ctx, { email, password, address, purpose })) !== auth.shopperId)
    throw new HttpError(401, 'unauthorized', 'the password is wrong');
  return email;
}

/** Refuses (401 wrong password, 403 no proof or a bad assertion, 429 throttled) unless the proof is good. */
export async function proveAccountHolder(
  ctx: ProviderContext,
  auth: DeviceAuth,
  proof: Proof,
  address: string | undefined,
  purpose: Exclude<PasswordPurpose, 'signin' | 'security_key_registration'>,
): Promise<void> {
  if (proof.assertion) {
    const assertion = proof.assertion;
    await ctx.db.tx((sql) => verifyStepUp(sql, auth.shopperId, assertion, ctx.clock()));
    return;
  }
  if (proof.password !== undefined) {
    await requirePassword(ctx, auth, proof.password, address, purpose);
    return;
  }
  throw new HttpError(403, 'forbidden', `${WHAT[purpose]} needs the account password or a security-key assertion`);
}

/** Options for a step-up assertion by any of the shopper's keys registered for this place. */
export async function stepUpOptions(ctx: ProviderContext, auth: DeviceAuth, req: { origin: string }) {
  const { place, creds } = await assertionPlace(ctx.db, ctx, auth.shopperId, req.origin);
  if (creds.length === 0)
    throw new HttpError(409, 'conflict', 'no security key is registered here: give the account password instead');
  const options = await generateAuthenticationOptions({
    rpID: place.rp_id,
    challenge: randomBytes(32),
    allowCredentials: creds.map((c) => ({ id: c.id, transports: c.transports ? c.transports.split(',') : [] })),
    userVerification: 'required',
  });
  const id = newId('wch');
  await ctx.db.query(
    `INSERT INTO webauthn_challenges (id, shopper_id, purpose, nonce, challenge, rp_id, origin, expires_at) VALUES ($1, $2, 'step_up', $3, $4, $5, $6, $7)`,
    [
      id,
      auth.shopperId,
      Buffer.from(options.challenge, 'base64url'),
      options.challenge,
      place.rp_id,
      place.origin,
      new Date(ctx.clock().getTime() + CHALLENGE_TTL_MS),
    ],
  );
  return { challenge_id: id, options };
}

async function verifyStepUp(sql: Sql, shopperId: string, assertion: Assertion, at: Date): Promise<void> {
  const ch = await takeChallenge(sql, shopperId, assertion.challenge_id, 'step_up', at);
  await verifyAssertion(sql, shopperId, ch, ch.challenge, assertion, at);
}
