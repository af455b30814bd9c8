/** Shopper sign-up and sign-in, and the devices each sign-in enrols. */
import type { CurrencyBalance, Device, Me, Session } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import { HttpError } from '../http/errors';
import { newId, newToken, tokenHash } from '../crypto/tokens';
import { accountId, shopperBalances } from '../ledger/ledger';
import { recordEvent } from '../audit/events';
import { fundingStatus } from '../funding/top-ups';
import { addressKey } from '../security/address-key';
import { reachedLimit, release, reserveOr429 } from '../security/throttle';
import { logSecurity, recordSecurityEvent } from '../security/log';
import { checkPassword } from './password-check';

export interface DeviceAuth {
  shopperId: string;
  deviceId: string;
  currency: string;
}

async function enrolDevice(sql: Sql, shopperId: string, name: string, at: Date): Promise<Session> {
  const deviceId = newId('dev');
  const token = newToken('vd');
  await sql.query('INSERT INTO devices (id, shopper_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
    deviceId,
    shopperId,
    name,
    tokenHash(token),
    at,
  ]);
  await recordEvent(sql, { shopperId, kind: 'device.enrolled', at, detail: { device_id: deviceId, name } });
  return { shopper_id: shopperId, device_id: deviceId, device_token: token };
}

/**
 * Sign-up: counted per client address (IPv6 by /64) before the password is hashed, so
 * one client cannot make accounts — or fill the hashing queue — by the hundred; the
 * queue's own bound (crypto/password-hashing.ts) covers floods from many addresses.
 */
export async function signUp(
  ctx: ProviderContext,
  req: { email: string; password: string; device_name: string },
  address?: string,
): Promise<Session> {
  const at = ctx.clock();
  const reservation = address
    ? await reserveOr429(
        ctx.db,
        [{ scope: 'signup:address', key: addressKey(address), limit: ctx.policy.signupPerAddress }],
        at,
        'sign-ups from this address',
      )
    : undefined;
  if (reservation && reachedLimit(reservation).length > 0) {
    const { max, windowS } = ctx.policy.signupPerAddress;
    logSecurity(ctx, [
      await recordSecurityEvent(ctx.db, {
        kind: 'signup.throttled',
        address: address ?? null,
        at,
        detail: { limit: max, window_s: windowS },
      }),
    ]);
  }
  let passwordHash: string;
  try {
    passwordHash = await ctx.hashing.hash(req.password);
  } catch (err) {
    if (reservation) await release(ctx.db, reservation); // refused before any work: not a sign-up
    throw err;
  }
  return ctx.db.tx(async (sql) => {
    const id = newId('shp');
    const inserted = await sql.query(
      'INSERT INTO shoppers (id, email, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (email) DO NOTHING RETURNING id',
      [id, req.email, passwordHash, at],
    );
    if (inserted.length === 0)
      throw new HttpError(409, 'conflict', 'an account with this email already exists: sign in instead');
    // (Contra accounts are per rail, made at the first settlement: ledger/ledger.ts.)
    for (const kind of ['available', 'held'] as const) await accountId(sql, id, kind, 'USD');
    return enrolDevice(sql, id, req.device_name, at);
  });
}

/**
 * Sign-in, throttled against password guessing (password-check.ts): per email and
 * per client address, a slot taken before any password is hashed; at the limit 429
 * until the window ends. Failures go to the security log; the throttling of an
 * existing account also goes to its owner's audit trail.
 */
export async function signIn(
  ctx: ProviderContext,
  req: { email: string; password: string; device_name: string },
  address?: string,
): Promise<Session> {
  const shopperId = await checkPassword(ctx, { email: req.email, password: req.password, address, purpose: 'signin' });
  if (!shopperId) throw new HttpError(401, 'unauthorized', 'email or password is wrong');
  return ctx.db.tx((sql) => enrolDevice(sql, shopperId, req.device_name, ctx.clock()));
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
  return {
    id: auth.shopperId,
    email: rows[0]?.email ?? '',
    currency: auth.currency,
    balance: bal.available,
    held: bal.held,
    ...funding,
    balances: await currencyBalances(ctx, auth),
  };
}

/**
 * Every currency the shopper has money in (or had: a zero balance stays listed), the
 * home currency first (always listed), then by code. One read of the ledger and one of
 * pending top-ups.
 */
async function currencyBalances(ctx: ProviderContext, auth: DeviceAuth): Promise<CurrencyBalance[]> {
  const rows = await ctx.db.query<CurrencyBalance>(
    `WITH l AS (
       SELECT currency,
         coalesce(sum(balance) FILTER (WHERE kind = 'available'), 0) AS available,
         coalesce(sum(balance) FILTER (WHERE kind = 'held'), 0) AS held,
         coalesce(-sum(balance) FILTER (WHERE kind = 'debt'), 0) AS owed
       FROM ledger_accounts WHERE owner_id = $1 AND kind IN ('available', 'held', 'debt') GROUP BY currency),
     p AS (SELECT currency, sum(amount) AS pending FROM top_ups WHERE shopper_id = $1 AND state = 'requested' GROUP BY currency),
     c AS (SELECT currency FROM l UNION SELECT currency FROM p UNION SELECT $2::text)
     SELECT c.currency, coalesce(l.available, 0)::bigint AS available, coalesce(l.held, 0)::bigint AS held,
       coalesce(p.pending, 0)::bigint AS pending, coalesce(l.owed, 0)::bigint AS owed
     FROM c LEFT JOIN l USING (currency) LEFT JOIN p USING (currency)
     ORDER BY c.currency <> $2, c.currency`,
    [auth.shopperId, auth.currency],
  );
  return rows.map((r) => ({
    ...r,
    available: Number(r.available),
    held: Number(r.held),
    pending: Number(r.pending),
    owed: Number(r.owed),
  }));
}

export async function listDevices(ctx: ProviderContext, auth: DeviceAuth): Promise<Device[]> {
  const rows = await ctx.db.query<{
    id: string;
    name: string;
    created_at: Date;
    last_seen_at: Date | null;
    revoked_at: Date | null;
  }>(
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
    const rows = await sql.query(
      'UPDATE devices SET revoked_at = $3 WHERE id = $1 AND shopper_id = $2 AND revoked_at IS NULL RETURNING id',
      [deviceId, auth.shopperId, at],
    );
    if (rows.length === 0) {
      const exists = await sql.query('SELECT 1 FROM devices WHERE id = $1 AND shopper_id = $2', [
        deviceId,
        auth.shopperId,
      ]);
      if (exists.length === 0) throw new HttpError(404, 'not_found', 'device not found');
      return; // already revoked: revoking is idempotent
    }
    await recordEvent(sql, { shopperId: auth.shopperId, kind: 'device.revoked', at, detail: { device_id: deviceId } });
  });
  // After the commit: the device's private-connection credentials stop with it, on its
  // next connection (other provider processes hear of it through the event's NOTIFY).
  ctx.proxy.forgetDevice(deviceId);
}
