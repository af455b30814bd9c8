/**
 * The shopper's live stream: a WebSocket at /v1/shopper/stream over which the
 * extension hears of each new audit event at once (a charge awaiting confirmation, a
 * notification-mode approval). Browsers cannot set headers on a WebSocket, so the
 * device token arrives as the first message, never in the URL (URLs get logged).
 *
 * Protocol (JSON text frames):
 *   client → {"type":"auth","token":"vd_…"}        within 10 s, else closed (4401)
 *   server → {"type":"ready"}
 *   server → {"type":"event","event":AuditEvent}   for each new event
 *   server → {"type":"ping"} every 20 s; client → {"type":"pong"} (keeps an MV3 worker awake)
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ProviderContext } from '../context';
import { deviceByToken } from '../shoppers/accounts';
import { listEvents } from '../audit/events';
import type { Bus } from './bus';

export const STREAM_PATH = '/v1/shopper/stream';
const AUTH_TIMEOUT_MS = 10_000;
const PING_MS = 20_000;
/** A revoked device's open stream is closed within this time. */
const RECHECK_MS = 60_000;
const MAX_MESSAGE = 4096;

export function attachStream(server: Server, ctx: ProviderContext, bus: Bus): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== STREAM_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  };

  function serve(ws: WebSocket) {
    let unsubscribe: (() => void) | undefined;
    const timers: NodeJS.Timeout[] = [];
    const close = (code: number, reason: string) => ws.close(code, reason);
    timers.push(setTimeout(() => unsubscribe ?? close(4401, 'authenticate first'), AUTH_TIMEOUT_MS));

    ws.on('message', async (data) => {
      let msg: { type?: unknown; token?: unknown };
      try {
        msg = JSON.parse(data.toString()) as typeof msg;
      } catch {
        return close(4400, 'messages are JSON');
      }
      if (msg.type === 'pong') return;
      if (msg.type !== 'auth' || typeof msg.token !== 'string' || unsubscribe) return close(4400, 'unexpected message');
      const token = msg.token;
      const device = await deviceByToken(ctx, token).catch(() => undefined);
      if (!device) return close(4401, 'unknown or revoked device token');
      unsubscribe = bus.onShopperEvent(device.shopperId, (eventId) => {
        void listEvents(ctx.db, device.shopperId, { before: eventId + 1, limit: 1 }).then(([event]) => {
          if (event?.id === eventId && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', event }));
        });
      });
      ws.send(JSON.stringify({ type: 'ready' }));
      timers.push(setInterval(() => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ type: 'ping' })), PING_MS));
      timers.push(
        setInterval(async () => {
          if (!(await deviceByToken(ctx, token).catch(() => undefined))) close(4401, 'device revoked');
        }, RECHECK_MS),
      );
    });
    ws.on('close', () => {
      unsubscribe?.();
      for (const t of timers) clearTimeout(t);
    });
    ws.on('error', () => ws.terminate());
  }

  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}
