/**
 * Who may use the private-connection proxy: short-lived credentials issued to enrolled
 * devices, stored only as a keyed hash, and the proxy's cache of the ones it checked.
 *
 * The proxy checks a credential on every request it forwards, so the check is a map
 * lookup after the first: the hash's row (with its device not revoked) is cached for
 * `credentialCacheMs`. A revoked device must get 407 on its next connection, not after
 * the cache lapses, so revocation drops the device's entries at once in this process
 * (revokeDevice → forgetDevice) and, in other processes, when the audit event's NOTIFY
 * arrives (proxy/server.ts listens on veil_events and drops that shopper's entries).
 */
import { randomBytes } from 'node:crypto';
import type { ProxyCredential } from '../../protocol';
import type { ProviderContext } from '../context';
import type { DeviceAuth } from '../shoppers/accounts';
import type { Keys } from '../crypto/keys';
import type { Db } from '../db/db';

/** The proxy username: fixed, so the password alone is the credential (and no device id travels). */
export const PROXY_USERNAME = 'veil';
/** Bound on cached entries (checked and refused): a flood of made-up passwords cannot grow memory. */
const MAX_CACHED = 10_000;

export interface ProxyUser {
  deviceId: string;
  shopperId: string;
}

interface Entry {
  user: ProxyUser | null;
  /** When the cache stops trusting this entry (never past the credential's own expiry). */
  until: number;
}

export class ProxyAccess {
  private readonly cache = new Map<string, Entry>();
  /** host:port the proxy is reached at, once it listens (null: this provider runs none). */
  address: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly keys: Keys,
    private readonly cacheMs: () => number,
    private readonly now: () => Date,
  ) {}

  /** The device behind a Basic password, or null (unknown, expired or revoked). */
  async check(password: string): Promise<ProxyUser | null> {
    if (!password || password.length > 200) return null;
    const hash = this.keys.proxyCredentialHash(password);
    const key = hash.toString('base64');
    const at = this.now().getTime();
    const hit = this.cache.get(key);
    if (hit && hit.until > at) return hit.user;
    const rows = await this.db.query<{ device_id: string; shopper_id: string; expires_at: Date }>(
      `SELECT c.device_id, c.shopper_id, c.expires_at FROM proxy_credentials c JOIN devices d ON d.id = c.device_id
       WHERE c.hash = $1 AND c.expires_at > $2 AND d.revoked_at IS NULL`,
      [hash, new Date(at)],
    );
    const row = rows[0];
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    const user = row ? { deviceId: row.device_id, shopperId: row.shopper_id } : null;
    const until = Math.min(at + this.cacheMs(), row ? row.expires_at.getTime() : Infinity);
    this.cache.set(key, { user, until });
    return user;
  }

  /** Called after a device is revoked in this process: its credentials stop now. */
  forgetDevice(deviceId: string): void {
    for (const [key, entry] of this.cache) if (entry.user?.deviceId === deviceId) this.cache.delete(key);
  }

  /** Something happened to this shopper elsewhere (maybe a revocation): check their credentials again. */
  forgetShopper(shopperId: string): void {
    for (const [key, entry] of this.cache) if (entry.user?.shopperId === shopperId) this.cache.delete(key);
  }
}

export async function issueProxyCredential(ctx: ProviderContext, device: DeviceAuth): Promise<ProxyCredential> {
  const password = `vp_${randomBytes(32).toString('base64url')}`;
  const at = ctx.clock();
  const expires = new Date(at.getTime() + ctx.policy.proxy.credentialTtlS * 1000);
  await ctx.db.query(
    'INSERT INTO proxy_credentials (hash, device_id, shopper_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [ctx.keys.proxyCredentialHash(password), device.deviceId, device.shopperId, at, expires],
  );
  return { username: PROXY_USERNAME, password, expires_at: expires.toISOString(), proxy: ctx.proxy.address };
}

/** Expired credentials are only dead weight: the sweeper removes them. */
export async function pruneProxyCredentials(db: Db, at: Date): Promise<void> {
  await db.query('DELETE FROM proxy_credentials WHERE expires_at <= $1', [at]);
}
