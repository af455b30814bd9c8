/** `npm run provider -- receipt verify FILE`: a shop's or a shopper's receipt checked against the provider's keys, or a saved JWKS. */
import { afterAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDb } from '../support/harness';

const dir = mkdtempSync(join(tmpdir(), 'veil-receipt-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Spawned without blocking: the provider the command calls runs in this process. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/provider/cli.ts', ...args], {
    env: { ...process.env, VEIL_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describeEachDb('receipt verify (CLI)', (h) => {
  it(
    'verifies a receipt against the running provider, a JSON file of them offline, and refuses a tampered one',
    { timeout: 300_000 },
    async () => {
      const v = await h().vendor();
      const s = await h().shopper();
      const card = await h().issue(s.token);
      const auth = await h().authorize(v, card, 12_34);
      const receipt = auth.body.receipt!;

      const online = await cli(['receipt', 'verify', file(`${h().kind}.jws`, receipt), '--provider', h().url]);
      expect(online.code, online.stderr).toBe(0);
      expect(JSON.parse(online.stdout)).toMatchObject({
        ok: true,
        receipts: [{ ok: true, claims: { authorization_id: auth.body.id, amount: 12_34, status: 'approved' } }],
      });

      // A saved vendor answer (or a dispute pack) holds its receipts under "receipt"/"receipts".
      const jwks = file(
        `${h().kind}-jwks.json`,
        JSON.stringify((await h().request('GET', '/.well-known/veil-receipts.json')).body),
      );
      const [hd, pl, sig] = receipt.split('.') as [string, string, string];
      const forged = `${hd}.${pl.slice(0, -2)}${pl.endsWith('A') ? 'B' : 'A'}${pl.slice(-1)}.${sig}`;
      const pack = file(`${h().kind}-pack.json`, JSON.stringify({ answer: auth.body, receipts: [receipt, forged] }));
      const offline = await cli(['receipt', 'verify', pack, '--jwks', jwks]);
      expect(offline.code).toBe(1);
      const out = JSON.parse(offline.stdout) as { ok: boolean; receipts: { ok: boolean; error?: string }[] };
      expect(out.ok).toBe(false);
      expect(out.receipts.map((r) => r.ok)).toEqual([true, true, false]);

      const none = await cli(['receipt', 'verify', file(`${h().kind}-empty.json`, '{"receipt": 3}'), '--jwks', jwks]);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/holds no receipt/);
    },
  );
});

it('receipt rotate-key makes a new active key and retires the old one', { timeout: 300_000 }, async () => {
  const first = await cli(['receipt', 'rotate-key']);
  expect(first.code, first.stderr).toBe(0);
  const second = await cli(['receipt', 'rotate-key']);
  const a = JSON.parse(first.stdout) as { kid: string; retired: string[] };
  const b = JSON.parse(second.stdout) as { kid: string; retired: string[] };
  expect(a.retired).toHaveLength(1); // the key migration 025 made
  expect(b.retired).toEqual([a.kid]);
  expect(b.kid).not.toBe(a.kid);
});
