/**
 * The vendor's upload of a sealed digital good (routes named in src/protocol/api.ts). Its
 * body is binary and streamed: it skips the app's small JSON body limit (app.ts) and is
 * counted here against the declared size and the operator's limit instead.
 */
import { Hono } from 'hono';
import type { IncomingMessage } from 'node:http';
import { addAbortSignal } from 'node:stream';
import type { ProviderContext } from '../context';
import { requireVendor, bearer } from '../http/auth';
import { HttpError } from '../http/errors';
import { readQuery } from '../http/parse';
import { uploadFile } from '../digital/files';
import { serveRoutes } from './register';

/**
 * The request body, ending in an error if the client goes away mid-body: a bare
 * IncomingMessage would leave a `for await` over it waiting for bytes that never come.
 */
function untilClosed(incoming: IncomingMessage): AsyncIterable<Uint8Array> {
  const gone = new AbortController();
  incoming.once('close', () => {
    if (!incoming.complete) gone.abort(new Error('the client closed the connection mid-upload'));
  });
  return addAbortSignal(gone.signal, incoming);
}

export const DIGITAL_MOUNT = '/v1/deliveries';

export function digitalRoutes(ctx: ProviderContext) {
  const app = new Hono<{ Bindings: { incoming?: IncomingMessage } }>();
  serveRoutes(app, DIGITAL_MOUNT)('digital.upload', async (c, r) => {
    const vendor = await requireVendor(ctx, bearer(c, 'vk'));
    const q = readQuery(c, r.query);
    const type = c.req.header('content-type') ?? '';
    if (!type.toLowerCase().startsWith(r.bodyStream.mediaType))
      throw new HttpError(415, 'unsupported_media_type', `send the sealed file as ${r.bodyStream.mediaType}`);
    const length = c.req.header('content-length');
    if (length !== undefined && !/^\d{1,16}$/.test(length))
      throw new HttpError(400, 'invalid_request', 'Content-Length is not a number');
    // Straight from Node's socket when served by @hono/node-server (no web-stream layer per chunk).
    const body = c.env?.incoming ? untilClosed(c.env.incoming) : c.req.raw.body;
    const file = await uploadFile(ctx, vendor, q, length === undefined ? undefined : Number(length), body);
    return c.json(file, r.status);
  });
  return app;
}
