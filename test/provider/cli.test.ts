/**
 * The provider as operators run it: `npm run provider` serving on a persisted
 * embedded database, the vendor and top-up commands, the OpenAPI document, and logs
 * that never carry a card number or CVC.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IssuedCard } from '../../src/protocol';

const MAIN = ['--import', 'tsx', 'src/provider/cli.ts'];

function cli(dataDir: string, args: string[]) {
  const r = spawnSync(process.execPath, [...MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, VEIL_DATA_DIR: dataDir, DATABASE_URL: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

async function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, MAIN, {
    env: { ...process.env, VEIL_DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '' },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`provider exited: ${out}`));
      }
    }, 50);
  });
  return {
    url,
    child,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}

// Each case spawns the CLI (tsx compiles it) several times: on a loaded machine that takes minutes, not seconds.
describe('provider command line', { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'veil-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  let vendor: { id: string; key: string; origin: string; payment_frames: string[] };

  beforeAll(() => {
    const r = cli(dataDir, [
      'vendor',
      'create',
      '--name',
      'Demo Shop',
      '--origin',
      'https://Demo.Example',
      '--payment-frame',
      'https://Pay.Example:443/',
      '--payment-frame',
      'https://fields.psp.example',
    ]);
    expect(r.code, r.stderr).toBe(0);
    vendor = JSON.parse(r.stdout);
  });

  it('fx set records a rate (audited, with who set it) and fx list shows it; a bad rate is a usage error that changes nothing', () => {
    const set = cli(dataDir, ['fx', 'set', 'eur', 'USD', '1.0842', '--by', 'ops@veil']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ base: 'EUR', quote: 'USD', rate: '1.0842' });
    for (const bad of [
      ['EUR', 'EUR', '1'],
      ['EUR', 'USD', '1e3'],
      ['EUR', 'USD', '0'],
      ['EUR', 'USD'],
    ]) {
      const r = cli(dataDir, ['fx', 'set', ...bad]);
      expect(r.code, bad.join(' ')).toBe(2);
    }
    const list = cli(dataDir, ['fx', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ base: 'EUR', quote: 'USD', rate: '1.0842' })]);
  });

  it('vendor create and payment-frames record the payment frames a shop declares; a bad origin is a usage error that changes nothing', () => {
    expect(vendor.payment_frames).toEqual(['https://pay.example', 'https://fields.psp.example']);
    const bad = cli(dataDir, [
      'vendor',
      'create',
      '--name',
      'Bad',
      '--origin',
      'https://bad.example',
      '--payment-frame',
      'https://pay.example/fields',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--payment-frame https:\/\/pay\.example\/fields: origin must have no path/);
    const notUrl = cli(dataDir, ['vendor', 'payment-frames', vendor.id, '--payment-frame', 'javascript:alert(1)']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/--payment-frame javascript:alert\(1\): origin must be http\(s\)/);
    // The vendor record lists them; neither refusal changed anything.
    const listed = JSON.parse(cli(dataDir, ['vendor', 'list']).stdout) as {
      id: string;
      name: string;
      payment_frames: string[];
    }[];
    expect(listed.map((v) => v.name)).not.toContain('Bad');
    expect(listed.find((v) => v.id === vendor.id)?.payment_frames).toEqual([
      'https://pay.example',
      'https://fields.psp.example',
    ]);

    const replaced = cli(dataDir, ['vendor', 'payment-frames', vendor.id, '--payment-frame', 'https://pay.example']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ id: vendor.id, payment_frames: ['https://pay.example'] });
  });

  it('vendor create prints the id and the key once; list shows no key; bad input is a usage error', () => {
    expect(vendor.id).toMatch(/^ven_/);
    expect(vendor.key).toMatch(/^vk_/);
    expect(vendor.origin).toBe('https://demo.example');
    const list = cli(dataDir, ['vendor', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(vendor.id);
    expect(list.stdout).not.toContain(vendor.key);
    const bad = cli(dataDir, ['vendor', 'create', '--name', 'X', '--origin', 'not a url']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--origin/);
    expect(cli(dataDir, ['vendor', 'frobnicate']).code).toBe(2);
  });

  it('serves the full flow on the persisted embedded database, with logs free of card secrets', async () => {
    const p = await serve(dataDir);
    try {
      expect((await call(p.url, 'GET', '/healthz')).body).toEqual({ ok: true, db: 'pglite' });
      const doc = await call<{ openapi: string; paths: Record<string, unknown>; info: { description: string } }>(
        p.url,
        'GET',
        '/openapi.json',
      );
      expect(doc.body.openapi).toBe('3.1.0');
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/authorizations',
          '/v1/authorizations/{id}',
          '/v1/authorizations/{id}/capture',
          '/v1/authorizations/{id}/reverse',
          '/v1/refunds',
        ]),
      );
      expect(doc.body.info.description).toContain('| 62 |');

      const up = await call<{ device_token: string }>(p.url, 'POST', '/v1/shopper/signup', undefined, {
        email: 'op@example.com',
        password: 'a long enough password',
        device_name: 'cli',
      });
      const t = up.body.device_token;
      await call(p.url, 'POST', '/v1/shopper/funding-sources', t, {
        kind: 'card',
        number: '5555555555554444',
        exp_month: 1,
        exp_year: 2099,
        holder: 'Op',
      });
      await call(p.url, 'POST', '/v1/shopper/top-ups', t, { amount: 50_00, currency: 'USD' });
      const card = (
        await call<IssuedCard>(p.url, 'POST', '/v1/shopper/cards', t, { merchant: { origin: 'https://demo.example' } })
      ).body;
      // The shop's declared payment frame comes with the card at issue.
      expect(card.payment_frames).toEqual(['https://pay.example']);
      const auth = await call(p.url, 'POST', '/v1/authorizations', vendor.key, {
        card: {
          number: card.secrets.number,
          exp_month: card.secrets.exp_month,
          exp_year: card.secrets.exp_year,
          cvc: card.secrets.cvc,
        },
        amount: 20_00,
        currency: 'USD',
        merchant: { name: 'Demo Shop', origin: 'https://demo.example' },
      });
      expect(auth.body).toMatchObject({ status: 'approved', reason: '00' });
      // A malformed request with a card number in it: refused, and not echoed to the log.
      await call(p.url, 'POST', '/v1/authorizations', vendor.key, {
        card: { number: card.secrets.number, cvc: card.secrets.cvc },
        amount: 'x',
      });

      // A second process cannot open the same embedded database.
      const clash = cli(dataDir, ['vendor', 'list']);
      expect(clash.code).not.toBe(0);
      expect(clash.stderr).toMatch(/in use by process/);

      // The provider writes its log lines once per turn of its event loop, and the pipe is
      // read on this side's: wait until the last request's line is in (or time out).
      await vi.waitFor(() => expect(p.output()).toMatch(/POST \/v1\/authorizations 400/), { timeout: 60_000 });
      const log = p.output();
      expect(log).toMatch(/POST \/v1\/authorizations 200/);
      expect(log).not.toContain(card.secrets.number);
      expect(log).not.toContain('5555555555554444');
      expect(log).not.toMatch(new RegExp(`cvc\\W+${card.secrets.cvc}`));
    } finally {
      await p.stop();
    }
    // Restarted, the data is still there and the schema is not migrated twice.
    const again = await serve(dataDir);
    try {
      const signin = await call<{ device_token: string }>(again.url, 'POST', '/v1/shopper/signin', undefined, {
        email: 'op@example.com',
        password: 'a long enough password',
        device_name: 'cli 2',
      });
      expect(signin.status).toBe(200);
      const me = await call(again.url, 'GET', '/v1/shopper/me', signin.body.device_token);
      expect(me.body).toMatchObject({ balance: 30_00, held: 20_00 });
    } finally {
      await again.stop();
    }
    const check = cli(dataDir, ['ledger', 'check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toEqual({ ok: true, problems: [] });
  });

  it('topup reverse takes back a settled top-up with a journal (the rest owed), and the books still check', () => {
    const list = cli(dataDir, ['topup', 'list', '--state', 'settled']);
    expect(list.code, list.stderr).toBe(0);
    const [topUp] = JSON.parse(list.stdout) as { id: string; amount: number; rail: string }[];
    expect(topUp).toMatchObject({ amount: 50_00, rail: 'sandbox' });
    const reversed = cli(dataDir, ['topup', 'reverse', topUp!.id, '--reason', 'chargeback']);
    expect(reversed.code, reversed.stderr).toBe(0);
    expect(JSON.parse(reversed.stdout)).toMatchObject({ id: topUp!.id, state: 'reversed', reason: 'chargeback' });
    // Settled money cannot fail afterwards, and a reason is required.
    expect(cli(dataDir, ['topup', 'fail', topUp!.id, '--reason', 'late']).stderr).toMatch(/reversed: it cannot fail/);
    expect(cli(dataDir, ['topup', 'reverse', topUp!.id]).code).toBe(2);
    const check = cli(dataDir, ['ledger', 'check']);
    expect(JSON.parse(check.stdout)).toEqual({ ok: true, problems: [] });
  });

  it('vendor revoke stops the key working', async () => {
    expect(cli(dataDir, ['vendor', 'revoke', vendor.id]).code).toBe(0);
    const p = await serve(dataDir);
    try {
      const res = await call<{ error: { code: string } }>(p.url, 'POST', '/v1/authorizations', vendor.key, {});
      expect(res.status).toBe(401);
    } finally {
      await p.stop();
    }
  });
});
