/**
 * Live updates from the provider. While unlocked and signed in, the worker keeps a
 * WebSocket open (reconnecting with backoff) and answers the provider's pings, which
 * also keeps an MV3 worker from being suspended mid-wait. An alarm catches up every
 * 30 s from the last event seen, so a confirmation still arrives after the worker was
 * asleep or the socket was down. Each event is handled once (by id).
 */
import { ServerFrame, STREAM_CLOSE, STREAM_PATH, type AuditEvent, type ClientFrame } from '../../protocol';
import { getSetting, lastSeenEventId } from '../store';
import { deviceSecret, requireKey } from './session';
import { api } from './api';
import { keepAwake } from './keep-awake';

export interface LiveHandlers {
  onEvent(event: AuditEvent): Promise<void>;
}

let socket: WebSocket | undefined;
let retryMs = 500;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

async function lastSeen(): Promise<number> {
  return (await lastSeenEventId.get()) ?? 0;
}

/** Handles an event unless a newer or equal one was already handled. */
async function deliver(event: AuditEvent, handlers: LiveHandlers): Promise<void> {
  if (event.id <= (await lastSeen())) return;
  await lastSeenEventId.set(event.id);
  await handlers.onEvent(event);
}

/** Reads what was missed (oldest first). The first run only marks where "now" is. */
export async function catchUp(handlers: LiveHandlers): Promise<void> {
  const since = await lastSeen();
  if (since === 0) {
    const [newest] = (await api.call('events.list', { query: { limit: 1 } })).events;
    await lastSeenEventId.set(newest?.id ?? 0);
    return;
  }
  const { events } = await api.call('events.list', { query: { after: since, limit: 200 } });
  for (const e of events) await deliver(e, handlers);
}

export function stopLive(): void {
  keepAwake(false);
  clearTimeout(retryTimer);
  retryTimer = undefined;
  const s = socket;
  socket = undefined;
  s?.close(1000, 'locked');
}

/** Opens the stream if it is not open; harmless to call often. */
export async function ensureLive(handlers: LiveHandlers): Promise<void> {
  if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) return;
  let token: string;
  try {
    const secret = await deviceSecret(await requireKey());
    if (!secret) return;
    token = secret.token;
  } catch {
    return; // locked: nothing to listen with
  }
  // Wanted and able to listen: the page must stay up to hold the socket (Firefox).
  keepAwake(true);
  const url = new URL(STREAM_PATH, await getSetting('providerUrl'));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  socket = ws;
  const send = (frame: ClientFrame) => ws.send(JSON.stringify(frame));
  ws.onopen = () => send({ type: 'auth', token });
  ws.onmessage = (e) => {
    let json: unknown;
    try {
      json = JSON.parse(String(e.data));
    } catch {
      return;
    }
    // A frame this version does not know is ignored: the alarm's catch-up still reads events.
    const frame = ServerFrame.safeParse(json);
    if (!frame.success) return;
    const msg = frame.data;
    if (msg.type === 'ping') send({ type: 'pong' });
    else if (msg.type === 'ready') {
      retryMs = 500;
      void catchUp(handlers).catch(() => undefined);
    } else void deliver(msg.event, handlers);
  };
  ws.onclose = (e) => {
    if (socket !== ws) return; // replaced or stopped on purpose
    socket = undefined;
    if (e.code === STREAM_CLOSE.unauthorized) return keepAwake(false); // token refused: signed out or revoked
    retryTimer = setTimeout(() => void ensureLive(handlers), retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  };
}
