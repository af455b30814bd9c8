/**
 * The shopper's live stream: a WebSocket over which the extension hears of each new
 * audit event at once. Browsers cannot set headers on a WebSocket, so the device token
 * arrives as the first frame, never in the URL (URLs get logged). JSON text frames:
 *   client → {"type":"auth","token":"vd_…"}        within 10 s, else closed (4401)
 *   server → {"type":"ready"}
 *   server → {"type":"event","event":AuditEvent}   for each new event
 *   server → {"type":"ping"} every 20 s; client → {"type":"pong"} (keeps an MV3 worker awake)
 * Close codes: 4400 a frame that is not JSON or not expected, 4401 no or a refused token.
 */
import { z } from 'zod';
import { AuditEvent } from './shopper';

export const STREAM_PATH = '/v1/shopper/stream';

export const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string() }),
  z.object({ type: z.literal('pong') }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('event'), event: AuditEvent }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

export const STREAM_CLOSE = { badFrame: 4400, unauthorized: 4401 } as const;
