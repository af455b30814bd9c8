/**
 * Digital goods on the provider: a vendor's sealed upload for a captured purchase, the
 * shopper's list and download, deletion once the shopper confirms or the retention runs
 * out. The provider stores and relays ciphertext only; it cannot open what it holds
 * (the private key is in the shopper's extension). Every upload, download and deletion
 * is an audit event in the shopper's trail.
 */
import type { DigitalFile, DigitalUploadQuery, ShopperDigitalFile } from '../../protocol';
import { displayText } from '../../protocol';
import type { ProviderContext } from '../context';
import type { Sql } from '../db/db';
import { recordEvent } from '../audit/events';
import { newId } from '../crypto/tokens';
import { HttpError } from '../http/errors';
import type { Vendor } from '../vendors/vendors';
import type { DeviceAuth } from '../shoppers/accounts';
import { BlobSizeError } from './blob-store';

interface FileRow {
  id: string;
  authorization_id: string;
  shopper_id: string;
  card_id: string;
  file_name: string;
  media_type: string;
  size: number;
  created_at: Date;
  downloaded_at: Date | null;
  purchasing_id: string;
  merchant_name: string;
  merchant_origin: string;
}

const FILE_COLUMNS = `f.id, f.authorization_id, f.shopper_id, f.card_id, f.file_name, f.media_type, f.size, f.created_at,
  f.downloaded_at, c.purchasing_id, a.merchant_name, a.merchant_origin`;
const FILE_FROM = `digital_files f JOIN cards c ON c.id = f.card_id JOIN authorizations a ON a.id = f.authorization_id`;

function toVendorFile(r: Omit<FileRow, 'purchasing_id' | 'merchant_name' | 'merchant_origin' | 'downloaded_at'>) {
  return {
    id: r.id,
    authorization_id: r.authorization_id,
    file_name: r.file_name,
    media_type: r.media_type,
    size: Number(r.size),
    created_at: r.created_at.toISOString(),
  } satisfies DigitalFile;
}

function toShopperFile(r: FileRow): ShopperDigitalFile {
  return {
    ...toVendorFile(r),
    card_id: r.card_id,
    purchasing_id: r.purchasing_id,
    merchant: { name: displayText(r.merchant_name), origin: r.merchant_origin },
    downloaded_at: r.downloaded_at?.toISOString() ?? null,
  };
}

interface Purchase {
  id: string;
  status: string;
  card_id: string | null;
  shopper_id: string | null;
  merchant_origin: string;
  delivery: unknown;
}

/** The checks that need no body: the size against the limit and Content-Length, the purchase's state. */
async function purchaseFor(
  sql: Sql,
  vendor: Vendor,
  q: DigitalUploadQuery,
  lock: boolean,
): Promise<Purchase & { card_id: string; shopper_id: string }> {
  const rows = await sql.query<Purchase>(
    `SELECT id, status, card_id, shopper_id, merchant_origin, delivery FROM authorizations WHERE id = $1 AND vendor_id = $2${lock ? ' FOR SHARE' : ''}`,
    [q.authorization_id, vendor.id],
  );
  const a = rows[0];
  // Another vendor's authorization reads as unknown, as everywhere in the vendor API.
  if (!a || !a.card_id || !a.shopper_id) throw new HttpError(404, 'not_found', 'authorization not found');
  if (a.status !== 'captured')
    throw new HttpError(409, 'conflict', `deliver files after capture: this authorization is ${a.status}`);
  if (!a.delivery)
    throw new HttpError(
      409,
      'conflict',
      'this purchase was not made with digital delivery: there is no key to seal files to',
    );
  return a as Purchase & { card_id: string; shopper_id: string };
}

export async function uploadFile(
  ctx: ProviderContext,
  vendor: Vendor,
  q: DigitalUploadQuery,
  contentLength: number | undefined,
  body: AsyncIterable<Uint8Array> | null,
): Promise<DigitalFile> {
  const max = ctx.policy.digitalMaxBytes;
  if (q.size > max)
    throw new HttpError(413, 'body_too_large', `files are limited to ${max} bytes; this one is ${q.size}`);
  if (contentLength !== undefined && contentLength !== q.size)
    throw new HttpError(400, 'invalid_request', `Content-Length ${contentLength} is not the declared size ${q.size}`);
  await purchaseFor(ctx.db, vendor, q, false);
  if (!body) throw new HttpError(400, 'invalid_request', 'send the sealed file as the body');

  const id = newId('file');
  let pending;
  try {
    pending = await ctx.blobs.write(id, body, q.size);
  } catch (err) {
    if (!(err instanceof BlobSizeError)) throw err;
    if (err.kind === 'short')
      throw new HttpError(400, 'invalid_request', `the body ended after ${err.received} of ${q.size} bytes`);
    throw new HttpError(413, 'body_too_large', `the body is longer than the declared size ${q.size}`);
  }
  let committed = false;
  try {
    return await ctx.db.tx(async (sql) => {
      // Again under a lock: the purchase cannot change under the upload between the checks and the row.
      const a = await purchaseFor(sql, vendor, q, true);
      const at = ctx.clock();
      const rows = await sql.query<FileRow>(
        `INSERT INTO digital_files (id, authorization_id, vendor_id, shopper_id, card_id, file_name, media_type, size, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [id, a.id, vendor.id, a.shopper_id, a.card_id, q.file_name, q.media_type, q.size, at],
      );
      await recordEvent(sql, {
        shopperId: a.shopper_id,
        kind: 'digital.uploaded',
        at,
        cardId: a.card_id,
        authorizationId: a.id,
        merchantOrigin: a.merchant_origin,
        detail: { file_id: id, file_name: q.file_name, media_type: q.media_type, size: q.size },
      });
      await pending.commit();
      committed = true;
      return toVendorFile(rows[0]!);
    });
  } catch (err) {
    if (committed) await ctx.blobs.remove(id);
    else await pending.discard();
    throw err;
  }
}

export async function listFiles(ctx: ProviderContext, auth: DeviceAuth, merchant: string | undefined) {
  const rows = await ctx.db.query<FileRow>(
    `SELECT ${FILE_COLUMNS} FROM ${FILE_FROM}
     WHERE f.shopper_id = $1 AND f.deleted_at IS NULL AND ($2::text IS NULL OR a.merchant_origin = $2)
     ORDER BY f.created_at DESC, f.id LIMIT 500`,
    [auth.shopperId, merchant ?? null],
  );
  return rows.map(toShopperFile);
}

/** The sealed bytes, streamed; the download is recorded as it starts. */
export async function downloadFile(ctx: ProviderContext, auth: DeviceAuth, id: string) {
  const gone = () => new HttpError(404, 'not_found', 'file not found (or already deleted)');
  const rows = await ctx.db.query<FileRow>(
    `SELECT ${FILE_COLUMNS} FROM ${FILE_FROM} WHERE f.id = $1 AND f.shopper_id = $2 AND f.deleted_at IS NULL`,
    [id, auth.shopperId],
  );
  const f = rows[0];
  if (!f) throw gone();
  const blob = await ctx.blobs.read(id);
  if (!blob) throw gone();
  const at = ctx.clock();
  await ctx.db.tx(async (sql) => {
    await sql.query('UPDATE digital_files SET downloaded_at = coalesce(downloaded_at, $2) WHERE id = $1', [id, at]);
    await recordEvent(sql, {
      shopperId: f.shopper_id,
      kind: 'digital.downloaded',
      at,
      cardId: f.card_id,
      authorizationId: f.authorization_id,
      merchantOrigin: f.merchant_origin,
      detail: { file_id: id, file_name: f.file_name, size: Number(f.size) },
    });
  });
  return { file: toShopperFile(f), ...blob };
}

/** Marks the file deleted and records why, then removes the blob (a crash in between leaves an orphan `recover` removes). */
async function deleteFile(
  ctx: ProviderContext,
  id: string,
  why: 'downloaded' | 'retention',
  shopperId?: string,
): Promise<boolean> {
  const deleted = await ctx.db.tx(async (sql) => {
    const rows = await sql.query<FileRow>(
      `SELECT ${FILE_COLUMNS} FROM ${FILE_FROM}
       WHERE f.id = $1 AND f.deleted_at IS NULL AND ($2::text IS NULL OR f.shopper_id = $2) FOR UPDATE OF f SKIP LOCKED`,
      [id, shopperId ?? null],
    );
    const f = rows[0];
    if (!f) return false;
    const at = ctx.clock();
    await sql.query('UPDATE digital_files SET deleted_at = $2, deleted_why = $3 WHERE id = $1', [id, at, why]);
    await recordEvent(sql, {
      shopperId: f.shopper_id,
      kind: 'digital.deleted',
      at,
      cardId: f.card_id,
      authorizationId: f.authorization_id,
      merchantOrigin: f.merchant_origin,
      detail: { file_id: id, file_name: f.file_name, why },
    });
    return true;
  });
  if (deleted) await ctx.blobs.remove(id);
  return deleted;
}

export async function confirmReceived(ctx: ProviderContext, auth: DeviceAuth, id: string): Promise<void> {
  if (!(await deleteFile(ctx, id, 'downloaded', auth.shopperId)))
    throw new HttpError(404, 'not_found', 'file not found (or already deleted)');
}

/** The sweeper's part: files past the operator's retention, confirmed or not. */
export async function deleteExpiredFiles(ctx: ProviderContext, at: Date, batch: number): Promise<number> {
  const due = await ctx.db.query<{ id: string }>(
    `SELECT id FROM digital_files WHERE deleted_at IS NULL AND created_at <= $1 ORDER BY created_at LIMIT $2`,
    [new Date(at.getTime() - ctx.policy.digitalRetentionS * 1000), batch],
  );
  let n = 0;
  for (const { id } of due) if (await deleteFile(ctx, id, 'retention')) n++;
  return n;
}

/** For BlobStore.recover: which of these blobs still have a live row. */
export async function liveFiles(ctx: ProviderContext, names: string[]): Promise<Set<string>> {
  const rows = await ctx.db.query<{ id: string }>(
    'SELECT id FROM digital_files WHERE id = ANY($1::text[]) AND deleted_at IS NULL',
    [names],
  );
  return new Set(rows.map((r) => r.id));
}
