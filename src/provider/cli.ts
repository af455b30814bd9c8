/**
 * `npm run provider` — serve the provider.
 * `npm run provider -- vendor create --name NAME --origin https://shop.example [--payment-frame https://pay.example]…`
 * `npm run provider -- vendor payment-frames ID [--payment-frame https://pay.example]…`
 * `npm run provider -- vendor list` / `vendor revoke ID`
 * `npm run provider -- ledger check`
 * `npm run provider -- topup list|settle|fail|reverse …` (outcomes for rails that report by hand)
 * `npm run provider -- receipt verify FILE [--jwks FILE]` / `receipt rotate-key` (receipts/receipt-command.ts)
 * `npm run provider -- fx set EUR USD 1.0842` / `fx list` (the operator's exchange rates)
 */
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { DeclaredPaymentFrames, Origin } from '../protocol';
import { readConfig, loadMasterKey } from './config';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import { startProvider } from './start';
import { createVendor, listVendors, revokeVendor, setPaymentFrames } from './vendors/vendors';
import { checkLedger } from './ledger/ledger';
import { createCourier, listCouriers, revokeCourier } from './delivery/couriers';
import { setWebhook } from './webhooks/outbox';
import { deriveKeys } from './crypto/keys';
import { receiptCommand } from './receipts/receipt-command';
import { Rails } from './funding/rails';
import { sandboxRail } from './funding/sandbox';
import { listRates, RateInputError, setRate } from './fx/rates';
import { failTopUp, reverseTopUp, settleTopUp, TOP_UP_COLUMNS, type TopUpRow } from './funding/settlement';

const USAGE = `usage:
  npm run provider                                   serve (PORT, HOST, VEIL_DATA_DIR, DATABASE_URL)
  npm run provider -- vendor create --name NAME --origin https://shop.example [--payment-frame https://pay.example]…
  npm run provider -- vendor payment-frames VENDOR_ID [--payment-frame https://pay.example]…   (replaces the list)
  npm run provider -- vendor list
  npm run provider -- vendor revoke VENDOR_ID
  npm run provider -- vendor webhook VENDOR_ID --url https://shop.example/veil-webhook
  npm run provider -- courier create --name NAME
  npm run provider -- courier list
  npm run provider -- courier revoke COURIER_ID
  npm run provider -- ledger check
  npm run provider -- topup list [--state requested|settled|failed|reversed]
  npm run provider -- topup settle TOP_UP_ID [--reference RAIL_REFERENCE]
  npm run provider -- topup fail TOP_UP_ID --reason TEXT
  npm run provider -- topup reverse TOP_UP_ID --reason TEXT     (chargeback, ACH return)
  npm run provider -- receipt verify FILE [--jwks JWKS_FILE | --provider URL]   (a receipt, or JSON holding receipts)
  npm run provider -- receipt rotate-key                        (new receipts get a new key; old keys stay published)
  npm run provider -- fx set BASE QUOTE RATE [--by NAME]        (1 BASE = RATE QUOTE, e.g. fx set EUR USD 1.0842)
  npm run provider -- fx list`;

class UsageError extends Error {}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = readConfig();
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function courierCommand(args: string[]): Promise<unknown> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { name: { type: 'string' } },
    allowPositionals: true,
  });
  switch (sub) {
    case 'create': {
      const name = values.name?.trim();
      if (!name || name.length > 200) throw new UsageError('courier create needs --name (at most 200 characters)');
      const { courier, key } = await withDb((db) => db.tx((sql) => createCourier(sql, name, new Date())));
      return { id: courier.id, key, name: courier.name };
    }
    case 'list':
      return withDb((db) => listCouriers(db));
    case 'revoke': {
      const id = positionals[0];
      if (!id) throw new UsageError('courier revoke needs a courier id');
      const courier = await withDb((db) => revokeCourier(db, id, new Date()));
      if (!courier) throw new UsageError(`no courier ${id}`);
      return courier;
    }
    default:
      throw new UsageError(`unknown courier command ${sub ?? ''}`);
  }
}

/**
 * The `--payment-frame` origins (hosted payment fields the shop embeds), normalised.
 * A bad one names itself: the operator sees which of several was refused and why.
 */
function paymentFramesOption(values: string[] | undefined): string[] {
  const frames = values ?? [];
  for (const value of frames) {
    const one = Origin.safeParse(value);
    if (!one.success) throw new UsageError(`--payment-frame ${value}: ${one.error.issues[0]?.message}`);
  }
  const all = DeclaredPaymentFrames.safeParse(frames);
  if (!all.success) throw new UsageError(`--payment-frame: ${all.error.issues[0]?.message}`);
  return all.data;
}

async function vendorCommand(args: string[]): Promise<unknown> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      origin: { type: 'string' },
      url: { type: 'string' },
      'payment-frame': { type: 'string', multiple: true },
    },
    allowPositionals: true,
  });
  switch (sub) {
    case 'create': {
      if (!values.name?.trim() || !values.origin) throw new UsageError('vendor create needs --name and --origin');
      const origin = Origin.safeParse(values.origin);
      if (!origin.success) throw new UsageError(`--origin: ${origin.error.issues[0]?.message}`);
      const frames = paymentFramesOption(values['payment-frame']);
      const { vendor, key } = await withDb((db) =>
        db.tx((sql) => createVendor(sql, values.name!.trim(), origin.data, new Date(), frames)),
      );
      return { id: vendor.id, key, name: vendor.name, origin: vendor.origin, payment_frames: vendor.payment_frames };
    }
    case 'payment-frames': {
      const id = positionals[0];
      if (!id)
        throw new UsageError(
          'vendor payment-frames needs a vendor id (and --payment-frame for each origin; none clears the list)',
        );
      const frames = paymentFramesOption(values['payment-frame']);
      const vendor = await withDb((db) => db.tx((sql) => setPaymentFrames(sql, id, frames)));
      if (!vendor) throw new UsageError(`no vendor ${id}`);
      return vendor;
    }
    case 'list':
      return withDb((db) => listVendors(db));
    case 'webhook': {
      const id = positionals[0];
      if (!id || !values.url) throw new UsageError('vendor webhook needs a vendor id and --url');
      const config = readConfig();
      const keys = deriveKeys(await loadMasterKey(config));
      const set = await withDb((db) => db.tx((sql) => setWebhook(keys, sql, id, values.url!))).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      if (!set) throw new UsageError(`no vendor ${id}`);
      return { id, webhook_url: set.url, webhook_secret: set.secret };
    }
    case 'revoke': {
      const id = positionals[0];
      if (!id) throw new UsageError('vendor revoke needs a vendor id');
      const vendor = await withDb((db) => revokeVendor(db, id, new Date()));
      if (!vendor) throw new UsageError(`no vendor ${id}`);
      return vendor;
    }
    default:
      throw new UsageError(`unknown vendor command ${sub ?? ''}`);
  }
}

/** A rail's outcome entered by the operator: the same transactions a rail's report runs (funding/settlement.ts). */
async function topUpCommand(args: string[]): Promise<unknown> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { state: { type: 'string' }, reference: { type: 'string' }, reason: { type: 'string' } },
    allowPositionals: true,
  });
  const id = positionals[0];
  const outcome = (fn: (ctx: { db: Db; clock: () => Date; rails: Rails }) => Promise<TopUpRow>) =>
    withDb((db) => fn({ db, clock: () => new Date(), rails: new Rails([sandboxRail(() => undefined)]) }));
  switch (sub) {
    case 'list': {
      if (values.state && !['requested', 'settled', 'failed', 'reversed'].includes(values.state))
        throw new UsageError(`--state must be requested, settled, failed or reversed`);
      return withDb((db) =>
        db.query<TopUpRow>(
          `SELECT ${TOP_UP_COLUMNS} FROM top_ups WHERE $1::text IS NULL OR state = $1 ORDER BY requested_at DESC, id LIMIT 500`,
          [values.state ?? null],
        ),
      );
    }
    case 'settle':
      if (!id) throw new UsageError('topup settle needs a top-up id');
      return outcome((ctx) => settleTopUp(ctx, id, values.reference ?? null));
    case 'fail':
    case 'reverse': {
      const reason = values.reason?.trim();
      if (!id || !reason) throw new UsageError(`topup ${sub} needs a top-up id and --reason`);
      return outcome((ctx) => (sub === 'fail' ? failTopUp(ctx, id, reason) : reverseTopUp(ctx, id, reason)));
    }
    default:
      throw new UsageError(`unknown topup command ${sub ?? ''}`);
  }
}

/**
 * The operator's rates (fx/rates.ts). Every set is audited with who set it: --by, else
 * the operating-system user running the command.
 */
async function fxCommand(args: string[]): Promise<unknown> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { by: { type: 'string' } },
    allowPositionals: true,
  });
  switch (sub) {
    case 'set': {
      const [base, quote, rate] = positionals;
      if (!base || !quote || !rate || positionals.length !== 3) throw new UsageError('fx set needs BASE QUOTE RATE');
      const by = values.by?.trim() || userInfo().username || 'operator';
      try {
        return await withDb((db) => setRate(db, base, quote, rate, by, new Date()));
      } catch (err) {
        if (err instanceof RateInputError) throw new UsageError(`fx set: ${err.message}`);
        throw err;
      }
    }
    case 'list':
      return withDb((db) => listRates(db));
    default:
      throw new UsageError(`unknown fx command ${sub ?? ''}`);
  }
}

async function serveCommand(): Promise<void> {
  const config = readConfig();
  const masterKey = await loadMasterKey(config);
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  const out = lineWriter(process.stdout);
  const provider = await startProvider({
    db,
    masterKey,
    policy: config.policy,
    host: config.host,
    port: config.port,
    publicUrl: config.publicUrl,
    proxy: config.proxy,
    blobDir: config.blobDir,
    log: out.line,
    securityLog: out.line,
  });
  console.log(
    `Veil provider listening on ${provider.url} (database: ${db.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`,
  );
  if (provider.proxyUrl) console.log(`Private-connection proxy on ${provider.proxyUrl}`);
  const stop = async () => {
    await provider.close();
    await db.close();
    const b = provider.ctx.validations.stats;
    if (b.calls > 0)
      console.log(
        `validations: ${b.calls} database calls, ${b.batches} of them batches of ${(b.batched / Math.max(1, b.batches)).toFixed(1)} on average, ${b.retried} retried item by item`,
      );
    out.flush();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * Log lines gathered over one turn of the event loop and written together: under
 * load, one write per batch instead of one per request (stdout to a pipe is a
 * synchronous write). A crash loses at most the lines of that one turn.
 */
function lineWriter(stream: NodeJS.WriteStream): { line: (l: string) => void; flush: () => void } {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    stream.write(pending.join('\n') + '\n');
    pending = [];
  };
  return {
    line: (l) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push(l);
    },
    flush,
  };
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'serve') return serveCommand();
  let out: unknown;
  if (command === 'vendor') out = await vendorCommand(rest);
  else if (command === 'courier') out = await courierCommand(rest);
  else if (command === 'topup') out = await topUpCommand(rest);
  else if (command === 'fx') out = await fxCommand(rest);
  else if (command === 'receipt') {
    const config = readConfig();
    const r = await receiptCommand(rest, {
      providerUrl: config.publicUrl ?? `http://${config.host}:${config.port}`,
      withDb,
      usage: (m) => new UsageError(m),
    });
    out = r.out;
    if (!r.ok) process.exitCode = 1;
  } else if (command === 'ledger' && rest[0] === 'check') {
    const problems = await withDb((db) => checkLedger(db));
    out = { ok: problems.length === 0, problems };
    if (problems.length) process.exitCode = 1;
  } else if (command === 'help' || command === '--help') {
    console.log(USAGE);
    return;
  } else throw new UsageError(`unknown command ${command}`);
  console.log(JSON.stringify(out, null, 2));
}

main(process.argv.slice(2)).catch((err: Error) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(err.message);
  process.exit(1);
});
