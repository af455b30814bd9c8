/** Bearer-token authentication for the two audiences: vendors (vk_…) and shopper devices (vd_…). */
import type { Context, Next } from 'hono';
import type { ProviderContext } from '../context';
import type { Vendor } from '../vendors/vendors';
import { vendorByKey } from '../vendors/vendors';
import { deviceByToken, type DeviceAuth } from '../shoppers/accounts';
import { HttpError } from './errors';

export type Env = { Variables: { vendor: Vendor; device: DeviceAuth } };

function bearer(c: Context, prefix: string): string {
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header);
  if (!m || !m[1]!.startsWith(`${prefix}_`)) throw new HttpError(401, 'unauthorized', `send "Authorization: Bearer ${prefix}_…"`);
  return m[1]!;
}

export const vendorAuth = (ctx: ProviderContext) => async (c: Context<Env>, next: Next) => {
  const vendor = await vendorByKey(ctx.db, bearer(c, 'vk'));
  if (!vendor) throw new HttpError(401, 'unauthorized', 'unknown or revoked vendor key');
  c.set('vendor', vendor);
  await next();
};

export const deviceAuth = (ctx: ProviderContext) => async (c: Context<Env>, next: Next) => {
  const device = await deviceByToken(ctx, bearer(c, 'vd'));
  if (!device) throw new HttpError(401, 'unauthorized', 'unknown or revoked device token: sign in again');
  c.set('device', device);
  await next();
};
