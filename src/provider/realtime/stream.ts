/**
 * The shopper's live stream: a WebSocket over which the extension hears of each new
 * audit event at once (a charge awaiting confirmation, a notification-mode approval).
 * Its path and frames are part of the API contract: src/protocol/stream.ts.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ProviderContext } from '../context';
import { deviceByToken } from '../shoppers/accounts';
import { listEvents } from '../audit/events';
import type { Bus } from './bus';
import { ClientFrame, STREAM_CLOSE, STREAM_PATH, type ServerFrame } from '../../protocol';

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
    const send = (frame: ServerFrame) => ws.send(JSON.stringify(frame));
    timers.push(
      setTimeout(() => unsubscribe ?? close(STREAM_CLOSE.unauthorized, 'authenticate first'), AUTH_TIMEOUT_MS),
    );

    ws.on('message', async (data) => {
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return close(STREAM_CLOSE.badFrame, 'messages are JSON');
      }
      const frame = ClientFrame.safeParse(json);
      if (frame.success && frame.data.type === 'pong') return;
      if (!frame.success || frame.data.type !== 'auth' || unsubscribe)
        return close(STREAM_CLOSE.badFrame, 'unexpected message');
      const token = frame.data.token;
      const device = await deviceByToken(ctx, token).catch(() => undefined);
      if (!device) return close(STREAM_CLOSE.unauthorized, 'unknown or revoked device token');
      unsubscribe = bus.onShopperEvent(device.shopperId, (eventId) => {
        void listEvents(ctx.db, device.shopperId, { before: eventId + 1, limit: 1 }).then(([event]) => {
          if (event?.id === eventId && ws.readyState === ws.OPEN) send({ type: 'event', event });
        });
      });
      send({ type: 'ready' });
      timers.push(setInterval(() => ws.readyState === ws.OPEN && send({ type: 'ping' }), PING_MS));
      timers.push(
        setInterval(async () => {
          if (!(await deviceByToken(ctx, token).catch(() => undefined)))
            close(STREAM_CLOSE.unauthorized, 'device revoked');
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
