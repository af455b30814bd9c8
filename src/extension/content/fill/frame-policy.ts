/**
 * Where this frame is, read from its own window, for the check right before writing
 * (the background has already checked, from the browser's sender information, before
 * sending anything). The rule itself is shared with the background:
 * src/extension/frame-access.ts — the merchant's top document and same-origin frames
 * get everything, a payment frame on the card's allowed list gets card fields only,
 * any other frame nothing.
 */
import { frameAccess, type FrameAccess, type FramePlace } from '../../frame-access';

export type FrameInfo = FramePlace;

/** An ancestor's origin, or "null" when it cannot be read (cross-origin): never trusted. */
function originOf(win: Window): string {
  try {
    return win.location.origin;
  } catch {
    return 'null';
  }
}

export function frameInfo(win: Window = window): FrameInfo {
  const isTop = win.top === win;
  const origin = win.origin;
  if (isTop) return { isTop, origin, topOrigin: origin, between: [] };
  // Chromium lists every ancestor's origin, the top one last; Firefox has no such list
  // (before 137): then same-origin ancestors are read directly, and a cross-origin one
  // counts as unknown.
  const ancestors = win.location.ancestorOrigins;
  if (ancestors) {
    const list = [...ancestors];
    return { isTop, origin, topOrigin: list.at(-1) ?? null, between: list.slice(0, -1) };
  }
  const between: string[] = [];
  for (let w = win.parent; w && w !== win.top && w !== w.parent; w = w.parent) between.push(originOf(w));
  let topOrigin: string | null = null;
  try {
    const top = win.top?.location.origin;
    if (top && top !== 'null') topOrigin = top;
  } catch {
    /* a cross-origin top without ancestorOrigins: this frame cannot prove where it is, no fill */
  }
  return { isTop, origin, topOrigin, between };
}

export function fillPermission(
  info: FrameInfo,
  merchantOrigin: string,
  paymentOrigins: readonly string[],
): FrameAccess {
  return frameAccess(info, merchantOrigin, paymentOrigins);
}
