/** The courier API: a reference on a parcel → the delivery label, for couriers with a key. */
import { Hono } from 'hono';
import { ResolveRequest } from '../../protocol';
import type { ProviderContext } from '../context';
import { bearer } from '../http/auth';
import { HttpError } from '../http/errors';
import { readJson } from '../http/parse';
import { courierByKey } from '../delivery/couriers';
import { resolveDelivery } from '../delivery/resolve';

export function courierRoutes(ctx: ProviderContext) {
  const app = new Hono();
  app.post('/resolve', async (c) => {
    const courier = await courierByKey(ctx.db, bearer(c, 'ck'));
    if (!courier) throw new HttpError(401, 'unauthorized', 'unknown or revoked courier key');
    const { reference } = await readJson(c, ResolveRequest);
    return c.json(await resolveDelivery(ctx, courier, reference));
  });
  return app;
}
