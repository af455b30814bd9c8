/**
 * Digital goods: the shop uploads a file sealed to the shopper's per-purchase key
 * (sealed-file.ts) under the purchase's authorization; the shopper's extension lists,
 * fetches and opens it. The provider relays ciphertext only (docs/digital-goods.md).
 */
import { z } from 'zod';
import { Id, Origin, Text, Timestamp } from './common';

/** An X25519 public key, raw 32 bytes as unpadded base64url (43 characters). */
export const DeliveryPublicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, '32 bytes as unpadded base64url');

/** In the vendor's authorization answer, once approved, for a card issued with digital delivery. */
export const DigitalDelivery = z.object({
  reference: z.string().meta({ description: 'The purchasing ID: what the shop files the purchase under' }),
  public_key: DeliveryPublicKey.meta({ description: 'Seal files for this purchase to this key (sealForShopper)' }),
});
export type DigitalDelivery = z.infer<typeof DigitalDelivery>;

/** A file name as the shopper's browser will save it: no path, no control characters. */
const FileName = Text()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^/\\:*?"<>|]+$/, 'a plain file name, without / \\ : * ? " < > |')
  .refine((n) => n !== '.' && n !== '..', 'a plain file name');

/** The upload's description; the body is the sealed file itself (application/octet-stream). */
export const DigitalUploadQuery = z.strictObject({
  authorization_id: Id('auth'),
  file_name: FileName,
  media_type: z
    .string()
    .max(100)
    .regex(/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/, 'a media type like application/epub+zip'),
  size: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .meta({ description: 'The sealed file’s length in bytes (sealedSize of the plaintext): the body’s exact length' }),
});
export type DigitalUploadQuery = z.infer<typeof DigitalUploadQuery>;

/** A delivered file as the vendor sees it. */
export const DigitalFile = z.object({
  id: z.string(),
  authorization_id: z.string(),
  file_name: z.string(),
  media_type: z.string(),
  size: z.int(),
  created_at: Timestamp,
});
export type DigitalFile = z.infer<typeof DigitalFile>;

/** A delivered file as its shopper sees it: enough to find the purchase's key (card_id) and the shop. */
export const ShopperDigitalFile = DigitalFile.extend({
  card_id: z.string(),
  purchasing_id: z.string(),
  merchant: z.object({ name: z.string(), origin: z.string() }),
  downloaded_at: Timestamp.nullable(),
});
export type ShopperDigitalFile = z.infer<typeof ShopperDigitalFile>;

export const ListDigitalFilesQuery = z.strictObject({ merchant: Origin.optional() });

/** A raw 32-byte key as unpadded base64url: how delivery keys travel and are stored. */
export function keyToText(key: Uint8Array): string {
  return btoa(String.fromCharCode(...key))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The inverse of keyToText; throws on anything but 32 bytes of unpadded base64url. */
export function keyFromText(text: string): Uint8Array {
  if (!DeliveryPublicKey.safeParse(text).success) throw new Error('a key is 32 bytes as unpadded base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '=');
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
