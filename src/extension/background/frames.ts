/**
 * What the content scripts of each tab reported, per frame, with what the browser
 * itself said about the reporting frame (its origin and document): a fill later goes
 * only to frames whose recorded origin is allowed, and to that very document. Kept in
 * storage.session (not worker memory) because the service worker may be stopped
 * between the report and the shopper's click. One key per frame: frames report at the
 * same moment, and a shared per-tab record would lose one of two concurrent
 * read-modify-writes.
 */
import browser from 'webextension-polyfill';
import type { FrameDetection } from '../messages';

export interface FrameRecord extends FrameDetection {
  /** The frame's origin from the message sender (never from the content script's claim); "null" when unknown. */
  origin: string;
  /** The reporting document, where the browser names it (Chromium): a fill is sent to it only, not to whatever the frame shows later. */
  documentId?: string;
}

const prefix = (tabId: number) => `frame:${tabId}:`;

export async function recordFrame(tabId: number, frameId: number, record: FrameRecord): Promise<void> {
  await browser.storage.session.set({ [`${prefix(tabId)}${frameId}`]: record });
}

async function keysOf(tabId: number): Promise<[string, FrameRecord][]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all).filter(([k]) => k.startsWith(prefix(tabId))) as [string, FrameRecord][];
}

export async function framesOf(tabId: number): Promise<Map<number, FrameRecord>> {
  return new Map((await keysOf(tabId)).map(([k, d]) => [Number(k.slice(prefix(tabId).length)), d]));
}

export async function forgetTab(tabId: number): Promise<void> {
  const keys = (await keysOf(tabId)).map(([k]) => k);
  if (keys.length) await browser.storage.session.remove(keys);
}
