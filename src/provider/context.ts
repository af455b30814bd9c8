/** What every provider service needs, built once at start and passed down explicitly (the policy is in policy.ts). */
import type { Db } from './db/db';
import type { Keys } from './crypto/keys';
import type { Waiters } from './authorizations/waiters';
import type { AfterCommitNotifier } from './realtime/after-commit';
import type { ValidationBatcher } from './authorizations/batcher';
import type { Rails } from './funding/rails';
import type { Policy } from './policy';
import type { PasswordHashing } from './crypto/password-hashing';
import type { ProxyAccess } from './proxy/access';
import type { BlobStore } from './digital/blob-store';

export type Clock = () => Date;

export interface ProviderContext {
  db: Db;
  keys: Keys;
  clock: Clock;
  policy: Policy;
  waiters: Waiters;
  /** Sink for security log lines (one JSON object each, never card data). */
  securityLog: (line: string) => void;
  /** New-event notifications (channel veil_events) for transactions that defer them past commit. */
  eventNotifier: AfterCommitNotifier;
  /** Vendor validations go to the database through this: alone when it is idle, in batches under load. */
  validations: ValidationBatcher;
  /** Funding rail adapters (the sandbox and any the operator adds). */
  rails: Rails;
  /** Every password hash and check goes through this bounded queue. */
  hashing: PasswordHashing;
  /** The WebAuthn relying-party ID of new security keys: the public URL's host (webauthnRpId); null on a bare IP address. */
  webauthnRpId: string | null;
  /** Private-connection proxy credentials and the proxy's cache of them (proxy/access.ts). */
  proxy: ProxyAccess;
  /** Sealed digital goods (ciphertext only), one blob per delivered file. */
  blobs: BlobStore;
}
