/**
 * Which frames of a tab may receive a Veil card: one pure rule, applied by the
 * background (from what the browser says about a sender frame, which a page cannot
 * forge) before it shows the inline button, accepts a fill request or sends a card,
 * and by the content script again right before it writes (from its own window).
 *
 * A card is for one merchant, the top-level site. It may go to the top document, to
 * frames of the merchant's own origin, and to payment frames the shop really uses —
 * origins on the curated list (src/protocol/payment-frames.ts) or declared by the
 * shop's vendor and carried with the card. A payment frame gets card fields only.
 * Every other frame — an ad, a widget, anything embedded through one — gets nothing,
 * whatever fields it shows.
 */

export interface FramePlace {
  /** The tab's top document. */
  isTop: boolean;
  /** The frame's own origin (an about:blank or srcdoc frame has its creator's; a sandboxed one "null"). */
  origin: string;
  /** The top document's origin, or null when it cannot be known. */
  topOrigin: string | null;
  /**
   * Origins of the frames between this one and the top, nearest first, when known
   * (Chromium's `location.ancestorOrigins` without its last entry). A payment frame
   * embedded by an ad is the ad's, not the shop's.
   */
  between?: readonly string[];
}

export type FrameAccess = { allowed: true; cardOnly: boolean } | { allowed: false; reason: string };

export function frameAccess(place: FramePlace, merchantOrigin: string, paymentOrigins: readonly string[]): FrameAccess {
  const { topOrigin } = place;
  if (!topOrigin) return { allowed: false, reason: 'this frame cannot tell which site it is in' };
  if (topOrigin !== merchantOrigin)
    return { allowed: false, reason: `the page is ${topOrigin}, the card is for ${merchantOrigin}` };
  if (place.isTop) return { allowed: true, cardOnly: false };
  const trusted = (origin: string) => origin === topOrigin || paymentOrigins.includes(origin);
  const through = place.between?.find((origin) => !trusted(origin));
  if (through !== undefined)
    return {
      allowed: false,
      reason: `this frame is embedded by ${through}, which is neither the shop nor its payment provider`,
    };
  if (place.origin === topOrigin) return { allowed: true, cardOnly: false };
  if (paymentOrigins.includes(place.origin)) return { allowed: true, cardOnly: true };
  return { allowed: false, reason: `${place.origin} is not a payment frame of ${merchantOrigin}` };
}
