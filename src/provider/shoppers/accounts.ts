/** Shopper sign-up and sign-in, and the devices each sign-in enrols. */
import type { Device, Me, Session } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import { createHash } from 'node:crypto';
import { HttpError, ThrottledError } from '../http/errors';
import { hashPassword, newId, newToken, tokenHash, verifyPassword } from '../crypto/tokens';
import { accountId, shopperBalances } from '../ledger/ledger';
import { recordEvent } from '../audit/events';
import { fundingStatus } from '../funding/top-ups';
import { clear, hit, throttledFor } from '../security/throttle';
import { logSecurity, recordSecurityEvent, type SecurityRow } from '../security/log';

export interface DeviceAuth {
  shopperId: string;
  deviceId: string;
  currency: string;
}

async function enrolDevice(sql: Sql, shopperId: string, name: string, at: Date): Promise<Session> {
  const deviceId = newId('dev');
  const token = newToken('vd');
  await sql.query('INSERT INTO devices (id, shopper_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [deviceId, shopperId, name, tokenHash(token), at]);
  await recordEvent(sql, { shopperId, kind: 'device.enrolled', at, detail: { device_id: deviceId, name } });
  return { shopper_id: shopperId, device_id: deviceId, device_token: token };
}

export async function signUp(ctx: ProviderContext, req: { email: string; password: string; device_name: string }): Promise<Session> {
  const passwordHash = await hashPassword(req.password);
  return ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const id = newId('shp');
    const inserted = await sql.query('INSERT INTO shoppers (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING RETURNING id', [id, req.email, passwordHash, at]);
    if (inserted.length === 0) throw new HttpError(409, 'conflict', 'an account with this email already exists: sign in instead');
    // (Contra accounts are per rail, made at the first settlement: ledger/ledger.ts.)
    for (const kind of ['available', 'held'] as const) await accountId(sql, id, kind, 'USD');
    return enrolDevice(sql, id, req.device_name, at);
  });
}

// Verifying against a fixed hash when the email is unknown keeps the timing of
// "no such account" and "wrong password" alike, so sign-in cannot list accounts.
let decoyHash: Promise<string> | undefined;

/** The throttle key for an email: a hash, so the throttles table holds no addresses. */
const emailKey = (email: string) => createHash('sha256').update(email).digest('base64url');

/**
 * Sign-in, throttled against password guessing: failures are counted per email and
 * per client address in the database (so every provider process sees them); at the
 * limit that email or address gets 429 until its window ends, before any password
 * is hashed. A success clears the email's count. Failures go to the security log;
 * the throttling of an existing account also goes to its owner's audit trail.
 */
export async function signIn(ctx: ProviderContext, req: { email: string; password: string; device_name: string }, address?: string): Promise<Session> {
  const { signinPerEmail, signinPerAddress } = ctx.policy;
  const now = ctx.clock();
  const byEmail = await throttledFor(ctx.db, 'signin:email', emailKey(req.email), signinPerEmail, now);
  const byAddress = address ? await throttledFor(ctx.db, 'signin:address', address, signinPerAddress, now) : undefined;
  const wait = Math.max(byEmail ?? 0, byAddress ?? 0);
  if (wait > 0) throw new ThrottledError(`too many failed sign-ins: retry in ${wait} s`, wait);

  const rows = await ctx.db.query<{ id: string; password_hash: string }>('SELECT id, password_hash FROM shoppers WHERE email = $1', [req.email]);
  const row = rows[0];
  decoyHash ??= hashPassword('decoy password for timing');
  const ok = await verifyPassword(req.password, row?.password_hash ?? (await decoyHash));
  if (!row || !ok) {
    await failedSignIn(ctx, { shopperId: row?.id, email: req.email, address, at: now });
    throw new HttpError(401, 'unauthorized', 'email or password is wrong');
  }
  return ctx.db.tx(async (sql) => {
    await clear(sql, 'signin:email', emailKey(req.email));
    return enrolDevice(sql, row.id, req.device_name, ctx.clock());
  });
}

async function failedSignIn(ctx: ProviderContext, f: { shopperId: string | undefined; email: string; address: string | undefined; at: Date }): Promise<void> {
  const { signinPerEmail, signinPerAddress } = ctx.policy;
  const logged = await ctx.db.tx(async (sql) => {
    const out: SecurityRow[] = [];
    const base = { shopperId: f.shopperId ?? null, address: f.address ?? null, at: f.at };
    out.push(await recordSecurityEvent(sql, { ...base, kind: 'signin.failed', detail: { account_exists: f.shopperId !== undefined } }));
    const scopes: string[] = [];
    if (await hit(sql, 'signin:email', emailKey(f.email), signinPerEmail, f.at)) scopes.push('email');
    if (f.address && (await hit(sql, 'signin:address', f.address, signinPerAddress, f.at))) scopes.push('address');
    for (const scope of scopes) {
      const limit = scope === 'email' ? signinPerEmail : signinPerAddress;
      out.push(await recordSecurityEvent(sql, { ...base, kind: 'signin.throttled', detail: { scope, limit: limit.max, window_s: limit.windowS } }));
    }
    if (f.shopperId && scopes.includes('email')) {
      await recordEvent(sql, { shopperId: f.shopperId, kind: 'account.signin_throttled', at: f.at, detail: { failures: signinPerEmail.max, window_s: signinPerEmail.windowS } });
    }
    return out;
  });
  logSecurity(ctx, logged);
}

export async function deviceByToken(ctx: ProviderContext, token: string): Promise<DeviceAuth | undefined> {
  const rows = await ctx.db.query<{ id: string; shopper_id: string; currency: string }>(
    `UPDATE devices d SET last_seen_at = $2 FROM shoppers s
     WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND s.id = d.shopper_id
     RETURNING d.id, d.shopper_id, s.currency`,
    [tokenHash(token), ctx.clock()],
  );
  const r = rows[0];
  return r && { shopperId: r.shopper_id, deviceId: r.id, currency: r.currency };
}

export async function me(ctx: ProviderContext, auth: DeviceAuth): Promise<Me> {
  const rows = await ctx.db.query<{ email: string }>('SELECT email FROM shoppers WHERE id = $1', [auth.shopperId]);
  const bal = await shopperBalances(ctx.db, auth.shopperId, auth.currency);
  const funding = await fundingStatus(ctx, auth.shopperId, auth.currency);
  return { id: auth.shopperId, email: rows[0]?.email ?? '', currency: auth.currency, balance: bal.available, held: bal.held, ...funding };
}

export async function listDevices(ctx: ProviderContext, auth: DeviceAuth): Promise<Device[]> {
  const rows = await ctx.db.query<{ id: string; name: string; created_at: Date; last_seen_at: Date | null; revoked_at: Date | null }>(
    'SELECT id, name, created_at, last_seen_at, revoked_at FROM devices WHERE shopper_id = $1 ORDER BY created_at, id',
    [auth.shopperId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    created_at: r.created_at.toISOString(),
    last_seen_at: r.last_seen_at?.toISOString() ?? null,
    revoked_at: r.revoked_at?.toISOString() ?? null,
    current: r.id === auth.deviceId,
  }));
}

export async function revokeDevice(ctx: ProviderContext, auth: DeviceAuth, deviceId: string): Promise<void> {
  await ctx.db.tx(async (sql) => {
    const at = ctx.clock();
    const rows = await sql.query('UPDATE devices SET revoked_at = $3 WHERE id = $1 AND shopper_id = $2 AND revoked_at IS NULL RETURNING id', [deviceId, auth.shopperId, at]);
    if (rows.length === 0) {
      const exists = await sql.query('SELECT 1 FROM devices WHERE id = $1 AND shopper_id = $2', [deviceId, auth.shopperId]);
      if (exists.length === 0) throw new HttpError(404, 'not_found', 'device not found');
      return; // already revoked: revoking is idempotent
    }
    await recordEvent(sql, { shopperId: auth.shopperId, kind: 'device.revoked', at, detail: { device_id: deviceId } });
  });
}
