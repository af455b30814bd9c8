/** The vendor API: the public contract shops integrate with (routes named in src/protocol/api.ts; see /openapi.json). */
import { Hono } from 'hono';
import type { Authorization, AuthorizationRequest, Refund } from '../../protocol';
import type { ProviderContext } from '../context';
import { bearer, clientAddress, requireVendor, vendorAuth, type Env } from '../http/auth';
import { idempotencyKey, pathId, readJson, readQuery } from '../http/parse';
import { authorize } from '../authorizations/authorize';
import { cannotWait, settlePending } from '../authorizations/challenges';
import { toVendorView } from '../authorizations/records';
import { capture, getForVendor, refund, reverse } from '../authorizations/vendor-operations';
import { serveRoutes } from './register';
import { withReceipt, withRefundReceipt } from '../receipts/receipts';

export const VENDOR_MOUNT = '/v1';

export function vendorRoutes(ctx: ProviderContext) {
  const app = new Hono<Env>();
  const serve = serveRoutes(app, VENDOR_MOUNT);
  // Every decision goes out with its signed receipt, a replay's too (receipts/receipts.ts).
  const decided = (body: Authorization) => withReceipt(ctx.keys, ctx.db, body);
  // Scoped to the vendor paths (this app is mounted at /v1 beside the shopper API), all
  // but POST /authorizations, which checks the key in its one database call.
  for (const path of ['/authorizations/:id/*', '/refunds']) app.use(path, vendorAuth(ctx));

  // The hot path: the key is checked inside the validation's one database call. A
  // request refused before that call is authenticated first, so an unknown or
  // revoked key always gets 401, never a hint about the body.
  serve('vendor.authorize', async (c, r) => {
    const vendorKey = bearer(c, 'vk');
    let key: string | undefined;
    let req: AuthorizationRequest;
    try {
      key = idempotencyKey(c);
      req = await readJson(c, r.body);
    } catch (err) {
      await requireVendor(ctx, vendorKey);
      throw err;
    }
    const answer = await authorize(ctx, { key: vendorKey, address: clientAddress(c) }, req, key);
    if (answer.body.status === 'pending') {
      // A retry the shopper pre-approved, or a vendor that cannot wait for the shopper (1A).
      const settled = await settlePending(ctx, answer.body.id, cannotWait(req));
      if (settled) return c.json(await decided(toVendorView(settled)), 200);
    }
    if (answer.status !== 200) return c.json(answer.body, answer.status as 200);
    return c.json(await decided(answer.body), 200);
  });

  serve('vendor.getAuthorization', async (c, r) => {
    const id = pathId(c, 'id', 'authorization');
    const { wait } = readQuery(c, r.query);
    return c.json(await decided(await getForVendor(ctx, c.var.vendor, id, wait ?? 0)));
  });

  serve('vendor.capture', async (c, r) => {
    const id = pathId(c, 'id', 'authorization');
    const key = idempotencyKey(c);
    const answer = await capture(ctx, c.var.vendor, id, await readJson(c, r.body), key);
    if (answer.status !== 200) return c.json(answer.body, answer.status as 200);
    return c.json(await decided(answer.body as Authorization), 200);
  });

  serve('vendor.reverse', async (c, r) => {
    const id = pathId(c, 'id', 'authorization');
    const key = idempotencyKey(c);
    await readJson(c, r.body);
    const answer = await reverse(ctx, c.var.vendor, id, key);
    if (answer.status !== 200) return c.json(answer.body, answer.status as 200);
    return c.json(await decided(answer.body as Authorization), 200);
  });

  serve('vendor.refund', async (c, r) => {
    const key = idempotencyKey(c);
    const answer = await refund(ctx, c.var.vendor, await readJson(c, r.body), key);
    if (answer.status !== 200) return c.json(answer.body, answer.status as 200);
    return c.json(await withRefundReceipt(ctx.keys, ctx.db, answer.body as Refund), 200);
  });

  return app;
}
