/**
 * The request body limit, without making every request pay for a streamed read.
 *
 * Hono's bodyLimit reads `c.req.raw.body`, which turns @hono/node-server's lightweight
 * request into a full WHATWG Request (an AbortController, a web stream over Node's
 * socket) on every request, GETs included; the route then reads the body through that
 * stream too. Profiled under load, that was the provider's largest cost of its own
 * after the database driver. A declared Content-Length (what every client here sends)
 * is checked from the header, and Node's parser reads exactly that many bytes, so the
 * body can then be read straight from the socket. Only a chunked body, whose size is
 * known once read, goes through Hono's counting reader.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function limitBody(maxSize: number, onError: (c: Context) => Response): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (c.req.header('transfer-encoding') !== undefined) return counting(c, next);
    const length = c.req.header('content-length');
    if (length !== undefined && !(Number(length) <= maxSize)) return onError(c);
    await next();
  };
}
