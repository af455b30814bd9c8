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
  /** The private-connection proxy's limits (proxy/server.ts); where it listens is Config.proxy. */
  proxy: ProxyPolicy;
  /** Digital goods: the largest sealed file a vendor may upload, in bytes. */
  digitalMaxBytes: number;
  /** Digital goods: a file the shopper never confirmed is deleted this long after upload. */
  digitalRetentionS: number;
  /**
   * Conversion (issue 19): an operator rate older than this is refused for new cards
   * (quote and issue answer 409). A card already issued keeps its locked rate.
   */
  fxMaxRateAgeS: number;
}

/**
 * The private-connection proxy: who may use it, where it may go, and how much of the
 * provider one device may hold. Destinations are refused (403) on loopback, private,
 * link-local (cloud metadata), unique-local and other special-purpose addresses and on
 * the provider's own ports; `allow` lists the ranges an operator permits anyway.
 */
export interface ProxyPolicy {
  /** A credential's life. Minutes: the extension renews it, and a stolen one soon dies. */
  credentialTtlS: number;
  /**
   * How long the proxy trusts a credential it has checked without asking the database
   * again. A revocation in this process, or NOTIFYed by another, drops it at once; this
   * bounds only a notification that never came.
   */
  credentialCacheMs: number;
  /** Destination ports allowed, as inclusive ranges ([[80, 80], [443, 443]]). */
  ports: [number, number][];
  /** CIDR ranges the operator permits despite the refused ranges (e.g. 127.0.0.0/8 for tests). */
  allow: string[];
  /** Open proxy connections per device: a browser needs a few dozen at most. */
  maxConnectionsPerDevice: number;
  /** Open proxy connections in all, authenticated or not. */
  maxConnections: number;
  /** A client must finish its request line and headers within this (slow-loris). */
  headerTimeoutMs: number;
  /** A connection with no bytes either way this long is closed. */
  idleTimeoutMs: number;
  /** No connection lives longer than this, busy or not. */
  totalTimeoutMs: number;
  /** Bytes one device may move through one provider process in one UTC day. */
  maxBytesPerDevicePerDay: number;
  /**
   * Tunnels that may read into a 1 MiB buffer at once (proxy/tunnel.ts), the others
   * reading 64 KiB at a time: what the proxy's read buffers can hold, stalled clients
   * included, is this many MiB plus 64 KiB per connection.
   */
  tunnelBigBuffers: number;
}

export const DEFAULT_PROXY_POLICY: ProxyPolicy = {
  credentialTtlS: 10 * 60,
  credentialCacheMs: 30_000,
  ports: [
    [80, 80],
    [443, 443],
  ],
  allow: [],
  // Chrome opens at most 32 connections per proxy; room for a second browser profile.
  maxConnectionsPerDevice: 64,
  maxConnections: 4096,
  headerTimeoutMs: 10_000,
  // A checkout page's long-poll or WebSocket stays quiet for a while; two minutes of silence is enough.
  idleTimeoutMs: 120_000,
  // A checkout takes minutes; an hour-long tunnel is not shopping.
  totalTimeoutMs: 60 * 60_000,
  // Shopping, not streaming: 2 GiB a day is hundreds of checkout page loads.
  maxBytesPerDevicePerDay: 2 * 1024 ** 3,
  // 64 MiB: dozens of downloads at full speed; a page's other connections carry little each.
  tunnelBigBuffers: 64,
};

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
  proxy: DEFAULT_PROXY_POLICY,
  // 2 GiB: a game or a lossless album fits; beyond that a shop should split the delivery.
  digitalMaxBytes: 2 * 1024 ** 3,
  // 30 days: long enough for a shopper who is away; the provider holds ciphertext only.
  digitalRetentionS: 30 * 24 * 3600,
  // A day: operators refresh rates at least daily; an older rate may be far off a volatile pair.
  fxMaxRateAgeS: 24 * 3600,
};
