/** The provider's HTTP surface: routes per audience, one error shape, a body limit, access logs without bodies. */
import { Hono } from 'hono';
import type { ProviderContext } from './context';
import { HttpError, isUnavailable, ThrottledError } from './http/errors';
import { limitBody } from './http/body-limit';
import { VENDOR_MOUNT, vendorRoutes } from './routes/vendor';
import { SHOPPER_MOUNT, shopperRoutes } from './routes/shopper';
import { COURIER_MOUNT, courierRoutes } from './routes/courier';
import { DIGITAL_MOUNT, digitalRoutes } from './routes/digital';
import { openApiDocument } from './routes/openapi';
import { serveRoutes } from './routes/register';
import { receiptJwks } from './receipts/signing-keys';
import { ROUTES, type RouteSpec } from '../protocol';

export const BODY_LIMIT = 16 * 1024;

/** The routes with a streamed body; their paths have no parameters, so a set of "METHOD path" finds them. */
const STREAMED = new Set(
  (Object.values(ROUTES) as RouteSpec[])
    .filter((r) => r.bodyStream)
    .map((r) => {
      if (r.path.includes('{')) throw new Error(`streamed-body route ${r.path} must have no path parameters`);
      return `${r.method} ${r.path}`;
    }),
);

export interface AppOptions {
  /** Access log sink; lines carry method, path, status and time, never headers or bodies. */
  log?: (line: string) => void;
  /** The provider's public address, for /openapi.json (never the request's Host header). */
  publicUrl: () => string;
}

export function createApp(ctx: ProviderContext, opts: AppOptions) {
  const app = new Hono();

  if (opts.log) {
    const log = opts.log;
    app.use('*', async (c, next) => {
      const start = performance.now();
      await next();
      log(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`);
    });
  }
  const jsonLimit = limitBody(BODY_LIMIT, (c) =>
    c.json(new HttpError(413, 'body_too_large', `body is over ${BODY_LIMIT} bytes`).body(), 413),
  );
  // Streamed bodies (digital goods) are counted by their own handler against their own limit.
  app.use('*', (c, next) => (STREAMED.has(`${c.req.method} ${c.req.path}`) ? next() : jsonLimit(c, next)));

  const serve = serveRoutes(app, '');
  serve('meta.health', async (c) => {
    await ctx.db.query('SELECT 1');
    return c.json({ ok: true, db: ctx.db.kind });
  });
  // Not the request's Host: a forged Host would otherwise point readers of the
  // document (and tools that call what it describes) at another server.
  serve('meta.openapi', (c) => c.json(openApiDocument(opts.publicUrl())));
  serve('meta.receiptKeys', async (c) => {
    // Short-lived cache: a rotated key must reach verifiers soon (they refetch on an unknown kid too).
    c.header('cache-control', 'public, max-age=300');
    return c.json(await receiptJwks(ctx.keys, ctx.db));
  });
  app.route(SHOPPER_MOUNT, shopperRoutes(ctx));
  app.route(COURIER_MOUNT, courierRoutes(ctx));
  app.route(DIGITAL_MOUNT, digitalRoutes(ctx));
  app.route(VENDOR_MOUNT, vendorRoutes(ctx));

  app.notFound((c) =>
    c.json(new HttpError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`).body(), 404),
  );
  app.onError((err, c) => {
    if (err instanceof ThrottledError) c.header('Retry-After', String(err.retryAfterS));
    if (err instanceof HttpError) return c.json(err.body(), err.status);
    if (isUnavailable(err))
      return c.json({ error: { code: 'unavailable', message: 'the database is unavailable: retry shortly' } }, 503);
    // Only the message: request bodies (card numbers) never reach the log.
    console.error(`[provider] ${c.req.method} ${c.req.path} failed: ${(err as Error).stack ?? err}`);
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  return app;
}
