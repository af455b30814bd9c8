/**
 * `npm run provider` — serve the provider.
 * `npm run provider -- vendor create --name NAME --origin https://shop.example`
 * `npm run provider -- vendor list` / `vendor revoke ID`
 * `npm run provider -- ledger check`
 */
import { parseArgs } from 'node:util';
import { Origin } from '../protocol';
import { readConfig, loadMasterKey } from './config';
import { openDb, type Db } from './db/db';
import { migrate } from './db/migrate';
import { startProvider } from './provider';
import { createVendor, listVendors, revokeVendor } from './vendors/vendors';
import { checkLedger } from './ledger/ledger';
import { createCourier, listCouriers, revokeCourier } from './delivery/couriers';
import { setWebhook } from './webhooks/outbox';
import { deriveKeys } from './crypto/keys';

const USAGE = `usage:
  npm run provider                                   serve (PORT, HOST, VEIL_DATA_DIR, DATABASE_URL)
  npm run provider -- vendor create --name NAME --origin https://shop.example
  npm run provider -- vendor list
  npm run provider -- vendor revoke VENDOR_ID
  npm run provider -- vendor webhook VENDOR_ID --url https://shop.example/veil-webhook
  npm run provider -- courier create --name NAME
  npm run provider -- courier list
  npm run provider -- courier revoke COURIER_ID
  npm run provider -- ledger check`;

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
  const { values, positionals } = parseArgs({ args: rest, options: { name: { type: 'string' } }, allowPositionals: true });
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

async function vendorCommand(args: string[]): Promise<unknown> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { name: { type: 'string' }, origin: { type: 'string' }, url: { type: 'string' } }, allowPositionals: true });
  switch (sub) {
    case 'create': {
      if (!values.name?.trim() || !values.origin) throw new UsageError('vendor create needs --name and --origin');
      const origin = Origin.safeParse(values.origin);
      if (!origin.success) throw new UsageError(`--origin: ${origin.error.issues[0]?.message}`);
      const { vendor, key } = await withDb((db) => db.tx((sql) => createVendor(sql, values.name!.trim(), origin.data, new Date())));
      return { id: vendor.id, key, name: vendor.name, origin: vendor.origin };
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

async function serveCommand(): Promise<void> {
  const config = readConfig();
  const masterKey = await loadMasterKey(config);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  const out = lineWriter(process.stdout);
  const provider = await startProvider({ db, masterKey, policy: config.policy, host: config.host, port: config.port, publicUrl: config.publicUrl, log: out.line, securityLog: out.line });
  console.log(`Veil provider listening on ${provider.url} (database: ${db.kind === 'pglite' ? `embedded, ${config.dataDir}` : 'PostgreSQL'})`);
  const stop = async () => {
    await provider.close();
    await db.close();
    const b = provider.ctx.validations.stats;
    if (b.calls > 0) console.log(`validations: ${b.calls} database calls, ${b.batches} of them batches of ${(b.batched / Math.max(1, b.batches)).toFixed(1)} on average, ${b.retried} retried item by item`);
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
  else if (command === 'ledger' && rest[0] === 'check') {
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
