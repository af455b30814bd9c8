/** The shopper API: what the extension on a shopper's device sends, with a device token. */
import { z } from 'zod';
import { Amount, Currency, Origin, PositiveAmount, Text, Timestamp } from './common';
import { AuthorizationStatus, ReasonCodeSchema } from './vendor';
import { luhnValid, routingNumberValid } from './card-numbers';
import { Assertion, StepUpProof } from './webauthn';
import { CardDeliveryOptions, ShippingIdentity } from './delivery';
import { Receipt } from './receipts';
import { Rate } from './fx';

const Email = Text().trim().toLowerCase().pipe(z.email().max(254));
const Password = Text().min(10, 'at least 10 characters').max(200);
const DeviceName = Text().trim().min(1).max(100);

export const SignUpRequest = z.strictObject({ email: Email, password: Password, device_name: DeviceName });
export const SignInRequest = z.strictObject({
  email: Email,
  password: Text().min(1).max(200),
  device_name: DeviceName,
});
export const Session = z.object({ shopper_id: z.string(), device_id: z.string(), device_token: z.string() });
export type Session = z.infer<typeof Session>;

/**
 * A private-connection proxy credential (issue 21): Basic proxy authentication with
 * this username and password, until `expires_at`; fetch a new one before then. It is
 * not the device token: it opens only the proxy, and stops with the device.
 */
export const ProxyCredential = z.object({
  username: z.string(),
  password: z.string(),
  expires_at: Timestamp,
  /** Where the proxy listens, as clients reach it (host:port), or null when the operator runs none. */
  proxy: z.string().nullable(),
});
export type ProxyCredential = z.infer<typeof ProxyCredential>;

export const Device = z.object({
  id: z.string(),
  name: z.string(),
  created_at: Timestamp,
  last_seen_at: Timestamp.nullable(),
  revoked_at: Timestamp.nullable(),
  current: z.boolean(),
});
export type Device = z.infer<typeof Device>;

/** One currency's money: the shopper holds a balance per currency (issue 19). */
export const CurrencyBalance = z.object({
  currency: Currency,
  available: Amount,
  held: Amount,
  pending: Amount,
  owed: Amount,
});
export type CurrencyBalance = z.infer<typeof CurrencyBalance>;

export const Me = z.object({
  id: z.string(),
  email: z.string(),
  /** The account's home currency: `balance`, `held`, `pending` and `owed` are in it. */
  currency: Currency,
  balance: Amount,
  held: Amount,
  /** Requested top-ups not yet settled: not spendable. */
  pending: Amount,
  /** Owed after a reversal of money already spent; while above zero no new card is issued. */
  owed: Amount,
  /** The balance (or a pending top-up) came from a rail that moves no real money, such as the sandbox. */
  test_money: z.boolean(),
  /** Every currency the shopper holds or held money in, the home currency first. */
  balances: z.array(CurrencyBalance),
});
export type Me = z.infer<typeof Me>;

// Funding sources -----------------------------------------------------------

const digits = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(new RegExp(`^\\d{${min},${max}}$`), `${min} to ${max} digits`));

export const AddCardSource = z.strictObject({
  kind: z.literal('card'),
  number: digits(12, 19).refine(luhnValid, 'card number fails the Luhn check'),
  exp_month: z.int().min(1).max(12),
  exp_year: z.int().min(2000).max(2099),
  holder: Text().trim().min(1).max(200),
  limit: PositiveAmount.optional(),
  make_default: z.boolean().optional(),
});
export const AddBankSource = z.strictObject({
  kind: z.literal('bank'),
  routing_number: digits(9, 9).refine(routingNumberValid, 'routing number fails its checksum'),
  account_number: digits(4, 17),
  holder: Text().trim().min(1).max(200),
  limit: PositiveAmount.optional(),
  make_default: z.boolean().optional(),
});
export const AddFundingSourceRequest = z.discriminatedUnion('kind', [AddCardSource, AddBankSource]);
export type AddFundingSourceRequest = z.infer<typeof AddFundingSourceRequest>;

export const UpdateFundingSourceRequest = z.strictObject({
  make_default: z.literal(true).optional(),
  limit: PositiveAmount.nullable()
    .optional()
    .meta({ description: 'Most this source may top up in 30 days; null removes the limit' }),
});

export const FundingSource = z.object({
  id: z.string(),
  kind: z.enum(['card', 'bank']),
  brand: z.string(),
  last4: z.string(),
  is_default: z.boolean(),
  limit: Amount.nullable(),
  created_at: Timestamp,
});
export type FundingSource = z.infer<typeof FundingSource>;

export const TopUpRequest = z.strictObject({
  amount: PositiveAmount,
  currency: Currency,
  funding_source_id: Text().max(64).optional().meta({ description: 'Defaults to the default funding source' }),
});
export const TopUpState = z.enum(['requested', 'settled', 'failed', 'reversed']);
export const TopUp = z.object({
  id: z.string(),
  rail: z.string(),
  amount: Amount,
  currency: Currency,
  state: TopUpState,
  test_money: z.boolean(),
  reason: z.string().nullable(),
  requested_at: Timestamp,
  settled_at: Timestamp.nullable(),
  failed_at: Timestamp.nullable(),
  reversed_at: Timestamp.nullable(),
});
export type TopUp = z.infer<typeof TopUp>;
/** The top-up as it stands when answered (settled at once on the sandbox), and the balance then. */
export const TopUpResult = z.object({
  balance: Amount,
  held: Amount,
  pending: Amount,
  currency: Currency,
  test_money: z.boolean(),
  top_up: TopUp,
});

// Cards ---------------------------------------------------------------------

export const CardMode = z.enum(['notification', 'confirmation', 'card_reader', 'recurring']);
export type CardMode = z.infer<typeof CardMode>;
export const CardState = z.enum(['active', 'paused', 'closed', 'blocked', 'expired']);
export type CardState = z.infer<typeof CardState>;
export const Period = z.enum(['day', 'week', 'month']);

export const MAX_VALIDITY_S = 366 * 24 * 3600;

/** The order total the card was issued for, as the shopper confirmed it. A record, not a limit: `cap` limits. */
export const CartAmount = z.strictObject({ amount: PositiveAmount, currency: Currency });
export type CartAmount = z.infer<typeof CartAmount>;

/** A card drawing on a balance in another currency: the operator's rate, locked at issue. */
export const CardFunding = z.object({
  currency: Currency,
  rate: z
    .string()
    .meta({ description: 'Funding major units per card major unit, e.g. "1.0842" (EUR card, USD balance)' }),
});
/** When a card's free trial ends: an ISO 8601 moment with its offset, so no time zone is guessed. */
export const TrialEnd = z.iso.datetime({ offset: true });

export const IssueCardRequest = z
  .strictObject({
    merchant: z.strictObject({ origin: Origin, name: Text().trim().min(1).max(200).optional() }),
    mode: CardMode.default('notification'),
    currency: Currency.default('USD'),
    cap: PositiveAmount.optional().meta({ description: 'Largest single charge; default 500.00' }),
    uses: z
      .int()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: 'Charges allowed; default 1 (recurring: unlimited within the period limit)' }),
    validity_s: z
      .int()
      .min(60)
      .max(MAX_VALIDITY_S)
      .optional()
      .meta({ description: 'Seconds the card lives; default 24 h (recurring: 1 year)' }),
    period_limit: PositiveAmount.optional().meta({ description: 'Recurring: most the merchant may charge per period' }),
    period: Period.optional(),
    confirm_window_s: z
      .int()
      .min(10)
      .max(600)
      .optional()
      .meta({ description: 'Confirmation/card-reader: seconds the shopper has to answer; default 60' }),
    delivery: CardDeliveryOptions.optional(),
    cart: CartAmount.nullable()
      .optional()
      .meta({ description: 'The order total the shopper confirmed; recorded and shown next to what is charged' }),
    fund_from: Currency.optional().meta({
      description:
        'Draw on the balance in this currency instead of `currency`, at the operator rate (see GET /v1/shopper/fx/quote), locked for the card’s validity',
    }),
    fx_rate: Rate.optional().meta({
      description: 'With fund_from: the rate the shopper was shown; a different current rate is refused (409)',
    }),
    trial_ends_at: TrialEnd.optional().meta({
      description:
        'A free trial: from this moment the card is refund-only (new charges declined R1, refunds of earlier captures still land). Must be in the future',
    }),
  })
  .refine((r) => r.mode !== 'recurring' || r.period_limit !== undefined, {
    message: 'recurring cards need a period_limit',
    path: ['period_limit'],
  })
  .refine((r) => r.fx_rate === undefined || r.fund_from !== undefined, {
    message: 'fx_rate goes with fund_from',
    path: ['fx_rate'],
  });
export type IssueCardRequest = z.infer<typeof IssueCardRequest>;

/** A card as listed: never the full number or CVC. */
export const Card = z.object({
  id: z.string(),
  purchasing_id: z.string(),
  last4: z.string(),
  brand: z.string(),
  exp_month: z.int(),
  exp_year: z.int(),
  mode: CardMode,
  state: CardState,
  merchant: z.object({ origin: z.string(), name: z.string().nullable() }),
  currency: Currency,
  cap: Amount,
  uses_allowed: z.int().nullable(),
  uses_count: z.int(),
  period_limit: Amount.nullable(),
  period: Period.nullable(),
  confirm_window_s: z.int(),
  valid_until: Timestamp,
  created_at: Timestamp,
  /** A free trial's end: the card is refund-only from then on (null: no trial). */
  trial_ends_at: Timestamp.nullable().optional(),
  /** With delivery masking: the shipping identity the shop sees (the forwarding address). */
  shipping: ShippingIdentity.nullable(),
  /** With digital delivery: the per-purchase public key the shop seals files to. */
  digital_public_key: z.string().nullable().optional(),
  /** Payment-frame origins the merchant's vendor declared: the extension may fill the card there too (see payment-frames.ts). */
  payment_frames: z.array(z.string()).meta({
    description: 'Origins of the hosted payment fields the merchant declared; empty when no vendor declared any',
  }),
  cart: CartAmount.nullable().meta({ description: 'The order total the card was issued for, if any' }),
  funding: CardFunding.nullable().meta({ description: 'Set when the card draws on another currency’s balance' }),
  /** In the card list: pending and approved charges plus captures net of refunds, as a period limit counts them. */
  spent: Amount.optional().meta({
    description: 'In lists: charged so far (pending and approved at their amount, captures net of refunds)',
  }),
  spent_this_period: Amount.nullable().optional().meta({
    description:
      'In lists, for a card with a period: spent since the current period began (what the limit is checked against)',
  }),
});
export type Card = z.infer<typeof Card>;

// Conversion quotes --------------------------------------------------------

export const FxQuoteQuery = z.strictObject({
  currency: Currency.meta({ description: 'The card’s currency (what the shop charges)' }),
  fund_from: Currency.meta({ description: 'The balance it would draw on' }),
  amount: z.coerce.number().pipe(PositiveAmount).meta({ description: 'The cap, in minor units of `currency`' }),
});
export const FxQuote = z.object({
  currency: Currency,
  fund_from: Currency,
  rate: z.string().meta({ description: 'fund_from major units per currency major unit' }),
  set_at: Timestamp.meta({ description: 'When the operator set this rate' }),
  amount: Amount,
  funded_amount: Amount.meta({
    description: 'The most the cap draws from fund_from: amount at the rate, rounded down (in the shopper’s favour)',
  }),
});
export type FxQuote = z.infer<typeof FxQuote>;

/** Returned once at issue and on an authenticated reveal. */
export const CardSecrets = z.object({ number: z.string(), cvc: z.string(), exp_month: z.int(), exp_year: z.int() });
export type CardSecrets = z.infer<typeof CardSecrets>;
export const IssuedCard = Card.extend({ secrets: CardSecrets });
export type IssuedCard = z.infer<typeof IssuedCard>;

export const UpdateCardRequest = z
  .strictObject({
    state: z
      .enum(['active', 'paused', 'closed'])
      .optional()
      .meta({ description: 'active also unblocks a card blocked after wrong tries' }),
    mode: CardMode.optional(),
    cap: PositiveAmount.optional(),
    period_limit: PositiveAmount.optional(),
    trial_ends_at: TrialEnd.nullable()
      .optional()
      .meta({ description: 'Set, move or (null) clear the free trial; a moment not in the future ends it now' }),
    ...StepUpProof.shape,
  })
  .refine((r) => ['state', 'mode', 'cap', 'period_limit', 'trial_ends_at'].some((k) => k in r), 'nothing to change');

export const ListCardsQuery = z.strictObject({ origin: Origin.optional(), state: CardState.optional() });

// Authorizations seen by the shopper ----------------------------------------

/**
 * The vendor as registered with the provider (its key is bound to this origin): what
 * the shopper is shown first. A charge's own merchant name is the vendor's free choice
 * and comes second.
 */
export const VendorIdentity = z.object({ name: z.string(), origin: z.string() });
export type VendorIdentity = z.infer<typeof VendorIdentity>;

export const ShopperAuthorization = z.object({
  id: z.string(),
  card_id: z.string(),
  purchasing_id: z.string(),
  card_last4: z.string(),
  status: AuthorizationStatus,
  reason: ReasonCodeSchema,
  reason_text: z.string(),
  amount: Amount,
  currency: Currency,
  vendor: VendorIdentity.meta({ description: 'Who is charging, as registered with the provider: the headline' }),
  merchant: z
    .object({ name: z.string(), origin: z.string() })
    .meta({ description: 'What the vendor sent with this charge (control and bidi characters removed): secondary' }),
  created_at: Timestamp,
  decision_deadline: Timestamp.nullable(),
  receipts: z
    .array(Receipt)
    .optional()
    .meta({ description: 'Every signed receipt the vendor was given for this charge, oldest first' }),
  cart: CartAmount.nullable().meta({ description: 'The order total the card was issued for: compare with amount' }),
  funding: CardFunding.nullable().meta({ description: 'Converted: the balance charged and the locked rate' }),
});
export type ShopperAuthorization = z.infer<typeof ShopperAuthorization>;

export const ListAuthorizationsQuery = z.strictObject({ status: AuthorizationStatus.optional() });

export const DecisionRequest = z.strictObject({
  decision: z.enum(['approve', 'decline']),
  /** Card-reader mode: a fresh security-key assertion over this authorization's challenge. */
  assertion: Assertion.optional(),
});

// Audit trail ---------------------------------------------------------------

export const EventKind = z.enum([
  'card.issued',
  'card.paused',
  'card.resumed',
  'card.closed',
  'card.blocked',
  'card.unblocked',
  'card.expired',
  'card.trial_set',
  'card.trial_ended',
  'card.updated',
  'card.revealed',
  'authorization.approved',
  'authorization.declined',
  'authorization.pending',
  'authorization.captured',
  'authorization.reversed',
  'authorization.expired',
  'authorization.refunded',
  'authorization.preapproved',
  'funding.added',
  'funding.removed',
  'funding.updated',
  'balance.topped_up',
  'balance.top_up_requested',
  'balance.top_up_failed',
  'balance.top_up_reversed',
  'device.enrolled',
  'device.revoked',
  'account.signin_throttled',
  'delivery.address_added',
  'delivery.address_removed',
  'delivery.resolved',
  'delivery.refused',
  'proxy.used',
  'digital.uploaded',
  'digital.downloaded',
  'digital.deleted',
]);
export type EventKind = z.infer<typeof EventKind>;

export const AuditEvent = z.object({
  id: z.int(),
  kind: EventKind,
  card_id: z.string().nullable(),
  authorization_id: z.string().nullable(),
  reason: ReasonCodeSchema.nullable(),
  amount: Amount.nullable(),
  currency: Currency.nullable(),
  merchant_origin: z.string().nullable(),
  /** For an event about an authorization: its vendor as registered. */
  vendor: VendorIdentity.nullable(),
  detail: z.record(z.string(), z.unknown()),
  created_at: Timestamp,
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const ListEventsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.coerce.number().int().min(1).optional().meta({ description: 'Page backwards: events with id below this' }),
  after: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .meta({ description: 'Catch up: events with id above this (oldest first)' }),
  card_id: Text().max(64).optional(),
  merchant: Origin.optional(),
  kind: EventKind.optional(),
});
