/**
 * The device's session with the provider. The device token lives only sealed in the
 * vault, so every authenticated call needs the vault unlocked; nothing about the
 * session is kept in worker memory (the worker may be stopped at any moment).
 */
import browser from 'webextension-polyfill';
import type { SessionState } from '../messages';
import { DEVICE_TOKEN_ID, getSecret, getSetting, recallKey } from '../store';

export const DEVICE_SECRET = DEVICE_TOKEN_ID;

export interface DeviceSecret {
  token: string;
  deviceId: string;
}

export class LockedError extends Error {
  constructor() {
    super('Veil is locked. Unlock it with your passphrase first.');
  }
}

export async function requireKey(): Promise<Uint8Array> {
  const key = await recallKey();
  if (!key) throw new LockedError();
  return key;
}

export async function deviceSecret(key: Uint8Array): Promise<DeviceSecret | undefined> {
  const raw = await getSecret(key, DEVICE_SECRET);
  return raw === undefined ? undefined : (JSON.parse(raw) as DeviceSecret);
}

export async function sessionState(): Promise<SessionState> {
  const [providerUrl, email, params, key, unlockKeys] = await Promise.all([
    getSetting('providerUrl'),
    getSetting('email'),
    getSetting('vaultParams').catch(() => undefined),
    recallKey(),
    getSetting('unlockKeys'),
  ]);
  const signedIn = key ? (await deviceSecret(key)) !== undefined : Boolean(email);
  return {
    providerUrl,
    email: email || null,
    signedIn,
    vaultCreated: params !== undefined,
    unlocked: key !== undefined,
    unlockKeys: unlockKeys.length,
  };
}

export function deviceName(): string {
  const ua = navigator.userAgent;
  const browserName = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : 'Chrome';
  return `Veil on ${browserName} (${browser.runtime.getManifest().version})`;
}
