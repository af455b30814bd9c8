/**
 * Delivers queued webhooks: claims due rows (SKIP LOCKED, so several provider
 * processes share the work), signs the current vendor view of the authorization, and
 * POSTs it. A failure is retried with exponential backoff, 8 attempts in all.
 */
import { randomBytes } from 'node:crypto';
import { signWebhook, SIGNATURE_HEADER } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import type { Keys } from '../crypto/keys';
import { AUTH_COLUMNS, toVendorView, type AuthRow } from '../authorizations/records';
import { HttpError } from '../http/errors';
import { withReceipt } from '../receipts/receipts';

const MAX_ATTEMPTS = 8;
const TIMEOUT_MS = 5000;
/** While one process delivers a row, others leave it alone this long. */
const LEASE_MS = 30_000;

export function checkWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HttpError(400, 'invalid_request', 'the webhook URL is not a URL');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(loopback && url.protocol === 'http:'))
    throw new HttpError(400, 'invalid_request', 'the webhook URL must be https (http only on loopback)');
  return url.toString();
}

/** Sets (or replaces) the vendor's webhook and returns the new secret, shown once. */
export async function setWebhook(
  keys: Keys,
  sql: Sql,
  vendorId: string,
  url: string,
): Promise<{ url: string; secret: string } | undefined> {
  const checked = checkWebhookUrl(url);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const rows = await sql.query(
    'UPDATE vendors SET webhook_url = $2, webhook_secret_enc = $3 WHERE id = $1 RETURNING id',
    [vendorId, checked, keys.seal(secret, vendorId)],
  );
  return rows.length ? { url: checked, secret } : undefined;
}

interface Due {
  id: number;
  vendor_id: string;
  authorization_id: string;
  attempts: number;
  webhook_url: string;
  webhook_secret_enc: Buffer;
}

/** One pass: delivers what is due; returns how many were delivered. */
export async function deliverDue(ctx: ProviderContext, batch = 10): Promise<number> {
  // Due-ness is judged by the database's clock, the one that stamped the rows.
  const due = await ctx.db.tx(async (sql) => {
    const rows = await sql.query<Due>(
      `SELECT d.id, d.vendor_id, d.authorization_id, d.attempts, v.webhook_url, v.webhook_secret_enc
       FROM webhook_deliveries d JOIN vendors v ON v.id = d.vendor_id
       WHERE d.delivered_at IS NULL AND d.next_attempt_at <= now() AND d.attempts < $1 AND v.webhook_url IS NOT NULL
       ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
      [MAX_ATTEMPTS, batch],
    );
    if (rows.length)
      await sql.query(
        'UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $2) WHERE id = ANY($1::bigint[])',
        [rows.map((r) => r.id), LEASE_MS / 1000],
      );
    return rows;
  });
  let delivered = 0;
  for (const d of due) {
    const [auth] = await ctx.db.query<AuthRow>(`SELECT ${AUTH_COLUMNS} FROM authorizations WHERE id = $1`, [
      d.authorization_id,
    ]);
    const body = JSON.stringify({
      id: `whd_${d.id}`,
      type: 'authorization.decided',
      // The decision's signed receipt rides along, as in the vendor API's answers.
      authorization: auth ? await withReceipt(ctx.keys, ctx.db, toVendorView(auth)) : null,
    });
    let error: string | null = null;
    try {
      const secret = ctx.keys.open(Buffer.from(d.webhook_secret_enc), d.vendor_id);
      const res = await fetch(d.webhook_url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: await signWebhook(secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message.slice(0, 200);
    }
    if (error === null) {
      delivered++;
      await ctx.db.query(
        'UPDATE webhook_deliveries SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1',
        [d.id],
      );
    } else {
      await ctx.db.query(
        'UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1',
        [d.id, error, 2 ** d.attempts],
      );
    }
  }
  return delivered;
}
