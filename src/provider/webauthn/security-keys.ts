/**
 * Security keys for card-reader mode. Registering needs the account password; approving
 * a charge needs a fresh assertion with user verification whose challenge is bound to
 * that authorization: SHA-256(nonce ‖ authorization id ‖ merchant ‖ amount ‖ currency),
 * as W3C Secure Payment Confirmation binds the transaction to the assertion. A replayed
 * assertion (challenge used), or one made for another charge (challenge differs), fails.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Assertion, SecurityKey } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import type { DeviceAuth } from '../shoppers/accounts';
import type { AuthRow } from '../authorizations/records';
import { HttpError, notFound } from '../http/errors';
import { newId } from '../crypto/tokens';
import { proveAccountHolder, requirePassword, type Proof } from './step-up';
import {
  assertionPlace,
  b64url,
  CHALLENGE_TTL_MS,
  credentialsOf,
  registrationRpId,
  rpIds,
  takeChallenge,
  verifyAssertion,
  type CredentialRow,
} from './credentials';

/** The challenge an approval must sign: fixed by the authorization's own facts. */
export function approvalChallenge(
  nonce: Buffer,
  a: Pick<AuthRow, 'id' | 'merchant_origin' | 'amount' | 'currency'>,
): string {
  return b64url(
    createHash('sha256').update(nonce).update(`\0${a.id}\0${a.merchant_origin}\0${a.amount}\0${a.currency}`).digest(),
  );
}

export async function listSecurityKeys(ctx: ProviderContext, auth: DeviceAuth): Promise<SecurityKey[]> {
  return (await credentialsOf(ctx.db, auth.shopperId)).map((c) => ({
    id: c.id,
    name: c.name,
    created_at: c.created_at.toISOString(),
    last_used_at: c.last_used_at?.toISOString() ?? null,
  }));
}

/** Removing a key weakens card-reader mode: it needs a fresh proof (step-up.ts), checked before anything is removed. */
export async function removeSecurityKey(
  ctx: ProviderContext,
  auth: DeviceAuth,
  id: string,
  proof: Proof,
  address: string | undefined,
): Promise<void> {
  const owned = await ctx.db.query('SELECT 1 FROM webauthn_credentials WHERE id = $1 AND shopper_id = $2', [
    id,
    auth.shopperId,
  ]);
  if (owned.length === 0) throw notFound('security key');
  await proveAccountHolder(ctx, auth, proof, address, 'security_key_removal');
  const rows = await ctx.db.query('DELETE FROM webauthn_credentials WHERE id = $1 AND shopper_id = $2 RETURNING id', [
    id,
    auth.shopperId,
  ]);
  if (rows.length === 0) throw notFound('security key');
}

export async function registrationOptions(
  ctx: ProviderContext,
  auth: DeviceAuth,
  req: { origin: string; password: string; name: string },
  address: string | undefined,
) {
  const rpId = registrationRpId(ctx);
  const email = await requirePassword(ctx, auth, req.password, address, 'security_key_registration');
  const existing = await credentialsOf(ctx.db, auth.shopperId, rpId);
  const nonce = randomBytes(32);
  const options = await generateRegistrationOptions({
    rpName: 'Veil',
    rpID: rpId,
    userName: email,
    userID: Buffer.from(auth.shopperId),
    challenge: nonce,
    attestationType: 'none',
    authenticatorSelection: { userVerification: 'required', residentKey: 'discouraged' },
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports ? c.transports.split(',') : [] })),
  });
  const id = newId('wch');
  await ctx.db.query(
    `INSERT INTO webauthn_challenges (id, shopper_id, purpose, nonce, challenge, rp_id, origin, key_name, expires_at) VALUES ($1, $2, 'register', $3, $4, $5, $6, $7, $8)`,
    [
      id,
      auth.shopperId,
      nonce,
      options.challenge,
      rpId,
      req.origin,
      req.name,
      new Date(ctx.clock().getTime() + CHALLENGE_TTL_MS),
    ],
  );
  return { challenge_id: id, options };
}

export async function registerSecurityKey(
  ctx: ProviderContext,
  auth: DeviceAuth,
  req: { challenge_id: string; credential: Record<string, unknown> },
): Promise<SecurityKey> {
  return ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const ch = await takeChallenge(sql, auth.shopperId, req.challenge_id, 'register', at);
    let result;
    try {
      result = await verifyRegistrationResponse({
        response: req.credential as unknown as RegistrationResponseJSON,
        expectedChallenge: ch.challenge,
        expectedOrigin: ch.origin,
        expectedRPID: rpIds(ch.rp_id, ch.origin),
        requireUserVerification: true,
      });
    } catch (err) {
      throw new HttpError(
        400,
        'invalid_request',
        `the security key's answer did not verify: ${(err as Error).message}`,
      );
    }
    if (!result.verified) throw new HttpError(400, 'invalid_request', "the security key's answer did not verify");
    const cred = result.registrationInfo.credential;
    const name = ch.key_name ?? 'Security key';
    const rows = await sql.query<CredentialRow>(
      `INSERT INTO webauthn_credentials (id, shopper_id, public_key, counter, transports, rp_id, origin, name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id, name, created_at, last_used_at`,
      [
        cred.id,
        auth.shopperId,
        Buffer.from(cred.publicKey),
        cred.counter,
        (cred.transports ?? []).join(','),
        ch.rp_id,
        ch.origin,
        name,
        at,
      ],
    );
    if (!rows[0]) throw new HttpError(409, 'conflict', 'this security key is already registered');
    return { id: rows[0].id, name: rows[0].name, created_at: rows[0].created_at.toISOString(), last_used_at: null };
  });
}

/** Options for approving one pending card-reader charge. */
export async function approvalOptions(
  ctx: ProviderContext,
  auth: DeviceAuth,
  authorizationId: string,
  req: { origin: string },
) {
  return ctx.db.tx(async (sql) => {
    const rows = await sql.query<AuthRow>(
      'SELECT id, status, reason, merchant_origin, amount, currency, challenge_state FROM authorizations WHERE id = $1 AND shopper_id = $2',
      [authorizationId, auth.shopperId],
    );
    const a = rows[0];
    if (!a) throw notFound('authorization');
    if (a.status !== 'pending' && a.challenge_state !== 'open')
      throw new HttpError(409, 'conflict', `the authorization is ${a.status}: nothing to approve`);
    const { place, creds } = await assertionPlace(sql, ctx, auth.shopperId, req.origin);
    if (creds.length === 0) throw new HttpError(409, 'conflict', 'register a security key on the options page first');
    const nonce = randomBytes(32);
    const challenge = approvalChallenge(nonce, a);
    const options = await generateAuthenticationOptions({
      rpID: place.rp_id,
      challenge: Buffer.from(challenge, 'base64url'),
      allowCredentials: creds.map((c) => ({ id: c.id, transports: c.transports ? c.transports.split(',') : [] })),
      userVerification: 'required',
    });
    const id = newId('wch');
    await sql.query(
      `INSERT INTO webauthn_challenges (id, shopper_id, purpose, nonce, challenge, authorization_id, rp_id, origin, expires_at) VALUES ($1, $2, 'approve', $3, $4, $5, $6, $7, $8)`,
      [
        id,
        auth.shopperId,
        nonce,
        options.challenge,
        a.id,
        place.rp_id,
        place.origin,
        new Date(ctx.clock().getTime() + CHALLENGE_TTL_MS),
      ],
    );
    return { challenge_id: id, options };
  });
}

/** Inside the decision's transaction: refuses unless the assertion approves exactly this authorization. */
export async function verifyApproval(
  sql: Sql,
  shopperId: string,
  a: AuthRow,
  assertion: Assertion | undefined,
  at: Date,
): Promise<void> {
  if (!assertion)
    throw new HttpError(409, 'conflict', 'this card is in card-reader mode: approving needs a security-key assertion');
  const ch = await takeChallenge(sql, shopperId, assertion.challenge_id, 'approve', at);
  // Recomputed from the authorization as it is now: an assertion made for another
  // charge, merchant or amount signs another challenge and fails below.
  const expected = approvalChallenge(ch.nonce, a);
  if (ch.authorization_id !== a.id || expected !== ch.challenge)
    throw new HttpError(403, 'forbidden', 'this security-key assertion was made for another charge');
  await verifyAssertion(sql, shopperId, ch, expected, assertion, at);
}
