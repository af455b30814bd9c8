/** Assembles a running provider: database migrated, context built, HTTP served, sweeper ticking. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type { Db } from './db/db';
import { migrate } from './db/migrate';
import { deriveKeys } from './crypto/keys';
import type { Clock, ProviderContext } from './context';
import { DEFAULT_POLICY, type Policy } from './policy';
import { Waiters } from './authorizations/waiters';
import { sweep } from './authorizations/sweep';
import { createApp } from './app';
import { Bus } from './realtime/bus';
import { attachStream } from './realtime/stream';
import { deliverDue } from './webhooks/outbox';
import { AfterCommitNotifier } from './realtime/after-commit';
import { pruneThrottles } from './security/throttle';
import { PasswordHashing } from './crypto/password-hashing';
import { ValidationBatcher, type BatchLimits } from './authorizations/batcher';
import { Rails, type RailAdapter } from './funding/rails';
import { sandboxRail } from './funding/sandbox';
import { webauthnRpId } from '../protocol';
import { ProxyAccess, pruneProxyCredentials } from './proxy/access';
import { startProxy, type ProxyListen, type RunningProxy } from './proxy/server';
import { BlobStore } from './digital/blob-store';
import { liveFiles } from './digital/files';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProviderOptions {
  db: Db;
  masterKey: Buffer;
  policy?: Partial<Policy>;
  clock?: Clock;
  host?: string;
  port?: number;
  /** The address clients use, published in /openapi.json; the listen address when unset. */
  publicUrl?: string | undefined;
  /** How often lapses are swept; 0 turns the timer off (tests sweep by hand). */
  sweepMs?: number;
  /** How often queued webhooks are delivered; 0 turns it off (tests deliver by hand). */
  webhookMs?: number;
  log?: (line: string) => void;
  /** Security log sink (card testing, blocked cards, throttling, failed sign-ins); silent when unset. */
  securityLog?: (line: string) => void;
  /** How validations batch (batcher.ts); the database kind's defaults when unset. */
  batchLimits?: BatchLimits;
  /** Funding rails besides the sandbox, which is always there (Policy.fundingRail picks one). */
  rails?: RailAdapter[];
  /** The private-connection proxy's listen address, egress and upstream; no proxy when unset. */
  proxy?: ProxyListen | undefined;
  /** Where sealed digital goods are kept (the CLI: blobs/ in the data dir); unset, a fresh temporary directory. */
  blobDir?: string;
}

export interface RunningProvider {
  url: string;
  ctx: ProviderContext;
  /** http://host:port of the private-connection proxy, when one runs. */
  proxyUrl: string | undefined;
  /** The private-connection proxy, when one runs (its usage counts, for tests and shutdown). */
  proxy: RunningProxy | undefined;
  close(): Promise<void>;
}

export function buildContext(
  opts: Pick<
    ProviderOptions,
    'db' | 'masterKey' | 'policy' | 'clock' | 'securityLog' | 'batchLimits' | 'rails' | 'host' | 'publicUrl' | 'blobDir'
  >,
): ProviderContext {
  const policy = { ...DEFAULT_POLICY, ...opts.policy };
  const securityLog = opts.securityLog ?? (() => undefined);
  // A settlement that could not be written leaves the top-up requested: the operator settles it with the CLI.
  const sandbox = sandboxRail((topUpId, err) =>
    securityLog(JSON.stringify({ event: 'top_up.settlement_failed', top_up_id: topUpId, error: String(err) })),
  );
  const rails = new Rails([sandbox, ...(opts.rails ?? [])]);
  const clock = opts.clock ?? (() => new Date());
  const keys = deriveKeys(opts.masterKey);
  rails.get(policy.fundingRail);
  if (!policy.topUpLimits[policy.fundingRail])
    throw new Error(`no top-up limits for the funding rail ${policy.fundingRail}`);
  return {
    db: opts.db,
    keys,
    clock,
    policy,
    waiters: new Waiters(),
    securityLog,
    rails,
    eventNotifier: new AfterCommitNotifier(opts.db, 'veil_events'),
    validations: new ValidationBatcher(opts.db, policy, opts.batchLimits),
    hashing: new PasswordHashing(policy.passwordHashing),
    // The host clients reach: the public URL's, else the listen host's (the port plays no part in an RP ID).
    webauthnRpId: webauthnRpId(opts.publicUrl ?? `http://${opts.host ?? '127.0.0.1'}`),
    proxy: new ProxyAccess(opts.db, keys, () => policy.proxy.credentialCacheMs, clock),
    blobs: new BlobStore(opts.blobDir ?? mkdtempSync(join(tmpdir(), 'veil-blobs-'))),
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
  // Uploads a crash cut short, and blobs whose row never committed or was since deleted.
  await ctx.blobs.recover((names) => liveFiles(ctx, names));
  // The listen address is known once listening; the document is only served after that.
  let listenUrl = '';
  const app = createApp(ctx, { publicUrl: () => opts.publicUrl ?? listenUrl, ...(opts.log ? { log: opts.log } : {}) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: opts.host ?? '127.0.0.1', port: opts.port ?? 0 }, () => resolve(s));
  });
  const bus = await Bus.start(opts.db, ctx.waiters);
  const detachStream = attachStream(server as unknown as HttpServer, ctx, bus);
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  listenUrl = `http://${host}:${port}`;

  const stopSweep = every(opts.sweepMs ?? 5000, 'sweep', () => sweep(ctx));
  // Throttle counters past their window: once a minute is plenty (they are only dead weight).
  const stopPrune = every(opts.sweepMs === 0 ? 0 : 60_000, 'throttle pruning', () =>
    pruneThrottles(ctx.db, ctx.policy, ctx.clock()),
  );
  const stopWebhooks = every(opts.webhookMs ?? 500, 'webhook delivery', () => deliverDue(ctx));
  const stopCredentialPrune = every(opts.sweepMs === 0 ? 0 : 60_000, 'proxy credential pruning', () =>
    pruneProxyCredentials(ctx.db, ctx.clock()),
  );
  const proxy = opts.proxy
    ? await startProxy(ctx, { ...opts.proxy, ownPorts: [port], ...(opts.log ? { log: opts.log } : {}) })
    : undefined;

  return {
    url: listenUrl,
    ctx,
    proxyUrl: proxy?.url,
    proxy,
    async close() {
      await proxy?.close();
      stopCredentialPrune();
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
