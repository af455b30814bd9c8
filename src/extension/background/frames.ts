/**
 * What the content scripts of each tab reported, per frame. Kept in storage.session
 * (not worker memory) because the service worker may be stopped between the report
 * and the shopper's click. One key per frame: frames report at the same moment, and
 * a shared per-tab record would lose one of two concurrent read-modify-writes.
 */
import browser from 'webextension-polyfill';
import type { FrameDetection } from '../messages';

const prefix = (tabId: number) => `frame:${tabId}:`;

export async function recordFrame(tabId: number, frameId: number, detection: FrameDetection): Promise<void> {
  await browser.storage.session.set({ [`${prefix(tabId)}${frameId}`]: detection });
}

async function keysOf(tabId: number): Promise<[string, FrameDetection][]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all).filter(([k]) => k.startsWith(prefix(tabId))) as [string, FrameDetection][];
}

export async function framesOf(tabId: number): Promise<Map<number, FrameDetection>> {
  return new Map((await keysOf(tabId)).map(([k, d]) => [Number(k.slice(prefix(tabId).length)), d]));
}

export async function forgetTab(tabId: number): Promise<void> {
  const keys = (await keysOf(tabId)).map(([k]) => k);
  if (keys.length) await browser.storage.session.remove(keys);
}
