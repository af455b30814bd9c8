/**
 * Applies the tab-level card-form decision (tab-card-form.ts) to the frames a tab has
 * reported: which may receive a card (frame-access.ts, from the origins the browser
 * gave), and which frames' held card fields their tab completes. Frames whose verdict
 * changed are told (`content.tabCard`), so an expiry frame that reported before the
 * number frame gets its verdict, and its inline button, when the number arrives.
 */
import browser from 'webextension-polyfill';
import type { CardPart } from '../messages';
import { frameAccess } from '../frame-access';
import { framesCompleted, type FrameParts } from './tab-card-form';
import { framesOf, recordFrame, type FrameRecord } from './frames';

const PARTS: ReadonlySet<string> = new Set<CardPart>(['number', 'expiry', 'csc', 'name']);

/** What a content script claimed its frame holds, reduced to known parts (it runs in the page: its word is data, not trust). */
export const cleanParts = (v: unknown): CardPart[] =>
  Array.isArray(v) ? [...new Set(v.filter((p): p is CardPart => typeof p === 'string' && PARTS.has(p)))] : [];

/** The tab's frames with whether each may receive a card, for `topOrigin` and its payment frames. */
export function judged(
  frames: ReadonlyMap<number, FrameRecord>,
  topOrigin: string,
  paymentOrigins: readonly string[],
): Map<number, FrameParts> {
  const out = new Map<number, FrameParts>();
  for (const [id, f] of frames) {
    const access = frameAccess({ isTop: id === 0, origin: f.origin, topOrigin }, topOrigin, paymentOrigins);
    out.set(id, { allowed: access.allowed, checkout: f.checkout, held: f.held ?? [], parts: f.parts ?? [] });
  }
  return out;
}

/**
 * Recomputes which frames' held fields count, records it, tells every frame but
 * `except` (which gets it in its reply) whose verdict changed, and returns the set.
 */
export async function settleHeldFrames(
  tabId: number,
  topOrigin: string,
  paymentOrigins: readonly string[],
  except: number,
): Promise<Set<number>> {
  const frames = await framesOf(tabId);
  const completed = framesCompleted(judged(frames, topOrigin, paymentOrigins));
  for (const [id, f] of frames) {
    const now = completed.has(id);
    if ((f.completed === true) === now) continue;
    await recordFrame(tabId, id, { ...f, completed: now });
    if (id === except) continue;
    const target = { frameId: id, ...(f.documentId ? { documentId: f.documentId } : {}) };
    await browser.tabs.sendMessage(tabId, { kind: 'content.tabCard', held: now }, target).catch(() => undefined);
  }
  return completed;
}
