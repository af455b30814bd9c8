/**
 * The extension's one IndexedDB database, declared once. Only the repositories in this
 * folder (settings, secrets, cards, events) touch its tables.
 *
 * To change the schema, add `db.version(n + 1).stores({...}).upgrade(...)` below the
 * last version; never edit a version that has shipped (Dexie upgrades by replaying them).
 */
import Dexie, { type EntityTable } from 'dexie';
import type { CachedCard } from './cards';
import type { CachedEvent } from './events';

export interface SettingRow {
  key: string;
  value: unknown;
}

export interface SecretRow {
  id: string;
  /** base64(nonce || ciphertext) from vault.seal with `id` as associated data; never plaintext. */
  sealed: string;
}

export type VeilDb = Dexie & {
  settings: EntityTable<SettingRow, 'key'>;
  secrets: EntityTable<SecretRow, 'id'>;
  cards: EntityTable<CachedCard, 'id'>;
  events: EntityTable<CachedEvent, 'id'>;
};

export function openVeilDb(name = 'veil'): VeilDb {
  const db = new Dexie(name) as VeilDb;
  db.version(1).stores({
    // Key-value preferences and state that is not secret: provider URL, defaults, vault params, account email.
    settings: 'key',
    // Sealed secrets only: 'device-token' and 'card:<cardId>'. No index on `sealed`: it is never searched.
    secrets: 'id',
    // Masked card cache from the provider (no PAN, no CVC), looked up by the merchant of the current tab and by state.
    cards: 'id, merchantOrigin, state',
    // Cached audit trail for the history page: filtered by merchant and kind, listed newest first.
    events: 'id, merchantOrigin, kind, createdAt',
  });
  return db;
}

/** Opened lazily by Dexie on the first query, so importing this costs nothing. */
export const db = openVeilDb();
