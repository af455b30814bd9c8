/**
 * Where a fill may happen. A card is issued for one merchant (the top-level site the
 * shopper is on); its number may be written only into a frame whose top-level origin
 * is that merchant, checked again right before writing. A payment provider's iframe
 * (a frame of another origin inside the merchant's page) gets the card fields and
 * nothing else: it has no business receiving the shopper's address.
 */
export interface FrameInfo {
  isTop: boolean;
  /** This frame's origin (about:blank and srcdoc frames inherit their creator's). */
  origin: string;
  /** The top-level page's origin, or null when this frame cannot know it. */
  topOrigin: string | null;
}

export function frameInfo(win: Window = window): FrameInfo {
  const isTop = win.top === win;
  const origin = win.origin;
  if (isTop) return { isTop, origin, topOrigin: origin };
  try {
    // Same-origin ancestors can be read directly.
    const top = win.top?.location.origin;
    if (top && top !== 'null') return { isTop, origin, topOrigin: top };
  } catch {
    /* cross-origin top: fall through */
  }
  // Chromium lists every ancestor's origin, the top one last; Firefox has no such list
  // (before 137), and then this frame cannot prove where it is: no fill.
  const ancestors = win.location.ancestorOrigins;
  const last = ancestors && ancestors.length ? ancestors[ancestors.length - 1] : undefined;
  return { isTop, origin, topOrigin: last ?? null };
}

export type FillPermission = { ok: true; cardOnly: boolean } | { ok: false; reason: string };

export function fillPermission(info: FrameInfo, merchantOrigin: string): FillPermission {
  if (!info.topOrigin) return { ok: false, reason: 'this frame cannot tell which site it is in' };
  if (info.topOrigin !== merchantOrigin) return { ok: false, reason: `the page is ${info.topOrigin}, the card is for ${merchantOrigin}` };
  return { ok: true, cardOnly: !info.isTop && info.origin !== info.topOrigin };
}
