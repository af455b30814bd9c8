/** Provider configuration from the environment, with the master key loaded or created. */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DEFAULT_POLICY, type ForwardingAddress, type Limit, type Policy } from './policy';
import { AddressFields } from '../protocol';
import { readProxyListen, readProxyPolicy } from './proxy/config';
import type { ProxyListen } from './proxy/server';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Sealed digital goods (VEIL_BLOB_DIR; default blobs/ in the data dir). */
  blobDir: string;
  databaseUrl: string | undefined;
  /** Where clients reach the provider (VEIL_PUBLIC_URL); unset: the listen address. */
  publicUrl: string | undefined;
  /** The private-connection proxy (proxy/config.ts); none unless VEIL_PROXY_PORT is set. */
  proxy: ProxyListen | undefined;
  policy: Policy;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const bin = env.VEIL_BIN ?? DEFAULT_POLICY.bin;
  if (!/^\d{6}$/.test(bin)) throw new Error('VEIL_BIN must be 6 digits');
  const host = env.HOST ?? '127.0.0.1';
  return {
    host,
    port,
    dataDir: resolve(env.VEIL_DATA_DIR ?? '.veil-data'),
    blobDir: resolve(env.VEIL_BLOB_DIR ?? join(env.VEIL_DATA_DIR ?? '.veil-data', 'blobs')),
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: publicUrl(env.VEIL_PUBLIC_URL),
    proxy: readProxyListen(env, host),
    policy: {
      ...DEFAULT_POLICY,
      bin,
      cardTesting: limit(env, 'VEIL_CARD_TESTING_LIMIT', DEFAULT_POLICY.cardTesting),
      forwarding: forwarding(env),
      proxy: readProxyPolicy(env),
      ...funding(env),
      ...digital(env),
      fxMaxRateAgeS: fxMaxRateAge(env),
    },
  };
}

/**
 * VEIL_PUBLIC_URL: the provider's address as clients see it (behind a proxy, the
 * proxy's), e.g. https://veil.example or https://example.net/veil. Published in
 * /openapi.json, never taken from a request's Host header, which the client chooses.
 */
export function publicUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`VEIL_PUBLIC_URL must be an absolute URL like https://veil.example, not ${value}`);
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new Error('VEIL_PUBLIC_URL must be an http(s) URL with no query, fragment or credentials');
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * VEIL_FUNDING_RAIL: the rail top-ups use (default sandbox). VEIL_TOP_UP_LIMITS: that
 * rail's limits as "PER_TOP_UP/PER_DAY/PER_30_DAYS" in currency units, e.g.
 * 1000.00/2500.00/10000.00; the defaults in context.ts when unset.
 */
function funding(env: NodeJS.ProcessEnv): Pick<Policy, 'fundingRail' | 'topUpLimits'> {
  const rail = env.VEIL_FUNDING_RAIL || DEFAULT_POLICY.fundingRail;
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(rail))
    throw new Error(`VEIL_FUNDING_RAIL must be a rail name like sandbox, not ${rail}`);
  const value = env.VEIL_TOP_UP_LIMITS;
  if (!value) return { fundingRail: rail, topUpLimits: DEFAULT_POLICY.topUpLimits };
  const amount = '(\\d{1,9}(?:\\.\\d{1,2})?)';
  const m = new RegExp(`^${amount}/${amount}/${amount}$`).exec(value);
  const [perTopUp, perDay, perAccount30Days] = (m ? m.slice(1) : []).map((a) => Math.round(Number(a) * 100));
  if (!perTopUp || !perDay || !perAccount30Days || perTopUp > perDay || perDay > perAccount30Days) {
    throw new Error(
      `VEIL_TOP_UP_LIMITS must look like 1000.00/2500.00/10000.00 (per top-up, per day, per 30 days; each above zero and none above the next), not ${value}`,
    );
  }
  return {
    fundingRail: rail,
    topUpLimits: { ...DEFAULT_POLICY.topUpLimits, [rail]: { perTopUp, perDay, perAccount30Days } },
  };
}

/**
 * VEIL_DIGITAL_MAX_BYTES: the largest sealed file a vendor may upload (default 2 GiB);
 * VEIL_DIGITAL_RETENTION_DAYS: days an unconfirmed file is kept (default 30).
 */
function digital(env: NodeJS.ProcessEnv): Pick<Policy, 'digitalMaxBytes' | 'digitalRetentionS'> {
  const max = env.VEIL_DIGITAL_MAX_BYTES;
  const days = env.VEIL_DIGITAL_RETENTION_DAYS;
  if (max !== undefined && !(/^\d{1,16}$/.test(max) && Number(max) >= 1024))
    throw new Error(`VEIL_DIGITAL_MAX_BYTES must be a number of bytes, at least 1024, not ${max}`);
  if (days !== undefined && !(/^\d{1,4}$/.test(days) && Number(days) >= 1))
    throw new Error(`VEIL_DIGITAL_RETENTION_DAYS must be a whole number of days, at least 1, not ${days}`);
  return {
    digitalMaxBytes: max === undefined ? DEFAULT_POLICY.digitalMaxBytes : Number(max),
    digitalRetentionS: days === undefined ? DEFAULT_POLICY.digitalRetentionS : Number(days) * 24 * 3600,
  };
}

/** VEIL_FX_MAX_RATE_AGE_S: seconds an operator rate stays usable for new cards (default a day). */
function fxMaxRateAge(env: NodeJS.ProcessEnv): number {
  const value = env.VEIL_FX_MAX_RATE_AGE_S;
  if (!value) return DEFAULT_POLICY.fxMaxRateAgeS;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 60)
    throw new Error(`VEIL_FX_MAX_RATE_AGE_S must be a whole number of seconds, at least 60, not ${value}`);
  return Number(value);
}

/** VEIL_FORWARDING_ADDRESS: JSON {name, line1, city, region, postal_code, country, phone}. */
function forwarding(env: NodeJS.ProcessEnv): ForwardingAddress {
  if (!env.VEIL_FORWARDING_ADDRESS) return DEFAULT_POLICY.forwarding;
  let raw: unknown;
  try {
    raw = JSON.parse(env.VEIL_FORWARDING_ADDRESS);
  } catch {
    throw new Error('VEIL_FORWARDING_ADDRESS must be JSON');
  }
  const parsed = AddressFields.required({ region: true, phone: true }).omit({ line2: true }).safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `VEIL_FORWARDING_ADDRESS: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** "MAX/SECONDS", e.g. 50/600: at most MAX in a window of SECONDS. */
function limit(env: NodeJS.ProcessEnv, name: string, fallback: Limit): Limit {
  const value = env[name];
  if (!value) return fallback;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
    throw new Error(`${name} must look like 50/600 (at most 50 per 600 seconds), not ${value}`);
  return { max: Number(m[1]), windowS: Number(m[2]) };
}

/**
 * The master key: VEIL_MASTER_KEY (base64, 32 bytes) when set, as an operator would
 * provide it from a secret store; otherwise a key file in the data directory, created
 * on first start with owner-only permissions.
 */
export async function loadMasterKey(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  if (env.VEIL_MASTER_KEY) {
    const key = Buffer.from(env.VEIL_MASTER_KEY, 'base64');
    if (key.length !== 32) throw new Error('VEIL_MASTER_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = join(config.dataDir, 'master.key');
  try {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  await writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return key;
}
