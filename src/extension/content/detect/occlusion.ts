/**
 * Is something painted over an element where a person would look at it? Hit testing
 * (`elementsFromPoint`) answers, with two corrections. An overlay with
 * `pointer-events: none` is skipped by hit testing yet hides what is under it, so every
 * element is made hittable for the duration of the test. And an element on top that
 * paints nothing (a transparent wrapper, a line of text) hides nothing, so only layers
 * that paint a surface count. Expensive: fill and click time only.
 */
import { parseColor, filterOpacity } from './paint';

/** A layer on top hides what is under it from this alpha up. */
const OPAQUE = 0.5;
const MIN_OPACITY = 0.1;
/** Elements that paint their own content over their whole box. */
const REPLACED = new Set([
  'IMG',
  'VIDEO',
  'CANVAS',
  'IFRAME',
  'EMBED',
  'OBJECT',
  'INPUT',
  'TEXTAREA',
  'SELECT',
  'BUTTON',
]);

let sheet: CSSStyleSheet | null | undefined;
function hittableSheet(): CSSStyleSheet | null {
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync('*, *::before, *::after { pointer-events: auto !important; }');
    } catch {
      sheet = null; // No constructable style sheets: hit testing as the page has it.
    }
  }
  return sheet;
}

/**
 * Runs `test` with every element of `roots` hittable. The rule is adopted (not a
 * <style> element: the page's mutation observers see nothing) and removed before
 * returning; an inline `pointer-events` (which outranks any style sheet) is overridden
 * for the moment and put back.
 */
export function withAllHittable<T>(roots: ReadonlySet<Document | ShadowRoot>, test: () => T): T {
  const s = hittableSheet();
  const restore: (() => void)[] = [];
  if (s) {
    for (const root of roots) {
      try {
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
        restore.push(() => (root.adoptedStyleSheets = root.adoptedStyleSheets.filter((x) => x !== s)));
      } catch {
        // A sandbox that may not adopt into the page (Firefox's content-script Xrays, in some
        // versions): style-sheet overlays stay as the page has them, inline ones are still handled.
      }
      for (const el of root.querySelectorAll<HTMLElement>('[style*="pointer-events" i]')) {
        const value = el.style.getPropertyValue('pointer-events');
        const priority = el.style.getPropertyPriority('pointer-events');
        el.style.setProperty('pointer-events', 'auto', 'important');
        restore.push(() => el.style.setProperty('pointer-events', value, priority));
      }
    }
  }
  try {
    return test();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}

function chainOpacity(el: Element): number {
  let o = 1;
  for (
    let node: Element | null = el;
    node && o >= MIN_OPACITY;
    node = node.parentElement ?? (node.getRootNode() as ShadowRoot).host ?? null
  ) {
    const style = getComputedStyle(node);
    o *= Number(style.opacity || '1') * filterOpacity(style.filter);
  }
  return o;
}

function surface(style: CSSStyleDeclaration): boolean {
  return (
    (parseColor(style.backgroundColor)?.a ?? 1) >= OPAQUE ||
    (style.backgroundImage !== '' && style.backgroundImage !== 'none')
  );
}

/**
 * Whether `layer`, found above `under` at a point, paints over it. An ancestor of
 * `under` (or `under` itself) can be above only through its ::before/::after.
 */
export function paintsOver(layer: Element, under: Element): boolean {
  if (chainOpacity(layer) < MIN_OPACITY) return false;
  const pseudos = ['::before', '::after']
    .map((p) => getComputedStyle(layer, p))
    .filter((s) => s.content !== 'none' && s.content !== 'normal');
  if (pseudos.some(surface)) return true;
  if (layer.contains(under)) return false;
  if (REPLACED.has(layer.tagName) || layer instanceof SVGGraphicsElement) return true;
  return surface(getComputedStyle(layer));
}

/**
 * Whether `el` is seen at (x, y): it is in the hit-test stack there and nothing above it
 * paints over it. `transparentAbove` names layers allowed on top (the field's own labels,
 * the Veil button).
 */
export function seenAt(el: Element, x: number, y: number, transparentAbove: (layer: Element) => boolean): boolean {
  const root = el.getRootNode() as Document | ShadowRoot;
  for (const layer of root.elementsFromPoint(x, y)) {
    if (layer === el) return true;
    if (!transparentAbove(layer) && paintsOver(layer, el)) return false;
  }
  return false;
}
