/**
 * What the content scripts of each tab reported, per frame. Kept in storage.session
 * (not worker memory) because the service worker may be stopped between the report
 * and the shopper's click.
 */
import browser from 'webextension-polyfill';
import type { FrameDetection } from '../messages';

const keyOf = (tabId: number) => `frames:${tabId}`;
type TabFrames = Record<string, FrameDetection>;

export async function recordFrame(tabId: number, frameId: number, detection: FrameDetection): Promise<void> {
  const key = keyOf(tabId);
  const current = ((await browser.storage.session.get(key))[key] as TabFrames | undefined) ?? {};
  current[String(frameId)] = detection;
  await browser.storage.session.set({ [key]: current });
}

export async function framesOf(tabId: number): Promise<Map<number, FrameDetection>> {
  const key = keyOf(tabId);
  const stored = ((await browser.storage.session.get(key))[key] as TabFrames | undefined) ?? {};
  return new Map(Object.entries(stored).map(([id, d]) => [Number(id), d]));
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(keyOf(tabId));
}
