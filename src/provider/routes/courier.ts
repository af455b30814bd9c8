/** The courier API: a reference on a parcel → the delivery label, for couriers with a key. */
import { Hono } from 'hono';
import type { ProviderContext } from '../context';
import { bearer } from '../http/auth';
import { HttpError } from '../http/errors';
import { readJson } from '../http/parse';
import { courierByKey } from '../delivery/couriers';
import { resolveDelivery } from '../delivery/resolve';
import { serveRoutes } from './register';

export const COURIER_MOUNT = '/v1/deliveries';

export function courierRoutes(ctx: ProviderContext) {
  const app = new Hono();
  serveRoutes(app, COURIER_MOUNT)('courier.resolve', async (c, r) => {
    const courier = await courierByKey(ctx.db, bearer(c, 'ck'));
    if (!courier) throw new HttpError(401, 'unauthorized', 'unknown or revoked courier key');
    const { reference } = await readJson(c, r.body);
    return c.json(await resolveDelivery(ctx, courier, reference));
  });
  return app;
}
