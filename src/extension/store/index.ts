/** The store's public API: the vault, the repositories and the session key. Nothing else touches IndexedDB. */
export {
  createVault,
  unlockVault,
  opensVault,
  seal,
  open,
  WrongPassphraseError,
  TamperedError,
  MIN_PASSPHRASE_LENGTH,
  type VaultParams,
} from './vault';
export { getSetting, setSetting, updateSetting, type Settings, type SettingValue } from './settings';
export {
  wrapVaultKey,
  unwrapVaultKey,
  newPrfSalt,
  WrongUnlockKeyError,
  PRF_OUTPUT_LENGTH,
  type UnlockKey,
} from './unlock-keys';
export {
  putSecret,
  getSecret,
  deleteSecret,
  clearSecrets,
  DEVICE_TOKEN_ID,
  cardSecretId,
  digitalKeyId,
} from './secrets';
export { saveCards, cardsFor, clearCards, toCachedCard, type CachedCard } from './cards';
export {
  saveEvents,
  listEvents,
  clearEvents,
  toCachedEvent,
  toAuditEvent,
  type CachedEvent,
  type EventFilter,
} from './events';
export {
  rememberKey,
  recallKey,
  touch,
  forgetKey,
  createSessionKey,
  type SessionArea,
  type SessionKey,
} from './session-key';
export {
  lastSeenEventId,
  confirmWindowId,
  frameReports,
  tabTotals,
  trialReports,
  trialChoices,
  trialChoiceWindows,
  trialReminders,
  proxyCredential,
  proxyAddress,
  privateTrouble,
  type StoredValue,
  type PerFrame,
  type PerTab,
} from './browser-storage';
