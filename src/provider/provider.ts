/** Assembles a running provider: database migrated, context built, HTTP served, sweeper ticking. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { deriveKeys } from './crypto/keys';
import { DEFAULT_POLICY, type Clock, type Policy, type ProviderContext } from './context';
import { Waiters } from './authorizations/waiters';
import { sweep } from './authorizations/lifecycle';
import { createApp } from './server';
import { Bus } from './realtime/bus';
import { attachStream } from './realtime/stream';
import { deliverDue } from './webhooks/outbox';
import { AfterCommitNotifier } from './realtime/after-commit';
import { pruneThrottles } from './security/throttle';
import { PasswordHashing } from './crypto/password-hashing';
import { ValidationBatcher, type BatchLimits } from './authorizations/batcher';

export interface ProviderOptions {
  db: Db;
  masterKey: Buffer;
  policy?: Partial<Policy>;
  clock?: Clock;
  host?: string;
  port?: number;
  /** How often lapses are swept; 0 turns the timer off (tests sweep by hand). */
  sweepMs?: number;
  /** How often queued webhooks are delivered; 0 turns it off (tests deliver by hand). */
  webhookMs?: number;
  log?: (line: string) => void;
  /** Security log sink (card testing, blocked cards, throttling, failed sign-ins); silent when unset. */
  securityLog?: (line: string) => void;
  /** How validations batch (batcher.ts); the database kind's defaults when unset. */
  batchLimits?: BatchLimits;
}

export interface RunningProvider {
  url: string;
  ctx: ProviderContext;
  close(): Promise<void>;
}

export function buildContext(opts: Pick<ProviderOptions, 'db' | 'masterKey' | 'policy' | 'clock' | 'securityLog' | 'batchLimits'>): ProviderContext {
  const policy = { ...DEFAULT_POLICY, ...opts.policy };
  return {
    db: opts.db,
    keys: deriveKeys(opts.masterKey),
    clock: opts.clock ?? (() => new Date()),
    policy,
    waiters: new Waiters(),
    securityLog: opts.securityLog ?? (() => undefined),
    eventNotifier: new AfterCommitNotifier(opts.db, 'veil_events'),
    validations: new ValidationBatcher(opts.db, policy, opts.batchLimits),
    hashing: new PasswordHashing(policy.passwordHashing),
  };
}

/** Runs `job` every `ms` (never two at once); 0 turns it off. Returns the stop. */
function every(ms: number, name: string, job: () => Promise<unknown>): () => void {
  if (ms <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    job()
      .catch((err: Error) => console.error(`[provider] ${name} failed: ${err.message}`))
      .finally(() => (running = false));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

export async function startProvider(opts: ProviderOptions): Promise<RunningProvider> {
  await migrate(opts.db);
  const ctx = buildContext(opts);
  const app = createApp(ctx, opts.log ? { log: opts.log } : {});
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: opts.host ?? '127.0.0.1', port: opts.port ?? 0 }, () => resolve(s));
  });
  const bus = await Bus.start(opts.db, ctx.waiters);
  const detachStream = attachStream(server as unknown as HttpServer, ctx, bus);
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  const stopSweep = every(opts.sweepMs ?? 5000, 'sweep', () => sweep(ctx));
  // Throttle counters past their window: once a minute is plenty (they are only dead weight).
  const stopPrune = every(opts.sweepMs === 0 ? 0 : 60_000, 'throttle pruning', () => pruneThrottles(ctx.db, ctx.policy, ctx.clock()));
  const stopWebhooks = every(opts.webhookMs ?? 500, 'webhook delivery', () => deliverDue(ctx));

  return {
    url: `http://${host}:${port}`,
    ctx,
    async close() {
      stopSweep();
      stopPrune();
      stopWebhooks();
      detachStream();
      await ctx.eventNotifier.flush();
      await bus.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Long-polls would hold the server open; closing drops them.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
