/** Bearer-token authentication for the two audiences: vendors (vk_…) and shopper devices (vd_…). */
import type { Context, Next } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { ProviderContext } from '../context';
import type { Vendor } from '../vendors/vendors';
import { vendorByKey } from '../vendors/vendors';
import { deviceByToken, type DeviceAuth } from '../shoppers/accounts';
import { HttpError } from './errors';

export type Env = { Variables: { vendor: Vendor; device: DeviceAuth } };

/** The bearer token of the request, checked for shape only (no database). */
export function bearer(c: Context, prefix: string): string {
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header);
  if (!m || !m[1]!.startsWith(`${prefix}_`))
    throw new HttpError(401, 'unauthorized', `send "Authorization: Bearer ${prefix}_…"`);
  return m[1]!;
}

export async function requireVendor(ctx: ProviderContext, key: string): Promise<Vendor> {
  const vendor = await vendorByKey(ctx.db, key);
  if (!vendor) throw new HttpError(401, 'unauthorized', 'unknown or revoked vendor key');
  return vendor;
}

export const vendorAuth = (ctx: ProviderContext) => async (c: Context<Env>, next: Next) => {
  c.set('vendor', await requireVendor(ctx, bearer(c, 'vk')));
  await next();
};

/** The client's address as the socket sees it (a reverse proxy in front would need its header trusted instead). */
export function clientAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server (app.request in unit tests)
  }
}

export const deviceAuth = (ctx: ProviderContext) => async (c: Context<Env>, next: Next) => {
  const device = await deviceByToken(ctx, bearer(c, 'vd'));
  if (!device) throw new HttpError(401, 'unauthorized', 'unknown or revoked device token: sign in again');
  c.set('device', device);
  await next();
};
