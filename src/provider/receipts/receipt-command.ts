/**
 * `npm run provider -- receipt verify FILE [--jwks FILE | --provider URL]` and
 * `receipt rotate-key`. FILE holds a receipt (a compact JWS), or JSON that carries
 * receipts under "receipt"/"receipts" anywhere in it: a vendor answer, a webhook body,
 * a shopper's dispute pack. The keys come from the provider's JWKS unless --jwks names
 * a saved copy (a dispute checked years later, offline).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { RECEIPTS_JWKS_PATH, ReceiptJwks, verifyReceipt, type ReceiptCheck } from '../../protocol';
import type { Db } from '../db/db';
import { rotateReceiptKey } from './signing-keys';

const JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Every receipt in a file: the file itself when it is one, else the values of "receipt"/"receipts" keys in its JSON. */
export function receiptsIn(text: string): string[] {
  const t = text.trim();
  if (JWS.test(t)) return [t];
  const found: string[] = [];
  const walk = (v: unknown, underReceiptKey: boolean): void => {
    if (typeof v === 'string') {
      if (underReceiptKey && JWS.test(v)) found.push(v);
    } else if (Array.isArray(v)) for (const x of v) walk(x, underReceiptKey);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, k === 'receipt' || k === 'receipts');
  };
  walk(JSON.parse(t) as unknown, false);
  return found;
}

async function loadJwks(jwksFile: string | undefined, providerUrl: string): Promise<ReceiptJwks> {
  const raw = jwksFile
    ? (JSON.parse(await readFile(jwksFile, 'utf8')) as unknown)
    : await fetch(new URL(RECEIPTS_JWKS_PATH, providerUrl), { signal: AbortSignal.timeout(10_000) }).then((r) => {
        if (!r.ok) throw new Error(`${providerUrl}${RECEIPTS_JWKS_PATH} answered ${r.status}`);
        return r.json() as Promise<unknown>;
      });
  const jwks = ReceiptJwks.safeParse(raw);
  if (!jwks.success) throw new Error('the key set is not a JWKS of Ed25519 keys');
  return jwks.data;
}

export async function receiptCommand(
  args: string[],
  env: { providerUrl: string; withDb: <T>(fn: (db: Db) => Promise<T>) => Promise<T>; usage: (m: string) => Error },
): Promise<{ out: unknown; ok: boolean }> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { jwks: { type: 'string' }, provider: { type: 'string' } },
    allowPositionals: true,
  });
  switch (sub) {
    case 'verify': {
      const file = positionals[0];
      if (!file) throw env.usage('receipt verify needs a FILE (a receipt, or JSON holding receipts)');
      let receipts: string[];
      try {
        receipts = receiptsIn(await readFile(file, 'utf8'));
      } catch (err) {
        throw env.usage(`${file}: ${(err as Error).message}`);
      }
      if (!receipts.length) throw env.usage(`${file} holds no receipt`);
      const jwks = await loadJwks(values.jwks, values.provider ?? env.providerUrl);
      const checks: ReceiptCheck[] = [];
      for (const r of receipts) checks.push(await verifyReceipt(r, jwks));
      const ok = checks.every((c) => c.ok);
      return { out: { ok, receipts: checks }, ok };
    }
    case 'rotate-key': {
      const rotated = await env.withDb((db) => db.tx((sql) => rotateReceiptKey(sql, new Date())));
      return { out: rotated, ok: true };
    }
    default:
      throw env.usage(`unknown receipt command ${sub ?? ''}`);
  }
}
