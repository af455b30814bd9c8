/**
 * Vitest global setup: starts a throwaway PostgreSQL server on loopback for the
 * provider tests when the Debian `postgresql` binaries are present (initdb into a
 * temp dir, random port), and hands its admin URL to the tests. As root — as CI
 * runs — the server runs as the `postgres` user, since PostgreSQL refuses root.
 */
import type { TestProject } from 'vitest/node';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export function findPgBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'postgres'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

export interface PgServer {
  /** Over TCP on loopback. */
  url: string;
  /** The same server over its Unix-domain socket (no TCP stack: what a co-located provider uses). */
  socketUrl: string;
  /** Stops the server for good and deletes its data. */
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: connections are cut) and keeps its data, as in an outage. */
  pause(): Promise<void>;
  /** Starts a paused server again, on the same port with the same data. */
  resume(): Promise<void>;
}

/** Starts a PostgreSQL server in a fresh temp dir; `settings` are extra -c options. */
export async function startPgServer(bin: string, settings: Record<string, string> = {}): Promise<PgServer> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'veil-pg-'));
  const run = (cmd: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  if (asRoot)
    chownSync(
      dir,
      Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim()),
      Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim()),
    );
  const data = join(dir, 'data');
  const init = spawnSync(
    ...run(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'veil',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]),
    { encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const opts = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    max_connections: '300',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    ...settings,
  };
  const args = ['-D', data, '-p', String(port), ...Object.entries(opts).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const url = `postgres://veil@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;

  const launch = async () => {
    const c: ChildProcess = spawn(...run(join(bin, 'postgres'), args), { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    let stderr = '';
    c.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        if (c.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const shutdown = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    // runuser does not pass signals on: signal the postmaster itself (fast shutdown).
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  };

  await launch();
  return {
    url,
    socketUrl: `postgres://veil@/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    async stop() {
      await shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
    pause: shutdown,
    resume: launch,
  };
}

let server: PgServer | undefined;

export default async function setup(project: TestProject) {
  const bin = findPgBin();
  if (!bin) {
    console.warn(
      '[tests] no PostgreSQL binaries found: provider tests run on PGlite only (install Debian "postgresql" to run both)',
    );
    project.provide('pgAdminUrl', '');
    return;
  }
  server = await startPgServer(bin);
  project.provide('pgAdminUrl', server.url);
  return async () => {
    await server?.stop();
  };
}
