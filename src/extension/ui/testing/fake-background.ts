/**
 * A fake background for component tests of the UI pages. The pages reach the
 * background only through `runtime.sendMessage` (ui/messaging.ts), so this installs a
 * minimal `browser`/`chrome` global whose `sendMessage` answers from per-kind functions
 * and records every request: a test states what the background answers and asserts
 * what the page sent. The real messaging.ts runs unchanged (its unwrapping of
 * `{ok, value} | {ok, error}` included).
 *
 * Import this module before any UI module: webextension-polyfill checks for the
 * extension globals when it is first imported.
 */
import type { BackgroundKind, BackgroundRequests, Reply } from '../../messages';

type Answer<K extends BackgroundKind> = (
  req: BackgroundRequests[K]['req'],
) => Reply<BackgroundRequests, K> | Promise<Reply<BackgroundRequests, K>>;
type Listener = (message: unknown) => unknown;

export interface SentMessage {
  kind: BackgroundKind;
  req: Record<string, unknown>;
}

class FakeBackground {
  private answers = new Map<string, (req: never) => unknown>();
  private listeners = new Set<Listener>();
  /** Every request the page sent, in order. */
  readonly sent: SentMessage[] = [];
  /** How many times the page asked to open the options page. */
  optionsOpened = 0;
  /** Origins each `permissions.request` asked for, and whether the browser grants them. */
  readonly permissionRequests: string[][] = [];
  grantPermissions = true;

  /** What the background answers to `kind`; a throw becomes `{ok: false, error}` as from the real router. */
  answer<K extends BackgroundKind>(kind: K, fn: Answer<K>): this {
    this.answers.set(kind, fn as (req: never) => unknown);
    return this;
  }

  /** The requests of one kind, in order. */
  sentOf<K extends BackgroundKind>(kind: K): BackgroundRequests[K]['req'][] {
    return this.sent.filter((m) => m.kind === kind).map((m) => m.req as BackgroundRequests[K]['req']);
  }

  /** A broadcast to open pages, as the background sends `ui.refresh`. */
  broadcast(message: unknown): void {
    for (const l of [...this.listeners]) l(message);
  }

  get listening(): number {
    return this.listeners.size;
  }

  reset(): void {
    this.answers.clear();
    this.listeners.clear();
    this.sent.length = 0;
    this.optionsOpened = 0;
    this.permissionRequests.length = 0;
    this.grantPermissions = true;
  }

  async receive(message: unknown): Promise<unknown> {
    const { kind, ...req } = message as { kind: BackgroundKind } & Record<string, unknown>;
    this.sent.push({ kind, req });
    const fn = this.answers.get(kind);
    if (!fn) return { ok: false, error: `the fake background has no answer for ${kind}` };
    try {
      return { ok: true, value: await fn(req as never) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  /** The extension globals the pages use, backed by this fake. */
  globals() {
    return {
      runtime: {
        id: 'fake-veil-extension',
        sendMessage: (message: unknown) => this.receive(message),
        openOptionsPage: () => {
          this.optionsOpened++;
          return Promise.resolve();
        },
        onMessage: {
          addListener: (l: Listener) => void this.listeners.add(l),
          removeListener: (l: Listener) => void this.listeners.delete(l),
          hasListener: (l: Listener) => this.listeners.has(l),
        },
        getURL: (path: string) => `chrome-extension://fake-veil-extension/${path}`,
      },
      // Asked from pages during a click (provider address, a site's private connection).
      permissions: {
        request: (p: { origins?: string[] }) => {
          this.permissionRequests.push(p.origins ?? []);
          return Promise.resolve(this.grantPermissions);
        },
      },
      tabs: { query: () => Promise.resolve([]) },
    };
  }
}

export const background = new FakeBackground();

const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
g.browser = background.globals();
g.chrome = g.browser;
