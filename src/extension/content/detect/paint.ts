/**
 * What one element's computed style does to what a person sees of it: colours and
 * their contrast, the opacity its filters add, and masks. Pure readings of a
 * CSSStyleDeclaration; the walk up the tree is visibility.ts's.
 */

/** sRGB channels 0–1 and alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

export const WHITE: Rgba = { r: 1, g: 1, b: 1, a: 1 };

/**
 * Computed colours come as `rgb(r, g, b)` / `rgba(r, g, b, a)` (Chromium, Firefox, WebKit)
 * unless the page wrote a wide-gamut colour (`oklch()`, `color()`): those give null and
 * the contrast judgment is skipped rather than guessed.
 */
export function parseColor(text: string): Rgba | null {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(text.trim());
  if (!m) return text.trim() === 'transparent' ? { r: 0, g: 0, b: 0, a: 0 } : null;
  const alpha = m[4] === undefined ? 1 : Number(m[4]) / (m[5] ? 100 : 1);
  return { r: Number(m[1]) / 255, g: Number(m[2]) / 255, b: Number(m[3]) / 255, a: alpha };
}

/** Every `rgb()`/`rgba()` inside a computed value (a gradient's stops). */
export function colorsIn(text: string): Rgba[] {
  return (text.match(/rgba?\([^)]*\)/g) ?? []).map(parseColor).filter((c): c is Rgba => c !== null);
}

/** `top` painted over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (c: Rgba) => 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);

/** WCAG 2 contrast ratio of two opaque colours: 1 (the same) to 21 (black on white). */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The functions of a computed `filter`, e.g. [['opacity', '0'], ['blur', '4px']]. */
export function filterFunctions(filter: string): [string, string][] {
  if (!filter || filter === 'none') return [];
  return Array.from(filter.matchAll(/([a-z-]+)\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g), (m) => [m[1]!, m[2]!.trim()]);
}

const amount = (arg: string): number =>
  arg.endsWith('%') ? Number(arg.slice(0, -1)) / 100 : arg === '' ? 1 : Number(arg);

/** What `filter: opacity()` adds to `opacity` (the recipe `filter: opacity(0)` hides as well as `opacity: 0`). */
export function filterOpacity(filter: string): number {
  let o = 1;
  for (const [name, arg] of filterFunctions(filter)) if (name === 'opacity') o *= Math.min(1, amount(arg));
  return o;
}

/** Blur radius in px from `filter: blur()`: past a few pixels text cannot be read. */
export function filterBlur(filter: string): number {
  let px = 0;
  for (const [name, arg] of filterFunctions(filter)) if (name === 'blur') px += parseFloat(arg) || 0;
  return px;
}

/**
 * The colour a filter turns `c` into, for the functions that can erase contrast
 * (brightness(0) paints everything black, contrast(0) everything grey, invert(0.5) too).
 * Hue and saturation changes keep luminance differences and are left out.
 */
export function applyFilter(filter: string, c: Rgba): Rgba {
  let { r, g, b } = c;
  const each = (f: (x: number) => number) =>
    ([r, g, b] = [f(r), f(g), f(b)].map((x) => Math.min(1, Math.max(0, x))) as [number, number, number]);
  for (const [name, arg] of filterFunctions(filter)) {
    const k = amount(arg);
    if (name === 'brightness') each((x) => x * k);
    else if (name === 'contrast') each((x) => (x - 0.5) * k + 0.5);
    else if (name === 'invert') each((x) => x * (1 - Math.min(1, k)) + (1 - x) * Math.min(1, k));
  }
  return { r, g, b, a: c.a };
}

/** Top-level comma-separated layers of a computed value (commas inside functions stay). */
export function layers(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}

/**
 * A mask that leaves nothing a person could see. Only one gradient layer is judged:
 * several layers can cancel each other (`mask-composite: exclude`), and an image mask
 * (`url()`, `image-set()`) cannot be read from here; a card field has no reason to be
 * masked, so what cannot be judged counts as hiding.
 */
export function maskHides(style: CSSStyleDeclaration, minAlpha: number): boolean {
  const image = style.getPropertyValue('mask-image') || style.getPropertyValue('-webkit-mask-image');
  const border =
    style.getPropertyValue('-webkit-mask-box-image-source') || style.getPropertyValue('mask-border-source');
  if (border && border !== 'none') return true;
  if (!image || image === 'none') return false;
  const all = layers(image).filter((l) => l !== 'none');
  if (all.length === 0) return false;
  if (all.length > 1 || !/gradient\(/.test(all[0]!)) return true;
  const stops = colorsIn(all[0]!);
  if (stops.length === 0) return true;
  // mask-mode: luminance makes black stops hide as transparent ones do.
  const byLuminance = (style.getPropertyValue('mask-mode') || '').includes('luminance');
  const shows = stops.some((c) => (byLuminance ? c.a * luminance(c) : c.a) >= minAlpha);
  const size = style.getPropertyValue('mask-size') || style.getPropertyValue('-webkit-mask-size');
  return !shows || /(^|\s)0(px|%)?(\s|$)/.test(size);
}
