/**
 * Was a click on the inline button a click on what the shopper saw? The button's host
 * element lives in the page's DOM. The page cannot restyle the host itself (its style
 * is pinned and re-pinned, inline-button.ts), but it can restyle the host's ancestors,
 * move the card field from under the button, lay something over the button, or bring
 * the button under the cursor just before a click. Each check below answers one of
 * those; any "no" drops the click silently (an answer would help the page tune its
 * attack). The shopper can always click again, or use the toolbar popup.
 */
import { filterFunctions, filterOpacity } from '../detect/paint';
import { paintsOver, withAllHittable } from '../detect/occlusion';
import { isVisible } from '../detect/visibility';

/**
 * A button must have sat still and untouched this long before a click counts: a page
 * that moves the field under the cursor, or tampers with the host, just before the
 * shopper clicks something of its own gets nothing (the delay browsers give their
 * own permission prompts, for the same reason).
 */
export const MIN_STILL_MS = 500;
/** The button and its ancestors together must be at least this opaque. */
const MIN_OPACITY = 0.8;
/** Filters that keep the button readable (colour changes and shadows); anything else on an ancestor refuses. */
const HARMLESS_FILTERS = new Set(['grayscale', 'sepia', 'saturate', 'hue-rotate', 'drop-shadow']);
/** How far the drawn size may stray from the laid-out size (a transform or zoom above the host). */
const MAX_SCALE_DRIFT = 0.1;

export interface ButtonView {
  host: HTMLElement;
  /** The card-number field the button was placed in. */
  field: HTMLElement;
  /** Where the host must hang (the body): anywhere else, the page moved it. */
  container: Element;
  /** performance.now() of the last move of the button or the last tampering with it. */
  stillSince: number;
  /** IntersectionObserver v2's last word on the host (Chromium); null where not supported or not yet reported. */
  seenByBrowser: boolean | null;
}

const parentOf = (node: Element): Element | null =>
  node.parentElement ?? (node.getRootNode() as ShadowRoot).host ?? null;

/** Nothing up the tree fades, hides, blurs, clips or masks the button. */
function chainShows(host: HTMLElement): boolean {
  let opacity = 1;
  for (let node: Element | null = host; node; node = parentOf(node)) {
    const style = getComputedStyle(node);
    if (style.visibility === 'hidden' || style.visibility === 'collapse' || style.display === 'none') return false;
    opacity *= Number(style.opacity || '1') * filterOpacity(style.filter);
    if (filterFunctions(style.filter).some(([name]) => !HARMLESS_FILTERS.has(name))) return false;
    if ((style.clipPath && style.clipPath !== 'none') || (style.getPropertyValue('mask-image') || 'none') !== 'none')
      return false;
    if ((style.getPropertyValue('-webkit-mask-image') || 'none') !== 'none') return false;
  }
  return opacity >= MIN_OPACITY;
}

/** The host is drawn at its laid-out size: no transform or zoom above it magnifies or shrinks it. */
function unscaled(host: HTMLElement, box: DOMRect): boolean {
  const sx = box.width / (host.offsetWidth || 1);
  const sy = box.height / (host.offsetHeight || 1);
  return Math.abs(sx - 1) <= MAX_SCALE_DRIFT && Math.abs(sy - 1) <= MAX_SCALE_DRIFT;
}

/** The button still sits in the field: within its width, its centre inside the field's box (1 px for rounding). */
function inField(box: DOMRect, field: DOMRect): boolean {
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  return (
    box.left >= field.left - 1 &&
    box.right <= field.right + 1 &&
    cx >= field.left &&
    cx <= field.right &&
    cy >= field.top &&
    cy <= field.bottom
  );
}

const contains = (box: DOMRect, x: number, y: number) =>
  x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;

/** The host is the first layer at (x, y) that paints, with `pointer-events: none` overlays counted. */
function onTop(host: HTMLElement, x: number, y: number): boolean {
  return withAllHittable(new Set([host.ownerDocument]), () => {
    for (const layer of host.ownerDocument.elementsFromPoint(x, y)) {
      if (layer === host) return true;
      if (paintsOver(layer, host)) return false;
    }
    return false;
  });
}

export function clickIsHonest(e: MouseEvent, view: ButtonView): boolean {
  const { host, field } = view;
  // A script's click() or dispatchEvent is not the shopper's.
  if (!e.isTrusted) return false;
  if (!field.isConnected || host.parentNode !== view.container) return false;
  if (view.seenByBrowser === false) return false;
  if (e.timeStamp - view.stillSince < MIN_STILL_MS) return false;
  const box = host.getBoundingClientRect();
  if (!unscaled(host, box) || !chainShows(host) || !inField(box, field.getBoundingClientRect())) return false;
  // A keyboard activation (detail 0) has no pointer position: the button's centre stands in.
  const keyboard = e.detail === 0;
  const x = keyboard ? box.left + box.width / 2 : e.clientX;
  const y = keyboard ? box.top + box.height / 2 : e.clientY;
  if (!contains(box, x, y)) return false;
  return isVisible(field) && onTop(host, x, y);
}
