/** Typed settings over the `settings` key-value table, with defaults for what has one. */
import type { CardMode } from '../../protocol';
import { db } from './db';
import type { VaultParams } from './vault';
import type { UnlockKey } from './unlock-keys';

/** The private connection: the default for sites without a choice, and the per-site choices by origin. */
export interface PrivateConnectionSettings {
  default: 'off' | 'card-sites' | 'always';
  sites: Record<string, boolean>;
}

export interface Settings {
  providerUrl: string;
  defaults: {
    mode: CardMode;
    cap: number;
    validityHours: number;
    autoLockMinutes: number;
    digitalDelivery: boolean;
    /** A card for a cart: cap = total + this percentage (tax and shipping may change it)… */
    tolerancePercent: number;
    /** …and at least this much, in major units of the cart's currency (a small cart still leaves room). */
    toleranceMinimum: number;
  };
  vaultParams: VaultParams;
  /** Passkeys and security keys that unlock the vault (unlock-keys.ts): each wraps the vault key. */
  unlockKeys: UnlockKey[];
  email: string;
  /** Epoch ms of the last user activity; the auto-lock measures idleness from it (see session-key.ts). */
  lastActivityAt: number;
  privateConnection: PrivateConnectionSettings;
}

const SETTING_DEFAULTS = {
  providerUrl: 'http://127.0.0.1:8787',
  unlockKeys: [],
  // cap in minor units: 500.00
  // digitalDelivery: a key pair costs nothing, and the provider only ever sees the public half.
  // tolerance: +10 %, at least 5 (major units): shipping picked after the total was read fits.
  defaults: {
    mode: 'notification',
    cap: 50_000,
    validityHours: 24,
    autoLockMinutes: 15,
    digitalDelivery: true,
    tolerancePercent: 10,
    toleranceMinimum: 5,
  },
  privateConnection: { default: 'off', sites: {} },
} satisfies Partial<Settings>;

type Defaulted = keyof typeof SETTING_DEFAULTS;
/** Settings with a default are never undefined; the others are until first set. */
export type SettingValue<K extends keyof Settings> = K extends Defaulted ? Settings[K] : Settings[K] | undefined;

export async function getSetting<K extends keyof Settings>(k: K): Promise<SettingValue<K>> {
  const row = await db.settings.get(k);
  return withDefault(k, row?.value) as SettingValue<K>;
}

export async function setSetting<K extends keyof Settings>(k: K, v: Settings[K]): Promise<void> {
  await db.settings.put({ key: k, value: v });
}

/** Reads, changes and writes one setting in one transaction, so two changes never lose one another. */
export async function updateSetting<K extends keyof Settings>(
  k: K,
  change: (value: SettingValue<K>) => Settings[K],
): Promise<Settings[K]> {
  return db.transaction('rw', db.settings, async () => {
    const next = change(await getSetting(k));
    await setSetting(k, next);
    return next;
  });
}

function withDefault(k: keyof Settings, stored: unknown): unknown {
  if (!(k in SETTING_DEFAULTS)) return stored;
  const fallback = SETTING_DEFAULTS[k as Defaulted];
  if (stored === undefined) return structuredClone(fallback);
  // Objects are merged, so a field added to the defaults later reaches users who saved the older shape.
  if (isPlainObject(fallback) && isPlainObject(stored)) return { ...fallback, ...stored };
  return stored;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
