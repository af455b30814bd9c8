/**
 * `npm run bench -- provider`: vendor validations per second and their p99 latency,
 * against the embedded database and against a PostgreSQL server started for the
 * run, next to pgbench's simple-update TPS on that same server (the machine's
 * ceiling). The provider runs as its own process (`src/provider/cli.ts`); this
 * process seeds the data and is the load generator.
 *
 * Options: --db=postgres,pglite  --connections=1,4,8,16,32,64  --duration=S (per point)
 *          --profile (the provider runs with --cpu-prof; a summary goes to stderr)
 *          --statements (pg_stat_statements and function times, counted from the load's start)
 *          --transport=unix|tcp (how the provider reaches PostgreSQL; default its Unix socket)
 *          --loadgen=own|autocannon (the load generator; default the lean one, http-load.ts)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../../src/provider/db/db';
import { deriveKeys } from '../../src/provider/crypto/keys';
import { checkLedger } from '../../src/provider/ledger/ledger';
import { findPgBin, startPgServer } from '../support/postgres-server';
import { startProviderProcess } from '../support/provider-process';
import { flag, option, type Metric } from './metric';
import { seed, type Seeded } from './provider/seed';
import { runLoad, type LoadGenerator, type LoadResult } from './provider/load';
import { initPgbench, runPgbench } from './provider/pgbench';
import { findPostmaster, postgresCpu, postgresCpuByKind, processCpu } from './provider/procs';
import { summarizeProfile } from './provider/profile';

/** A durable server, as money needs: every commit is flushed to disk before it is acknowledged. */
export const BENCH_PG_SETTINGS = {
  fsync: 'on',
  synchronous_commit: 'on',
  full_page_writes: 'on',
  shared_buffers: '512MB',
  max_wal_size: '4GB',
  checkpoint_timeout: '30min',
  max_connections: '300',
};

/** p99 at or under this is the latency target; the headline figures are the best throughput that meets it. */
const P99_TARGET_MS = 25;
/** The card-testing limiter stays on, but the bench's 20 shops send 8 % unknown cards and wrong CVCs at ~100/s each. */
const BENCH_CARD_TESTING_LIMIT = '1000000/60';

const log = (s: string) => console.error(`[bench provider] ${s}`);

interface Point extends LoadResult {
  cpu: { provider: number; postgres?: number; loadgen: number };
}

/**
 * Samples what the provider's PostgreSQL sessions are doing (pg_stat_activity, every
 * 20 ms) while the load runs: running on CPU, or waiting — for the WAL flush, a lock, the
 * client. Returns a stop function that reports the shares.
 */
async function sampleWaits(url: string): Promise<() => Promise<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = new Map<string, number>();
  let total = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    client
      .query<{ w: string; n: number }>(
        `SELECT CASE WHEN state = 'active' AND wait_event IS NULL THEN 'on CPU' ELSE coalesce(wait_event_type || ':' || wait_event, state) END AS w, count(*)::int AS n
         FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = current_database() GROUP BY 1`,
      )
      .then((r) => {
        for (const { w, n } of r.rows) {
          counts.set(w, (counts.get(w) ?? 0) + n);
          total += n;
        }
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, 20);
  return async () => {
    clearInterval(timer);
    await client.end();
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([w, n]) => `${w} ${((100 * n) / Math.max(1, total)).toFixed(0)}%`)
      .join(', ');
  };
}

async function measure(
  url: string,
  seeded: Seeded,
  connections: number,
  seconds: number,
  pids: { provider: number; postmaster?: number | undefined },
  generator: LoadGenerator,
  dbUrl?: string,
): Promise<Point> {
  const stopWaits = dbUrl ? await sampleWaits(dbUrl) : undefined;
  const before = {
    provider: processCpu(pids.provider),
    postgres: pids.postmaster ? postgresCpu(pids.postmaster) : 0,
    loadgen: process.cpuUsage(),
  };
  const kindsBefore = pids.postmaster ? postgresCpuByKind(pids.postmaster) : {};
  const r = await runLoad(url, seeded, connections, seconds, generator);
  const loadgen = process.cpuUsage(before.loadgen);
  if (stopWaits) log(`  ${String(connections).padStart(2)} conns: postgres sessions were: ${await stopWaits()}`);
  if (pids.postmaster) {
    const after = postgresCpuByKind(pids.postmaster);
    const split = Object.entries(after)
      .map(([k, v]) => [k, (v - (kindsBefore[k] ?? 0)) / seconds] as const)
      .filter(([, v]) => v >= 0.005);
    log(
      `  ${String(connections).padStart(2)} conns: postgres cores by process: ${split.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`,
    );
  }
  const cpu = {
    provider: (processCpu(pids.provider) - before.provider) / seconds,
    ...(pids.postmaster ? { postgres: (postgresCpu(pids.postmaster) - before.postgres) / seconds } : {}),
    loadgen: (loadgen.user + loadgen.system) / 1e6 / seconds,
  };
  const mix = Object.entries(r.reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}:${((100 * n) / r.requests).toFixed(1)}%`)
    .join(' ');
  const cores = Object.entries(cpu)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');
  log(
    `  ${String(connections).padStart(2)} conns: ${r.perSecond.toFixed(0)}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}; cores used: ${cores}; ${mix}`,
  );
  return { ...r, cpu };
}

async function loadAll(
  db: 'postgres' | 'pglite',
  env: Record<string, string>,
  seeded: Seeded,
  args: string[],
  postmaster?: number,
): Promise<Point[]> {
  const connections = option(args, 'connections', '1,4,8,16,32,64').split(',').map(Number);
  const seconds = Number(option(args, 'duration', '15'));
  const generator = option(args, 'loadgen', 'own') as LoadGenerator;
  if (generator !== 'own' && generator !== 'autocannon')
    throw new Error(`--loadgen must be own or autocannon, not ${String(generator)}`);
  const profileDir = flag(args, 'profile') ? mkdtempSync(join(tmpdir(), 'veil-prof-')) : undefined;
  const provider = await startProviderProcess({
    env: { ...env, VEIL_CARD_TESTING_LIMIT: BENCH_CARD_TESTING_LIMIT },
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const points: Point[] = [];
  try {
    log(`${db}: provider pid ${provider.pid} at ${provider.url}; warming up`);
    await runLoad(provider.url, seeded, 16, 3, generator);
    for (const c of connections)
      points.push(
        await measure(
          provider.url,
          seeded,
          c,
          seconds,
          { provider: provider.pid, postmaster },
          generator,
          env.DATABASE_URL,
        ),
      );
  } finally {
    await provider.stop();
    const batches = /validations: .*/.exec(provider.output());
    if (batches) log(`${db}: ${batches[0]}`);
  }
  if (profileDir) {
    log(summarizeProfile(profileDir));
    rmSync(profileDir, { recursive: true, force: true });
  }
  return points;
}

/** Starts the per-statement counts afresh, so what the seeding ran does not count. */
async function resetStatements(db: Db): Promise<void> {
  await db.exec(
    'CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset(); SELECT pg_stat_reset()',
  );
}

async function logStatements(db: Db): Promise<void> {
  const rows = await db.query<{
    calls: number;
    total: number;
    mean: number;
    plans: number;
    plan_ms: number;
    query: string;
  }>(
    `SELECT calls, round(total_exec_time::numeric, 1) AS total, round(mean_exec_time::numeric, 4) AS mean,
            plans, round(total_plan_time::numeric, 1) AS plan_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
     FROM pg_stat_statements WHERE calls > 100 ORDER BY total_exec_time DESC LIMIT 25`,
  );
  const fns = await db.query<{ name: string; calls: number; total: number; self: number }>(
    `SELECT funcname AS name, calls, round(total_time::numeric, 1) AS total, round(self_time::numeric, 1) AS self FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 8`,
  );
  log(
    `functions (calls, total ms, self ms):\n${fns.map((f) => `  ${f.name.padEnd(24)} ${String(f.calls).padStart(7)} ${String(f.total).padStart(9)} ${String(f.self).padStart(9)}`).join('\n')}`,
  );
  log(
    `statements by total time (ms, mean ms, calls, plans made, planning ms):\n${rows
      .map(
        (r) =>
          `  ${String(r.total).padStart(9)} ${String(r.mean).padStart(8)} ${String(r.calls).padStart(7)} ${String(r.plans).padStart(7)} ${String(r.plan_ms).padStart(7)}  ${r.query}`,
      )
      .join('\n')}`,
  );
}

async function ledgerAfter(db: Db): Promise<void> {
  const problems = await checkLedger(db);
  if (problems.length > 0) throw new Error(`the ledger is broken after the load: ${problems.slice(0, 5).join('; ')}`);
  log('ledger check after the load: clean');
}

async function benchPostgres(
  args: string[],
  masterKey: Buffer,
): Promise<{ points: Point[]; pgbench: Map<number, number> } | undefined> {
  const bin = findPgBin();
  if (!bin) {
    log('no PostgreSQL binaries: skipping the PostgreSQL run');
    return undefined;
  }
  // --statements: where the server's time goes, statement by statement (inside veil_validate too).
  const statements = flag(args, 'statements');
  const server = await startPgServer(bin, {
    ...BENCH_PG_SETTINGS,
    ...(statements
      ? {
          shared_preload_libraries: 'pg_stat_statements',
          'pg_stat_statements.track': 'all',
          'pg_stat_statements.track_planning': 'on',
          track_functions: 'all',
        }
      : {}),
  });
  try {
    log(
      `postgres: ${Object.entries(BENCH_PG_SETTINGS)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE veil_bench');
    await admin.end();
    const url = server.url.replace(/\/postgres$/, '/veil_bench');
    // The provider reaches its co-located database the way such a deployment would: over the Unix socket.
    const providerUrl =
      option(args, 'transport', 'unix') === 'tcp' ? url : server.socketUrl.replace('/postgres?', '/veil_bench?');
    const db = await openPostgres(url, 4);
    let seeded: Seeded;
    try {
      seeded = await seed(db, deriveKeys(masterKey), log);
    } finally {
      await db.close();
    }
    if (statements) {
      const db = await openPostgres(url, 1);
      await resetStatements(db).finally(() => db.close());
    }
    const postmaster = findPostmaster(Number(new URL(url).port));
    const points = await loadAll(
      'postgres',
      { DATABASE_URL: providerUrl, VEIL_MASTER_KEY: masterKey.toString('base64') },
      seeded,
      args,
      postmaster,
    );
    const check = await openPostgres(url, 2);
    if (statements) await logStatements(check);
    await ledgerAfter(check).finally(() => check.close());

    log('pgbench: initialising');
    initPgbench(bin, server.url);
    const pgbench = new Map<number, number>();
    const seconds = Number(option(args, 'duration', '15'));
    for (const p of points) {
      const tps = await runPgbench(bin, server.url, p.connections, Math.max(5, Math.round(seconds / 2)));
      log(`  pgbench -N ${String(p.connections).padStart(2)} clients: ${tps.toFixed(0)} tps`);
      pgbench.set(p.connections, tps);
    }
    return { points, pgbench };
  } finally {
    await server.stop();
  }
}

async function benchPglite(args: string[], masterKey: Buffer): Promise<Point[]> {
  const dir = mkdtempSync(join(tmpdir(), 'veil-bench-lite-'));
  try {
    const db = await openPglite(dir);
    let seeded: Seeded;
    try {
      seeded = await seed(db, deriveKeys(masterKey), log);
    } finally {
      await db.close();
    }
    const points = await loadAll(
      'pglite',
      { VEIL_DATA_DIR: dir, VEIL_MASTER_KEY: masterKey.toString('base64') },
      seeded,
      args,
    );
    const check = await openPglite(dir);
    await ledgerAfter(check).finally(() => check.close());
    return points;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The best throughput whose p99 meets the target (else simply the best). */
function headline(points: Point[]): Point {
  const meeting = points.filter((p) => p.p99 <= P99_TARGET_MS);
  return (meeting.length > 0 ? meeting : points).reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
}

export async function run(args: string[]): Promise<Metric[]> {
  const dbs = option(args, 'db', 'postgres,pglite').split(',');
  const masterKey = randomBytes(32);
  const metrics: Metric[] = [];
  log(
    `machine: ${(await import('node:os')).cpus().length} cores, load average before ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const perPoint = (db: string, p: Point) => {
    metrics.push({ metric: 'validations_per_s', db, connections: p.connections, value: Math.round(p.perSecond) });
    metrics.push({ metric: 'validation_p99_ms', db, connections: p.connections, value: p.p99 });
  };

  if (dbs.includes('postgres')) {
    const pgRun = await benchPostgres(args, masterKey);
    if (pgRun) {
      for (const p of pgRun.points) {
        perPoint('postgres', p);
        metrics.push({
          metric: 'pgbench_tps',
          connections: p.connections,
          value: Math.round(pgRun.pgbench.get(p.connections) ?? 0),
        });
      }
      const best = headline(pgRun.points);
      const tps = pgRun.pgbench.get(best.connections) ?? NaN;
      metrics.push({
        metric: 'validations_per_s',
        db: 'postgres',
        connections: best.connections,
        headline: true,
        value: Math.round(best.perSecond),
      });
      metrics.push({
        metric: 'validation_p99_ms',
        db: 'postgres',
        connections: best.connections,
        headline: true,
        value: best.p99,
      });
      metrics.push({ metric: 'pgbench_tps', connections: best.connections, headline: true, value: Math.round(tps) });
      metrics.push({
        metric: 'validations_vs_pgbench',
        connections: best.connections,
        headline: true,
        value: Number((best.perSecond / tps).toFixed(2)),
      });
    }
  }
  if (dbs.includes('pglite')) {
    const points = await benchPglite(args, masterKey);
    for (const p of points) perPoint('pglite', p);
    const best = headline(points);
    metrics.push({
      metric: 'validations_per_s',
      db: 'pglite',
      connections: best.connections,
      headline: true,
      value: Math.round(best.perSecond),
    });
    metrics.push({
      metric: 'validation_p99_ms',
      db: 'pglite',
      connections: best.connections,
      headline: true,
      value: best.p99,
    });
  }
  return metrics;
}
