/**
 * The background's side of the frame rule (src/extension/frame-access.ts): where a
 * message came from, judged from what the browser says about the sender — its frame
 * id, origin and URL, and the tab's top URL — never from what the content script
 * claims (it runs inside the page's renderer), and which payment origins a card may
 * go to.
 */
import type { Runtime } from 'webextension-polyfill';
import { KNOWN_PAYMENT_FRAME_ORIGINS } from '../../protocol/payment-frames';
import type { FramePlace } from '../frame-access';

/**
 * The sender document's origin. Chromium gives `sender.origin` (right for about:blank
 * and srcdoc frames, "null" for sandboxed ones); Firefox only the URL, whose origin is
 * "null" for about:blank — refused, the safe side.
 */
export function senderOrigin(sender: Runtime.MessageSender): string {
  const origin = (sender as Runtime.MessageSender & { origin?: string }).origin;
  if (origin) return origin;
  try {
    return sender.url ? new URL(sender.url).origin : 'null';
  } catch {
    return 'null';
  }
}

/** Where the sender frame is. Frames between it and the top are not known here; the frame checks them itself before writing. */
export function senderPlace(sender: Runtime.MessageSender, topOrigin: string | null): FramePlace {
  return { isTop: sender.frameId === 0, origin: senderOrigin(sender), topOrigin };
}

/** The payment frames a card may be filled into: the curated providers' and those its merchant declared. */
export function paymentOriginsFor(declared: readonly string[]): string[] {
  return [...new Set([...KNOWN_PAYMENT_FRAME_ORIGINS, ...declared])];
}
