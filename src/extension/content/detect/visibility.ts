/**
 * "Could a person see this control and know what they are typing into?" Judged by
 * what is painted, not by what the DOM says: pages hide decoy card fields to harvest
 * autofill (hidden, zero-size, off-screen, transparent by `opacity` or by
 * `filter: opacity()`, text the colour of its background, clipped, masked, covered,
 * covered by an overlay that lets clicks through), and every one of those answers false.
 *
 * Two depths. `looksVisible` reads the style chain and one quick hit test: cheap enough
 * for the scan that places the inline button. `isVisible` adds occlusion at several
 * points with every element made hittable, which recalculates the page's styles twice:
 * it runs just before a fill (visibility changes as a checkout unfolds), never per scan.
 */
import { clipRegion, visibleShare } from './clip-area';
import { seenAt, withAllHittable } from './occlusion';
import {
  WHITE,
  applyFilter,
  contrast,
  filterBlur,
  filterOpacity,
  maskHides,
  over,
  parseColor,
  type Rgba,
} from './paint';

const MIN_SIZE = 4;
const MIN_OPACITY = 0.1;
/** Less of the box than this left by clipping, or seen at fewer of the sample points, is hidden. */
const MIN_SHARE = 0.5;
/** Text below this contrast with what is behind it cannot be read (#eee on white is 1.16; light grey placeholders are ~1.6). */
const MIN_CONTRAST = 1.25;
/** A blur this wide or wider makes 11–16 px digits unreadable. */
const MAX_BLUR_PX = 3;

const parentOf = (node: Element): Element | null =>
  node.parentElement ?? (node.getRootNode() as ShadowRoot).host ?? null;

/** Controls that show the text written into them. */
const showsText = (el: Element): boolean =>
  el instanceof HTMLTextAreaElement ||
  el instanceof HTMLSelectElement ||
  (el instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'color'].includes(el.type));

/**
 * Walks the control and its ancestors once: display/visibility, the opacity of the
 * chain (opacity × filter opacity()), blur, masks, clipping by clip-path/clip/overflow,
 * and what is needed for the text contrast (the background behind the control and the
 * filters over it).
 */
function styleChainHides(el: Element, rect: DOMRect): boolean {
  let opacity = 1;
  const behind: Rgba[] = [];
  let backgroundKnown = true;
  let filters = '';
  for (let node: Element | null = el; node; node = parentOf(node)) {
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse') return true;
    opacity *= Number(style.opacity || '1') * filterOpacity(style.filter);
    if (opacity < MIN_OPACITY) return true;
    if (style.filter && style.filter !== 'none') {
      // An SVG filter (url()) can do anything to the pixels, down to erasing them: a card field has no use for one.
      if (filterBlur(style.filter) >= MAX_BLUR_PX || /\burl\(/.test(style.filter)) return true;
      filters += ` ${style.filter}`;
    }
    if (maskHides(style, MIN_OPACITY)) return true;
    if (clipHides(node, node === el, style, rect)) return true;
    // The background behind the text: layers down to the first opaque one; an image means unknown.
    if (backgroundKnown && (behind.length === 0 || behind[behind.length - 1]!.a < 1)) {
      if (style.backgroundImage && style.backgroundImage !== 'none') backgroundKnown = false;
      const bg = parseColor(style.backgroundColor);
      if (!bg) backgroundKnown = false;
      else if (bg.a > 0) behind.push(bg);
    }
  }
  return showsText(el) && textUnreadable(el, backgroundKnown ? behind : null, filters);
}

/** Clipping by this node's own clip-path/clip, or by its overflow when it is an ancestor. */
function clipHides(node: Element, self: boolean, style: CSSStyleDeclaration, rect: DOMRect): boolean {
  // `clip` applies to absolutely positioned boxes only.
  const clip = style.position === 'absolute' || style.position === 'fixed' ? style.clip : '';
  if ((clip && clip !== 'auto') || (style.clipPath && style.clipPath !== 'none')) {
    const box = node.getBoundingClientRect();
    const region = clipRegion(style.clipPath, clip, box.width, box.height);
    // A clip that cannot be measured (url(), path()) is left to the hit tests, which honour it.
    if (region !== null && region !== 'none' && visibleShare(region, box, rect) < MIN_SHARE) return true;
  }
  if (self) return false;
  if (style.overflow === 'visible' && style.overflowX === 'visible' && style.overflowY === 'visible') return false;
  if (node === document.body || node === document.documentElement) return false;
  const box = node.getBoundingClientRect();
  const w = Math.min(rect.right, box.right) - Math.max(rect.left, box.left);
  const h = Math.min(rect.bottom, box.bottom) - Math.max(rect.top, box.top);
  return w < MIN_SIZE || h < MIN_SIZE;
}

/**
 * Text of (nearly) the colour behind it: the colour painted over the background
 * layers, both through the chain's filters. Transparent text is unreadable on any
 * background, so it needs no known background.
 */
function textUnreadable(el: Element, behind: Rgba[] | null, filters: string): boolean {
  const style = getComputedStyle(el);
  const text = parseColor(style.getPropertyValue('-webkit-text-fill-color') || style.color);
  if (!text) return false;
  if (text.a < MIN_OPACITY) return true;
  if (!behind) return false;
  const canvas = behind.reduceRight((below, layer) => over(layer, below), canvasColor());
  const seen = (c: Rgba) => applyFilter(filters, c);
  return contrast(seen(over(text, canvas)), seen(canvas)) < MIN_CONTRAST;
}

/** What shows where no element paints: white, or the dark canvas of a dark colour scheme. */
function canvasColor(): Rgba {
  const scheme = getComputedStyle(document.documentElement).colorScheme;
  const dark =
    scheme.includes('dark') && (!scheme.includes('light') || matchMedia('(prefers-color-scheme: dark)').matches);
  return dark ? { r: 18 / 255, g: 18 / 255, b: 18 / 255, a: 1 } : WHITE;
}

/** Layers allowed over a control: its own labels (floating labels sit on it on purpose) and the Veil button. */
function allowedAbove(el: Element): (layer: Element) => boolean {
  const labels = Array.from((el as HTMLInputElement).labels ?? []);
  return (layer) => layer.tagName === 'VEIL-FILL-BUTTON' || labels.some((l) => l === layer || l.contains(layer));
}

const inViewport = ([x, y]: [number, number]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;

/** Points across the box (a 3×3 grid at the sixths), those inside the viewport. */
function samplePoints(rect: DOMRect, grid: number): [number, number][] {
  const at = grid === 1 ? [1 / 2] : [1 / 6, 1 / 2, 5 / 6];
  return at
    .flatMap((fy) => at.map((fx): [number, number] => [rect.left + rect.width * fx, rect.top + rect.height * fy]))
    .filter(inViewport);
}

/** Seen at no fewer than half of the points tested; a control off the viewport cannot be tested and is judged by its style alone. */
function occluded(el: Element, rect: DOMRect, grid: number): boolean {
  const points = samplePoints(rect, grid);
  if (points.length === 0) return false;
  const allowed = allowedAbove(el);
  const seen = points.filter(([x, y]) => seenAt(el, x, y, allowed)).length;
  return seen < points.length * MIN_SHARE;
}

/** The control's box when it has a size, is on the page and is rendered; null otherwise. */
function renderedBox(el: Element): DOMRect | null {
  if (!el.isConnected) return null;
  const rect = el.getBoundingClientRect();
  if (rect.width < MIN_SIZE || rect.height < MIN_SIZE) return null;
  // Off-screen: entirely left of or above the page (nothing scrolls there), or beyond its far edges.
  const left = rect.left + scrollX;
  const top = rect.top + scrollY;
  const doc = document.documentElement;
  const width = Math.max(doc.scrollWidth, innerWidth);
  const height = Math.max(doc.scrollHeight, innerHeight);
  if (left + rect.width <= 0 || top + rect.height <= 0 || left >= width || top >= height) return null;
  if (
    typeof el.checkVisibility === 'function' &&
    !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
  )
    return null;
  return rect;
}

/** The style chain and a hit test at the centre as the page has it: for placing the button at scan time. */
export function looksVisible(el: Element): boolean {
  const rect = renderedBox(el);
  if (!rect || styleChainHides(el, rect)) return false;
  const centre = samplePoints(rect, 1);
  return centre.length === 0 || seenAt(el, centre[0]![0], centre[0]![1], allowedAbove(el));
}

/**
 * The whole judgment for several controls at once, just before a fill: style chain, and
 * occlusion at nine points each with every element hittable (made so once for all of
 * them: that is what costs, two style recalculations of the page).
 */
export function visibleAmong(elements: readonly Element[]): Set<Element> {
  const candidates: [Element, DOMRect][] = [];
  for (const el of elements) {
    const rect = renderedBox(el);
    if (rect && !styleChainHides(el, rect)) candidates.push([el, rect]);
  }
  if (candidates.length === 0) return new Set();
  const roots = new Set<Document | ShadowRoot>([
    document,
    ...candidates.map(([el]) => el.getRootNode() as Document | ShadowRoot),
  ]);
  return withAllHittable(
    roots,
    () => new Set(candidates.filter(([el, rect]) => !occluded(el, rect, 3)).map(([el]) => el)),
  );
}

/** The whole judgment for one control (a click on the button, in its field). */
export const isVisible = (el: Element): boolean => visibleAmong([el]).has(el);
