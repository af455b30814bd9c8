/**
 * The background's typed message router. Every request is checked before a handler
 * sees it: it must come from this extension, name a known kind, and content scripts
 * (which run inside web pages) may only send `content.*` kinds — a compromised page
 * can never ask for card lists, funding sources or decisions.
 */
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundKind, BackgroundRequests, Reply, Result } from '../messages';

export type Request<K extends BackgroundKind> = BackgroundRequests[K]['req'];
export type Handler<K extends BackgroundKind> = (
  req: Request<K>,
  sender: Runtime.MessageSender,
) => Promise<Reply<BackgroundRequests, K>>;
export type Handlers = { [K in BackgroundKind]: Handler<K> };

export interface RouterOptions {
  extensionId: string;
  extensionUrl: string;
  /** Called for every accepted request from an extension page (auto-lock counts activity). */
  onActivity?: () => void;
}

const CONTENT_KINDS = new Set<string>([
  'content.detected',
  'content.fillRequested',
  'content.cartTotal',
  'content.trialOffer',
]);

export function createRouter(handlers: Handlers, opts: RouterOptions) {
  return async (message: unknown, sender: Runtime.MessageSender): Promise<Result<unknown>> => {
    if (sender.id !== opts.extensionId) return { ok: false, error: 'message from another extension refused' };
    if (typeof message !== 'object' || message === null || typeof (message as { kind?: unknown }).kind !== 'string') {
      return { ok: false, error: 'malformed message' };
    }
    const { kind, ...req } = message as { kind: string };
    if (!Object.hasOwn(handlers, kind)) return { ok: false, error: `unknown message kind ${kind}` };
    const fromPage = sender.url?.startsWith(opts.extensionUrl) === true;
    const fromContent = !fromPage && sender.tab !== undefined;
    if (fromContent !== CONTENT_KINDS.has(kind))
      return { ok: false, error: `${kind} is not accepted from this sender` };
    if (fromPage) opts.onActivity?.();
    try {
      const handler = handlers[kind as BackgroundKind] as (r: unknown, s: Runtime.MessageSender) => Promise<unknown>;
      return { ok: true, value: await handler(req, sender) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  };
}
