/** The vendor API: what a shop's backend sends to validate, capture, reverse and refund. */
import { z } from 'zod';
import { Amount, Currency, Id, Origin, PositiveAmount, Text, Timestamp } from './common';
import { REASON_CODES, type ReasonCode } from './reasons';
import { DigitalDelivery } from './digital';
import { Receipt } from './receipts';

export const CardDetails = z.strictObject({
  number: z
    .string()
    .regex(/^[\d -]{12,25}$/, 'digits only (spaces and dashes are ignored)')
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, '12 to 19 digits')),
  exp_month: z.int().min(1).max(12),
  exp_year: z.int().min(2000).max(2099).meta({ description: 'Four-digit year' }),
  cvc: z.string().regex(/^\d{3,4}$/, '3 or 4 digits'),
});

export const Merchant = z.strictObject({
  name: Text().trim().min(1).max(200),
  origin: Origin,
});

export const AuthorizationRequest = z.strictObject({
  card: CardDetails,
  amount: Amount,
  currency: Currency,
  merchant: Merchant,
  purchasing_id: Text()
    .max(64)
    .optional()
    .meta({ description: 'The Veil purchasing ID the shopper filled, if the checkout collected it' }),
  wait: z.boolean().optional().meta({
    description:
      'false: never answer pending; a charge that needs the shopper is declined 1A at once (retry after they approve)',
  }),
  deadline_ms: z
    .int()
    .min(1)
    .max(600_000)
    .optional()
    .meta({ description: 'How long this request can wait for an answer; under 3000 acts as wait: false' }),
});
export type AuthorizationRequest = z.infer<typeof AuthorizationRequest>;

export const AuthorizationStatus = z.enum(['pending', 'approved', 'declined', 'captured', 'reversed', 'expired']);
export type AuthorizationStatus = z.infer<typeof AuthorizationStatus>;

export const ReasonCodeSchema = z.enum(REASON_CODES as [ReasonCode, ...ReasonCode[]]);

export const Authorization = z.object({
  id: z.string(),
  status: AuthorizationStatus,
  reason: ReasonCodeSchema,
  reason_text: z.string(),
  retry: z.boolean().optional().meta({
    description:
      'Declined only: false when retrying cannot succeed (R1, 14, 54, 57, 62, 75), true otherwise; absent when not declined',
  }),
  amount: Amount,
  currency: Currency,
  captured_amount: Amount,
  refunded_amount: Amount,
  merchant: z.object({ name: z.string(), origin: z.string() }),
  created_at: Timestamp,
  decision_deadline: Timestamp.nullable().meta({ description: 'While pending: when the shopper’s answer is due' }),
  hold_expires_at: Timestamp.nullable().meta({ description: 'While approved: when an uncaptured hold lapses' }),
  cart: z
    .object({ amount: Amount, currency: Currency })
    .nullable()
    .meta({ description: 'The order total the shopper confirmed when the card was issued, if recorded' }),
  delivery: DigitalDelivery.optional().meta({
    description:
      'Approved or captured, on a card issued with digital delivery: seal the purchased files to public_key and upload them (POST /v1/deliveries/digital)',
  }),
  receipt: Receipt.optional().meta({
    description:
      'The signed receipt of this decision (absent while pending): a compact JWS to keep; verify it against /.well-known/veil-receipts.json',
  }),
});
export type Authorization = z.infer<typeof Authorization>;

export const WaitQuery = z.strictObject({
  wait: z.coerce
    .number()
    .min(0)
    .max(30)
    .optional()
    .meta({ description: 'Long-poll up to this many seconds while pending' }),
});

export const CaptureRequest = z.strictObject({
  amount: PositiveAmount.optional().meta({
    description: 'Defaults to the full authorized amount; a smaller amount releases the rest',
  }),
  courier_id: Id('cou').optional().meta({
    description:
      'The courier carrying the parcel: only it can resolve the purchase reference. Unset: the first courier to resolve it after capture holds it',
  }),
});
export const ReverseRequest = z.strictObject({});

export const RefundRequest = z.strictObject({
  authorization_id: Text().min(1).max(64),
  amount: PositiveAmount,
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const Refund = z.object({
  id: z.string(),
  authorization_id: z.string(),
  amount: Amount,
  currency: Currency,
  created_at: Timestamp,
  receipt: Receipt.optional().meta({ description: 'The signed receipt of this refund (status "refunded")' }),
});
export type Refund = z.infer<typeof Refund>;
