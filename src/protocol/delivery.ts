/**
 * Anonymous delivery. The shop ships to the provider's forwarding address under the
 * purchasing ID; only an authenticated courier, after the charge was captured, learns
 * the shopper's real address from that reference.
 */
import { z } from 'zod';
import { Text, Timestamp } from './common';
import { DeliveryPublicKey } from './digital';

const Line = (max: number) => Text().trim().min(1).max(max);

export const AddressFields = z.strictObject({
  name: Line(200),
  line1: Line(200),
  line2: Text().trim().max(200).optional(),
  city: Line(100),
  region: Text().trim().max(100).optional(),
  postal_code: Text()
    .trim()
    .min(2)
    .max(16)
    .regex(/^[A-Za-z0-9 -]+$/, 'letters, digits, spaces and dashes'),
  country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter ISO 3166 code in capitals, like US'),
  phone: Text()
    .trim()
    .max(32)
    .regex(/^\+?[0-9 ().-]{5,32}$/, 'a phone number')
    .optional(),
});
export type AddressFields = z.infer<typeof AddressFields>;

export const AddDeliveryAddressRequest = AddressFields.extend({
  label: Text().trim().min(1).max(60).optional(),
  make_default: z.boolean().optional(),
});

export const UpdateDeliveryAddressRequest = z.strictObject({ make_default: z.literal(true) });

export const DeliveryAddress = z.object({
  id: z.string(),
  label: z.string(),
  /** Shown to the shopper on their own device only. */
  summary: z.string(),
  is_default: z.boolean(),
  created_at: Timestamp,
});
export type DeliveryAddress = z.infer<typeof DeliveryAddress>;

/** What the extension fills as the shipping address: the forwarding address under the purchasing ID. */
export const ShippingIdentity = z.object({
  name: z.string(),
  address_line1: z.string(),
  address_line2: z.string(),
  city: z.string(),
  region: z.string(),
  postal_code: z.string(),
  country: z.string(),
  phone: z.string(),
  reference: z.string(),
});
export type ShippingIdentity = z.infer<typeof ShippingIdentity>;

export const CardDeliveryOptions = z.strictObject({
  masking: z.boolean().optional().meta({
    description: 'Ship to the forwarding address under the purchasing ID; default on when you have a delivery address',
  }),
  alias: Text()
    .trim()
    .min(1)
    .max(60)
    .optional()
    .meta({ description: 'Recipient name the shop sees instead of "Veil <purchasing ID>"' }),
  address_id: Text()
    .max(64)
    .optional()
    .meta({ description: 'Where the courier delivers; default: your default delivery address' }),
  digital_public_key: DeliveryPublicKey.optional().meta({
    description:
      'Digital delivery: the per-purchase X25519 public key the shop seals files to (the private key stays on the device)',
  }),
});

export const ResolveRequest = z.strictObject({ reference: Text().trim().min(1).max(64) });

export const DeliveryLabel = z.object({
  reference: z.string(),
  name: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postal_code: z.string(),
  country: z.string(),
  phone: z.string().nullable(),
  resolutions_left: z.int(),
});
export type DeliveryLabel = z.infer<typeof DeliveryLabel>;
