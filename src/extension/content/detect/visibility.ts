/**
 * "Could a person see this control and know what they are typing into?" Checked just
 * before a fill, never earlier: visibility changes as a checkout unfolds. Pages hide
 * decoy card fields to harvest autofill (hidden, zero-size, off-screen, transparent,
 * clipped or covered); every one of those answers false here.
 */
const MIN_SIZE = 4;
const MIN_OPACITY = 0.1;

function styleChainHides(el: Element): boolean {
  let opacity = 1;
  for (let node: Element | null = el; node; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host ?? null)) {
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse') return true;
    opacity *= Number(style.opacity || '1');
    if (opacity < MIN_OPACITY) return true;
    // clip: rect(0 0 0 0) and clip-path: inset(50%) are the usual "visually hidden" recipes.
    if (style.clip && style.clip !== 'auto' && /rect\(\s*0(px)?[ ,]+0(px)?[ ,]+0(px)?[ ,]+0(px)?\s*\)/.test(style.clip)) return true;
    if (style.clipPath && style.clipPath !== 'none' && /inset\(\s*(50%|100%)|circle\(\s*0/.test(style.clipPath)) return true;
  }
  return false;
}

/** An ancestor that cuts content off (overflow not visible) and leaves almost none of the control inside it. */
function clippedByAncestor(el: Element, rect: DOMRect): boolean {
  for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.overflow === 'visible' && style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const box = node.getBoundingClientRect();
    const w = Math.min(rect.right, box.right) - Math.max(rect.left, box.left);
    const h = Math.min(rect.bottom, box.bottom) - Math.max(rect.top, box.top);
    if (w < MIN_SIZE || h < MIN_SIZE) return true;
  }
  return false;
}

/** Something else (an overlay, a decoy) sits on top of the control where a person would click. */
function covered(el: Element, rect: DOMRect): boolean {
  const root = el.getRootNode() as Document | ShadowRoot;
  const points: [number, number][] = [
    [rect.left + rect.width / 2, rect.top + rect.height / 2],
    [rect.left + Math.min(8, rect.width / 4), rect.top + rect.height / 2],
  ];
  let tested = 0;
  for (const [x, y] of points) {
    // Off the viewport nothing can be tested without scrolling the page; the other checks still hold.
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    tested++;
    const hit = root.elementFromPoint(x, y);
    if (!hit) continue;
    if (hit === el || el.contains(hit) || hit.contains(el)) return false;
    // Floating labels sit over their input on purpose.
    const labels = (el as HTMLInputElement).labels;
    if (labels && Array.from(labels).some((l) => l === hit || l.contains(hit))) return false;
    if (hit.tagName === 'VEIL-FILL-BUTTON') return false;
  }
  return tested > 0;
}

export function isVisible(el: Element): boolean {
  if (!el.isConnected) return false;
  const rect = el.getBoundingClientRect();
  if (rect.width < MIN_SIZE || rect.height < MIN_SIZE) return false;
  // Off-screen: entirely left of or above the page (nothing scrolls there), or beyond its far edges.
  const left = rect.left + scrollX;
  const top = rect.top + scrollY;
  const doc = document.documentElement;
  const width = Math.max(doc.scrollWidth, innerWidth);
  const height = Math.max(doc.scrollHeight, innerHeight);
  if (left + rect.width <= 0 || top + rect.height <= 0 || left >= width || top >= height) return false;
  if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
  if (styleChainHides(el)) return false;
  if (clippedByAncestor(el, rect)) return false;
  return !covered(el, rect);
}
