/** What every provider service needs, built once at start and passed down explicitly. */
import type { Db } from './db/db';
import type { Keys } from './crypto/keys';
import type { Waiters } from './authorizations/waiters';

export type Clock = () => Date;

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
};

export interface ProviderContext {
  db: Db;
  keys: Keys;
  clock: Clock;
  policy: Policy;
  waiters: Waiters;
}
