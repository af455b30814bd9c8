/**
 * The operator's policy: limits, windows and defaults every service reads from
 * ctx.policy. DEFAULT_POLICY holds the defaults; config.ts reads the overrides.
 */
import type { TopUpLimits } from './funding/rails';

export interface Policy {
  /** First six digits of every proxy card: Veil's issuer range. */
  bin: string;
  /** How long an approved, uncaptured hold lasts before it lapses. */
  holdTtlS: number;
  defaultCap: number;
  defaultValiditySeconds: number;
  recurringValiditySeconds: number;
  defaultConfirmWindowS: number;
  /** Authorizations up to this amount are card verifications: reversing one gives the use back. */
  verificationMax: number;
  /** Wrong CVC/expiry attempts before a card is blocked (75). */
  maxWrongTries: number;
  /**
   * Card testing: unknown cards (14), wrong CVC/expiry (82, 75) and tries on a blocked
   * card, counted per vendor key and per client address. At `max` in one window the
   * key or address gets 429 until the window ends.
   */
  cardTesting: Limit;
  /** Failed sign-ins per email; at `max` that email gets 429 until the window ends. */
  signinPerEmail: Limit;
  /** Failed sign-ins per client address, whatever the email. */
  signinPerAddress: Limit;
  /** Sign-ups per client address (IPv6 by /64): each costs a password hash and makes an account. */
  signupPerAddress: Limit;
  /**
   * Password hashes queued or running at once (scrypt runs on libuv's small thread
   * pool, first come first served). Beyond `maxQueued` a password check gets 429 with
   * Retry-After; sign-ups stop at the lower `maxQueuedForSignUp`, so a flood of them
   * leaves room for sign-ins.
   */
  passwordHashing: { maxQueued: number; maxQueuedForSignUp: number };
  /** A vendor's long-poll re-reads its authorization this often, in case a wake-up was missed. */
  longPollRecheckMs: number;
  /** The operator's forwarding address: masked cards ship here, under the purchasing ID. */
  forwarding: ForwardingAddress;
  /** How many times couriers may read one purchase's real address. */
  maxResolutions: number;
  /** Unknown references per courier key before it is throttled (429). */
  courierMisses: Limit;
  /** The rail top-ups go through (funding/rails.ts). The sandbox moves test money only. */
  fundingRail: string;
  /** Operator limits per rail; a rail without an entry takes no top-ups. */
  topUpLimits: Record<string, TopUpLimits>;
  /** How long a top-up request waits for its rail's outcome before answering `requested`. */
  topUpWaitMs: number;
  /** Digital goods: the largest sealed file a vendor may upload, in bytes. */
  digitalMaxBytes: number;
  /** Digital goods: a file the shopper never confirmed is deleted this long after upload. */
  digitalRetentionS: number;
}

export interface ForwardingAddress {
  name: string;
  line1: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  phone: string;
}

export interface Limit {
  max: number;
  windowS: number;
}

export const DEFAULT_POLICY: Policy = {
  bin: '499992',
  holdTtlS: 7 * 24 * 3600,
  defaultCap: 500_00,
  defaultValiditySeconds: 24 * 3600,
  recurringValiditySeconds: 365 * 24 * 3600,
  defaultConfirmWindowS: 60,
  verificationMax: 1_00,
  maxWrongTries: 5,
  cardTesting: { max: 50, windowS: 600 },
  signinPerEmail: { max: 5, windowS: 900 },
  signinPerAddress: { max: 20, windowS: 900 },
  signupPerAddress: { max: 10, windowS: 3600 },
  passwordHashing: { maxQueued: 64, maxQueuedForSignUp: 8 },
  longPollRecheckMs: 1000,
  forwarding: {
    name: 'Veil Forwarding',
    line1: '100 Relay Way',
    city: 'Portland',
    region: 'OR',
    postal_code: '97209',
    country: 'US',
    phone: '+1 503 555 0199',
  },
  maxResolutions: 3,
  courierMisses: { max: 20, windowS: 600 },
  fundingRail: 'sandbox',
  topUpLimits: {
    // Test money, so the limits only need to cover a demo while bounding what a script
    // can mint: 1,000.00 covers any single demo checkout (the default card cap is 500.00),
    // 2,500.00 a day a busy afternoon of trying the wallet, 10,000.00 in 30 days a month
    // of it. Shops testing against the sandbox see no more than that per account.
    sandbox: { perTopUp: 1_000_00, perDay: 2_500_00, perAccount30Days: 10_000_00 },
  },
  topUpWaitMs: 5000,
  // 2 GiB: a game or a lossless album fits; beyond that a shop should split the delivery.
  digitalMaxBytes: 2 * 1024 ** 3,
  // 30 days: long enough for a shopper who is away; the provider holds ciphertext only.
  digitalRetentionS: 30 * 24 * 3600,
};
