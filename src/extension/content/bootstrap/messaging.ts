/**
 * The content script's side of the message contract (src/extension/messages.ts):
 * typed sends to the background, and one listener that validates what arrives before
 * any handler sees it and wraps every answer as { ok, value } | { ok: false, error }.
 */
import type { BackgroundRequests, ContentRequests, FillValues, Reply, Result } from '../../messages';

/**
 * The content requests as one union. Spelled out rather than `Message<ContentRequests, K>`:
 * for a request whose body is `Record<string, never>` that intersection makes `kind`
 * itself `never`, so no value could have the type.
 */
export type ContentRequest =
  | { kind: 'content.scan' }
  | ({ kind: 'content.fill' } & ContentRequests['content.fill']['req'])
  | ({ kind: 'content.tabCard' } & ContentRequests['content.tabCard']['req'])
  | { kind: 'content.watchTotal' };

export type RuntimeListener = (message: unknown, sender: unknown) => Promise<unknown> | undefined;

/** What of `browser.runtime` this needs; tests pass a fake. */
export interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(cb: RuntimeListener): void; removeListener(cb: RuntimeListener): void };
}

export type ToBackground = 'content.detected' | 'content.fillRequested' | 'content.cartTotal' | 'content.trialOffer';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function sendToBackground<K extends ToBackground>(
  runtime: RuntimeLike,
  kind: K,
  req: BackgroundRequests[K]['req'],
): Promise<Result<Reply<BackgroundRequests, K>>> {
  try {
    const reply = await runtime.sendMessage({ ...req, kind });
    if (isObject(reply) && reply.ok === true && 'value' in reply)
      return { ok: true, value: reply.value as Reply<BackgroundRequests, K> };
    if (isObject(reply) && reply.ok === false) return { ok: false, error: String(reply.error) };
    return { ok: false, error: 'malformed reply from the background' };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

const isDigits = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && new RegExp(`^\\d{${min},${max}}$`).test(v);
const isStringRecord = (v: unknown): boolean => isObject(v) && Object.values(v).every((x) => typeof x === 'string');

function isFillValues(v: unknown): v is FillValues {
  if (!isObject(v)) return false;
  const { card, shipping, billing } = v;
  if (card !== undefined) {
    if (!isObject(card)) return false;
    const month = card.exp_month;
    const year = card.exp_year;
    if (!isDigits(card.number, 12, 19) || !isDigits(card.cvc, 3, 4)) return false;
    if (typeof month !== 'number' || !Number.isInteger(month) || month < 1 || month > 12) return false;
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) return false;
    if (card.name !== undefined && typeof card.name !== 'string') return false;
  }
  return (shipping === undefined || isStringRecord(shipping)) && (billing === undefined || isStringRecord(billing));
}

/** The curated list is ~20 origins and a vendor declares at most 10: anything far longer is not ours. */
const MAX_PAYMENT_ORIGINS = 100;
const isOriginList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= MAX_PAYMENT_ORIGINS && v.every((x) => typeof x === 'string');

/** The typed message, or null when it is not a well-formed content request. */
export function parseContentRequest(message: unknown): ContentRequest | null {
  if (!isObject(message)) return null;
  if (message.kind === 'content.scan') return { kind: 'content.scan' };
  if (message.kind === 'content.watchTotal') return { kind: 'content.watchTotal' };
  if (message.kind === 'content.tabCard' && typeof message.held === 'boolean')
    return { kind: 'content.tabCard', held: message.held };
  if (
    message.kind === 'content.fill' &&
    typeof message.merchantOrigin === 'string' &&
    isOriginList(message.paymentOrigins) &&
    isFillValues(message.values)
  ) {
    return {
      kind: 'content.fill',
      merchantOrigin: message.merchantOrigin,
      paymentOrigins: message.paymentOrigins,
      values: message.values,
      ...(message.held === true ? { held: true } : {}),
    };
  }
  return null;
}

type Answer<K extends keyof ContentRequests> = Reply<ContentRequests, K> | Promise<Reply<ContentRequests, K>>;

export interface ContentHandlers {
  'content.scan': (message: Extract<ContentRequest, { kind: 'content.scan' }>) => Answer<'content.scan'>;
  'content.fill': (message: Extract<ContentRequest, { kind: 'content.fill' }>) => Answer<'content.fill'>;
  'content.tabCard': (message: Extract<ContentRequest, { kind: 'content.tabCard' }>) => Answer<'content.tabCard'>;
  'content.watchTotal': (
    message: Extract<ContentRequest, { kind: 'content.watchTotal' }>,
  ) => Answer<'content.watchTotal'>;
}

async function answer(handlers: ContentHandlers, message: ContentRequest): Promise<Result<unknown>> {
  try {
    const value =
      message.kind === 'content.scan'
        ? await handlers['content.scan'](message)
        : message.kind === 'content.tabCard'
          ? await handlers['content.tabCard'](message)
          : message.kind === 'content.watchTotal'
            ? await handlers['content.watchTotal'](message)
            : await handlers['content.fill'](message);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Listens for content requests until `signal` aborts. Messages that are not ours get no answer. */
export function listenForRequests(runtime: RuntimeLike, handlers: ContentHandlers, signal: AbortSignal): void {
  const listener: RuntimeListener = (message) => {
    const request = parseContentRequest(message);
    if (request) return answer(handlers, request);
    // A known kind with a malformed body is answered with an error, not silence.
    if (
      isObject(message) &&
      (message.kind === 'content.fill' || message.kind === 'content.scan' || message.kind === 'content.tabCard')
    ) {
      return Promise.resolve({ ok: false, error: `malformed ${message.kind} request` });
    }
    return undefined;
  };
  runtime.onMessage.addListener(listener);
  signal.addEventListener('abort', () => runtime.onMessage.removeListener(listener), { once: true });
}
