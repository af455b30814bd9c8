/**
 * The one typed message contract between the extension's parts. Every request names
 * its `kind`; `Reply<K>` is what the receiver answers, always wrapped as
 * `{ ok: true, value } | { ok: false, error }`. Senders never assert reply types:
 * `send()` (in each part's messaging helper) infers them from this map.
 *
 * Card secrets cross this contract in exactly one place: `content.fill`, sent by the
 * background, after a user action, only to frames the background found allowed from
 * the browser's own sender information (src/extension/frame-access.ts): the
 * merchant's top document, its same-origin frames, and payment frames on the card's
 * allowed list — the last with card fields only.
 *
 * A card's number and CVC also reach one extension page: `cards.reveal`, answered only
 * to the extension's own pages (the router refuses it from content scripts) while the
 * vault is unlocked, for the shopper who asked to see them in the options page's Cards view.
 *
 * A digital purchase's private key crosses it in one place too: `digital.access`, answered
 * only to the extension's own pages (the router checks the sender), which open the sealed
 * file themselves, since a service worker cannot hand a file to the downloads API.
 */
import type {
  AddressFields,
  Assertion,
  AuditEvent,
  Card,
  CartAmount,
  CardMode,
  CardSecrets,
  DecisionResult,
  DeliveryAddress,
  Device,
  EventKind,
  FundingSource,
  FxQuote,
  Me,
  SecurityKey,
  ShopperAuthorization,
  ShopperDigitalFile,
  WebAuthnOptions,
  ReceiptJwks,
} from '../protocol';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** What the content script found in one frame. */
export interface FrameDetection {
  /** Card fields found (cc-number, cc-exp…, cc-csc, cc-name…). */
  cardFields: number;
  /** Address fields found (shipping or billing). */
  addressFields: number;
  /** True when this frame has a card form (a card number with an expiry or CVC): a checkout is detected. */
  checkout: boolean;
  /**
   * The parts of a card form ('number', 'expiry', 'csc', 'name') this frame holds but
   * cannot confirm alone: an expiry-only or CVC-only payment frame, a number whose
   * expiry is in another frame. The background judges the tab's frames together
   * (background/tab-card-form.ts); `cardFields` does not count them.
   */
  held?: CardPart[];
  /** The parts of the card form this frame confirmed itself (beside `checkout`). */
  parts?: CardPart[];
}

export type CardPart = 'number' | 'expiry' | 'csc' | 'name';

/** Values to fill, keyed by HTML autocomplete token (cc-number, cc-exp-month, postal-code …). */
export interface FillValues {
  card?: { number: string; exp_month: number; exp_year: number; cvc: string; name?: string };
  /** Shipping identity: forwarding address when delivery masking is on. */
  shipping?: Partial<Record<AddressToken, string>>;
  billing?: Partial<Record<AddressToken, string>>;
}

export type AddressToken =
  | 'name'
  | 'given-name'
  | 'family-name'
  | 'organization'
  | 'email'
  | 'tel'
  | 'address-line1'
  | 'address-line2'
  | 'address-level2'
  | 'address-level1'
  | 'postal-code'
  | 'country';

export interface SessionState {
  providerUrl: string;
  /** Signed in on this device (a device token is in the vault). */
  signedIn: boolean;
  email: string | null;
  /** A vault exists (a passphrase was set). */
  vaultCreated: boolean;
  /** The vault key is in memory: secrets are readable. */
  unlocked: boolean;
  /** How many passkeys or security keys can unlock the vault (WebAuthn PRF): the lock screen offers them when any. */
  unlockKeys: number;
}

/** A passkey or security key that unlocks the vault: public facts only (the wrapped key stays in the background). */
export interface UnlockKeyInfo {
  id: string;
  name: string;
  rpId: string;
  /** base64: the PRF input the ceremony must evaluate for this credential. */
  salt: string;
  createdAt: number;
}

/** Unlock keys and the RP ID a new one is made under (the provider's host; null when it has none). */
export interface UnlockKeys {
  rpId: string | null;
  keys: UnlockKeyInfo[];
}

export interface Defaults {
  mode: CardMode;
  cap: number;
  validityHours: number;
  autoLockMinutes: number;
  /** New cards get a per-purchase key, so shops can deliver files sealed to it. */
  digitalDelivery: boolean;
  /** Cards for a cart: cap = total + tolerancePercent %, at least toleranceMinimum (major units of the cart's currency). */
  tolerancePercent: number;
  toleranceMinimum: number;
}

/** The private connection as the popup shows it for one site (background/handlers/private.ts). */
export interface PrivateState {
  origin: string | null;
  /** This site's requests go through Veil's proxy (the shopper's choice or the default). */
  on: boolean;
  default: PrivateConnectionDefault;
  /** host:port of the provider's proxy; null when none is known (the provider runs none, or no credential yet). */
  proxy: string | null;
  /** The proxy answered just now. */
  reachable: boolean;
  /** A live proxy credential is held (needs the vault unlocked to renew). */
  credential: boolean;
  /** The latest failure, if recent (proxy unreachable, credential refused). */
  trouble: string | null;
}

export type PrivateConnectionDefault = 'off' | 'card-sites' | 'always';

/**
 * The order total the checkout page shows, as the top frame's content script read it
 * (content/total/). The page's word, not the shop's: shown to the shopper and used to
 * suggest a card's cap, never trusted as a charge amount.
 */
export interface CartTotal {
  /** Integer minor units of `currency` (ISO 4217 exponent: 4900 is 49.00 EUR, 4900 JPY, 4.900 KWD). */
  amount: number;
  /** ISO 4217 code, upper case. */
  currency: string;
  /** The total as the page shows it ("€ 1.234,56"), trimmed and cut to 64 characters. */
  text: string;
}

export interface TabCheckout {
  tabId: number;
  origin: string | null;
  detected: boolean;
  cards: Card[];
  /** The order total the tab's top page shows; null when none was found (or no checkout). */
  total: CartTotal | null;
  /** Free-trial wording the top frame found (content/trial/detect-trial.ts): a guess the popup offers, never applies. */
  trial?: TrialOffer | null;
}

/** A free trial as a checkout page states it: how long, the words that said so, and the price after it. */
export interface TrialOffer {
  count: number;
  unit: 'day' | 'week' | 'month';
  phrase: string;
  then?: string;
}

/** Requests to the background service worker, from popup, options, confirm window and content scripts. */
export interface BackgroundRequests {
  'session.get': { req: Record<string, never>; res: SessionState };
  'vault.create': { req: { passphrase: string }; res: SessionState };
  'vault.unlock': { req: { passphrase: string }; res: SessionState };
  'vault.lock': { req: Record<string, never>; res: SessionState };
  /** `prf`: base64 of the PRF output the credential `id` gave for its salt (ui/unlock-keys.ts runs the ceremony). */
  'vault.unlockWithKey': { req: { id: string; prf: string }; res: SessionState };
  'unlockKeys.list': { req: Record<string, never>; res: UnlockKeys };
  /** Needs the vault unlocked and the passphrase again: a new way in is as strong a change as the passphrase. */
  'unlockKeys.add': {
    req: { passphrase: string; name: string; id: string; rpId: string; salt: string; prf: string };
    res: UnlockKeys;
  };
  'unlockKeys.remove': { req: { id: string }; res: UnlockKeys };
  'account.setProvider': { req: { providerUrl: string }; res: SessionState };
  'account.signUp': { req: { email: string; password: string }; res: SessionState };
  'account.signIn': { req: { email: string; password: string }; res: SessionState };
  'account.signOut': { req: Record<string, never>; res: SessionState };
  'account.me': { req: Record<string, never>; res: Me };
  'devices.list': { req: Record<string, never>; res: Device[] };
  'devices.revoke': { req: { id: string }; res: null };
  'funding.list': { req: Record<string, never>; res: FundingSource[] };
  'funding.add': {
    // Wrapped: the source's own `kind` (card | bank) must not collide with the message's.
    req: {
      source:
        | {
            kind: 'card';
            number: string;
            exp_month: number;
            exp_year: number;
            holder: string;
            limit?: number;
            make_default?: boolean;
          }
        | {
            kind: 'bank';
            routing_number: string;
            account_number: string;
            holder: string;
            limit?: number;
            make_default?: boolean;
          };
    };
    res: FundingSource;
  };
  'funding.update': { req: { id: string; make_default?: true; limit?: number | null }; res: FundingSource };
  'funding.remove': { req: { id: string }; res: null };
  /** `currency`: the balance to top up (each currency is its own); default the account's home currency. */
  'balance.topUp': { req: { amount: number; funding_source_id?: string; currency?: string }; res: Me };
  'defaults.get': { req: Record<string, never>; res: Defaults };
  'defaults.set': { req: Partial<Defaults>; res: Defaults };
  'tab.checkout': { req: { tabId: number }; res: TabCheckout };
  /**
   * `cart`: the order total as the shopper confirmed it (the popup shows the detected
   * total, editable): the card is in its currency, capped at it plus the tolerance.
   * Absent: the tab's detected total is used as is; null: no cart, the defaults apply.
   * `fundFrom` with `fxRate`: draw on that currency's balance at the rate the shopper was shown.
   * `trialEndsAt`: ISO moment the shopper confirmed; the card is refund-only from then on.
   */
  'cards.issueForTab': {
    req: {
      tabId: number;
      mode?: CardMode;
      cart?: CartAmount | null;
      fundFrom?: string;
      fxRate?: string;
      trialEndsAt?: string;
    };
    res: { card: Card; filled: number };
  };
  /**
   * The question the inline button asks when the page offers a free trial
   * (background/trials/trial-choice.ts): the trial-choice window reads it by the tab and
   * the id in its address. Extension pages only, like every non-`content.*` kind.
   */
  'trialChoice.get': { req: { tabId: number; id: string }; res: { origin: string; offer: TrialOffer } };
  /**
   * The shopper's answer in that window: a trial ending at `trialEndsAt` (ISO moment), or
   * none (null). Issues the card the inline click asked for and fills it; answered once.
   */
  'trialChoice.answer': {
    req: { tabId: number; id: string; trialEndsAt: string | null };
    res: { card: Card; filled: number };
  };
  /** The provider's quote for a card in `currency` drawing on the `fundFrom` balance (shown before issuing). */
  'fx.quote': { req: { currency: string; fundFrom: string; amount: number }; res: FxQuote };
  'cards.list': { req: { origin?: string }; res: Card[] };
  /** `password`: the account password, which the provider requires to leave card-reader mode. */
  'cards.update': {
    req: {
      id: string;
      state?: 'active' | 'paused' | 'closed';
      mode?: CardMode;
      password?: string;
      trial_ends_at?: string | null;
      /** Largest single charge, minor units. */
      cap?: number;
      /** Recurring: most per period, minor units. */
      period_limit?: number;
    };
    res: Card;
  };
  /** The card's number and CVC for the shopper to read (vault unlocked; extension pages only). */
  'cards.reveal': { req: { id: string }; res: CardSecrets };
  'cards.fill': { req: { tabId: number; cardId: string }; res: { filled: number } };
  'history.list': {
    req: { merchant?: string; eventKind?: EventKind; cardId?: string; limit?: number };
    res: AuditEvent[];
  };
  /** What a dispute pack for one charge is built from (ui/dispute/build-pack.ts). */
  'dispute.sources': {
    req: { authorizationId: string };
    res: {
      authorization: ShopperAuthorization;
      card: Card | null;
      events: AuditEvent[];
      providerUrl: string;
      /** The provider's receipt keys now, to show whether each receipt verifies (not copied into the pack). */
      jwks: ReceiptJwks;
    };
  };
  'confirm.pending': { req: Record<string, never>; res: ShopperAuthorization[] };
  'confirm.decide': {
    req: { id: string; decision: 'approve' | 'decline'; assertion?: Assertion };
    res: DecisionResult;
  };
  /** Card-reader mode: WebAuthn request options bound to this charge (the page runs the ceremony). */
  'confirm.challenge': { req: { id: string; origin: string }; res: WebAuthnOptions };
  'delivery.list': { req: Record<string, never>; res: DeliveryAddress[] };
  'delivery.add': {
    req: { address: AddressFields & { label?: string; make_default?: boolean } };
    res: DeliveryAddress;
  };
  'delivery.makeDefault': { req: { id: string }; res: DeliveryAddress };
  'delivery.remove': { req: { id: string }; res: null };
  /** Files shops delivered (for one shop with `merchant`). */
  'digital.list': { req: { merchant?: string }; res: ShopperDigitalFile[] };
  /** For an extension page to fetch and open one file: where, with what header, with which private key (keyToText). */
  'digital.access': { req: { id: string }; res: { url: string; authorization: string; privateKey: string } };
  /** The file was opened and saved: the provider may delete its copy. */
  'digital.received': { req: { id: string }; res: null };
  'keys.list': { req: Record<string, never>; res: SecurityKey[] };
  'keys.registerOptions': {
    req: { password: string; name: string; origin: string };
    res: WebAuthnOptions;
  };
  'keys.register': { req: { challenge_id: string; credential: Assertion['credential'] }; res: SecurityKey };
  /** Removing a key weakens card-reader mode: the provider requires the account password. */
  'keys.remove': { req: { id: string; password: string }; res: null };
  'private.state': { req: { origin?: string }; res: PrivateState };
  'private.setSite': { req: { origin: string; on: boolean }; res: PrivateState };
  'private.setDefault': {
    req: { default: PrivateConnectionDefault };
    res: { default: PrivateConnectionDefault };
  };
  /** From a content script: what it detected in its frame. The answer says whether this frame may show the inline button (judged from the sender, not the claim). */
  'content.detected': { req: FrameDetection; res: { inlineButton: boolean; held: boolean } };
  /**
   * From the TOP frame's content script only (the router refuses it from any other frame):
   * the order total its page shows, sent when the tab has a checkout and again whenever it
   * changes (coupons, shipping choice); null when the page shows none (any more).
   */
  'content.cartTotal': { req: { total: CartTotal | null }; res: null };
  /** From a content script in the top frame: the free-trial wording it found (null: none), again when it changes. */
  'content.trialOffer': { req: { trial: TrialOffer | null }; res: null };
  /**
   * From a content script's inline button: the shopper asked to fill a Veil card here.
   * Refused from a frame that may not receive the card. `asked`: the page offers a free
   * trial and a new card is needed, so the trial-choice window opened instead: the card
   * is issued and filled only from the shopper's answer there (`trialChoice.answer`).
   */
  'content.fillRequested': { req: Record<string, never>; res: { filled: number; asked?: true } };
}

/**
 * Broadcasts from the background to open extension pages (runtime.sendMessage reaches
 * every page; the background's own router ignores `ui.*`). Sent with `broadcast()`
 * (background/broadcast.ts), heard with `onBroadcast()` (ui/messaging.ts).
 */
export interface UiRequests {
  /** Something the page shows changed (a charge on any card, a card changed, a charge awaits confirmation). */
  'ui.refresh': { req: Record<string, never>; res: null };
}

/** Requests from the background to a content script in one frame (tabs.sendMessage with frameId). */
export interface ContentRequests {
  /**
   * Fill the detected fields. The frame checks again, from its own window, that its
   * top-level origin is `merchantOrigin` and, when it is a cross-origin frame, that its
   * origin (and every frame between it and the top) is the merchant's or one of
   * `paymentOrigins` (the curated list and the card's declared payment frames).
   */
  'content.fill': {
    /** `held`: the tab completes this frame's held card fields (background/tab-card-form.ts): fill them too. */
    req: { merchantOrigin: string; paymentOrigins: string[]; values: FillValues; held?: boolean };
    res: { filled: number };
  };
  'content.scan': { req: Record<string, never>; res: FrameDetection };
  /**
   * The tab's verdict on this frame's held card fields changed (another frame reported
   * the card number they belong with, or went away): show or drop the inline button.
   */
  'content.tabCard': { req: { held: boolean }; res: null };
  /**
   * Sent to the top frame (frameId 0) when some frame of the tab holds card fields: read
   * the order total and keep it current with `content.cartTotal`. The top page holds the
   * summary even when the card fields sit in a payment frame; pages without card fields
   * never read.
   */
  'content.watchTotal': { req: Record<string, never>; res: null };
}

export type BackgroundKind = keyof BackgroundRequests;
export type UiKind = keyof UiRequests;
export type Message<M, K extends keyof M> = M[K] extends { req: infer R } ? { kind: K } & R : never;
export type Reply<M, K extends keyof M> = M[K] extends { res: infer R } ? R : never;
