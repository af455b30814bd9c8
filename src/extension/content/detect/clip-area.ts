/**
 * How much of a control's box survives a `clip-path` or `clip` on it or on an ancestor.
 * The usual "visually hidden" recipes leave almost nothing (`inset(50%)`, `inset(49.5%)`,
 * a zero-area `polygon()`, `circle(0)`, `rect(0 0 0 0)`), and a recipe need not be
 * exact, so the area is measured rather than the text matched.
 */

type Point = [number, number];
interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A length of the computed value in px: `12px`, `50%` of `basis`, `0`; null for calc() and anything else. */
function length(text: string | undefined, basis: number): number | null {
  if (text === undefined) return null;
  const m = /^(-?[\d.]+(?:e-?\d+)?)(px|%)?$/.exec(text.trim());
  if (!m || (m[2] === undefined && Number(m[1]) !== 0)) return null;
  return m[2] === '%' ? (Number(m[1]) / 100) * basis : Number(m[1]);
}

/** Splits on spaces outside parentheses. */
function words(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (/\s/.test(ch) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function rectPolygon(l: number, t: number, r: number, b: number): Point[] {
  return [
    [l, t],
    [r, t],
    [r, b],
    [l, b],
  ];
}

function insetShape(args: string, w: number, h: number): Point[] | null {
  const v = words(args.split(/\s+round\s+/)[0]!);
  const [t, r = t, b = t, l = r] = v;
  const top = length(t, h);
  const right = length(r, w);
  const bottom = length(b, h);
  const left = length(l, w);
  if (top === null || right === null || bottom === null || left === null) return null;
  return rectPolygon(left, top, Math.max(left, w - right), Math.max(top, h - bottom));
}

function centre(at: string | undefined, w: number, h: number): Point | null {
  if (!at) return [w / 2, h / 2];
  const [x, y] = words(at);
  const cx = length(x, w);
  const cy = length(y ?? '50%', h);
  return cx === null || cy === null ? null : [cx, cy];
}

function radius(text: string | undefined, basis: number, sides: [number, number]): number | null {
  if (text === undefined || text === 'closest-side') return Math.min(...sides);
  if (text === 'farthest-side') return Math.max(...sides);
  return length(text, basis);
}

function ellipseShape(name: string, args: string, w: number, h: number): Point[] | null {
  const [size = '', at] = args.split(/\s*\bat\b\s*/);
  const c = centre(at, w, h);
  if (!c) return null;
  const v = words(size);
  const xSides: [number, number] = [Math.abs(c[0]), Math.abs(w - c[0])];
  const ySides: [number, number] = [Math.abs(c[1]), Math.abs(h - c[1])];
  let rx: number | null;
  let ry: number | null;
  if (name === 'circle') {
    const sides: [number, number] = [Math.min(...xSides, ...ySides), Math.max(...xSides, ...ySides)];
    rx = ry = radius(v[0], Math.hypot(w, h) / Math.SQRT2, sides);
  } else {
    rx = radius(v[0], w, xSides);
    ry = radius(v[1], h, ySides);
  }
  if (rx === null || ry === null) return null;
  // 32 sides: within 1% of the ellipse's area, which is all a threshold needs.
  return Array.from({ length: 32 }, (_, i): Point => [
    c[0] + rx * Math.cos((i * Math.PI) / 16),
    c[1] + ry * Math.sin((i * Math.PI) / 16),
  ]);
}

function polygonShape(args: string, w: number, h: number): Point[] | null {
  const points: Point[] = [];
  for (const pair of args.split(',')) {
    const v = words(pair.trim());
    if (v.length === 1 && /^(nonzero|evenodd)$/.test(v[0]!)) continue;
    const x = length(v[0], w);
    const y = length(v[1], h);
    if (x === null || y === null) return null;
    points.push([x, y]);
  }
  return points;
}

/** `clip: rect(top, right, bottom, left)` (`auto` = the box's own edge). */
function clipRect(args: string, w: number, h: number): Point[] | null {
  const v = args.split(/[\s,]+/).filter(Boolean);
  const side = (text: string | undefined, auto: number) => (text === 'auto' ? auto : length(text, 0));
  const [t, r, b, l] = [side(v[0], 0), side(v[1], w), side(v[2], h), side(v[3], 0)];
  if (t === null || r === null || b === null || l === null) return null;
  return rectPolygon(l, t, Math.max(l, r), Math.max(t, b));
}

/**
 * The clipping region of `clip-path` (or `clip`) in the element's border-box
 * coordinates: a polygon, 'none', or null when it cannot be measured (`url()`,
 * `path()`, calc()).
 */
export function clipRegion(clipPath: string, clip: string, w: number, h: number): Point[] | 'none' | null {
  if (clip && clip !== 'auto') {
    const m = /^rect\((.*)\)$/.exec(clip.trim());
    return m ? clipRect(m[1]!, w, h) : null;
  }
  if (!clipPath || clipPath === 'none') return 'none';
  const m = /^(inset|circle|ellipse|polygon)\((.*)\)(\s+[a-z-]+)?$/.exec(clipPath.trim());
  // A lone reference box (`border-box`) clips to that box: nothing of the border box is lost.
  if (!m) return /^[a-z-]+$/.test(clipPath.trim()) ? 'none' : null;
  const [, name, args] = m as unknown as [string, string, string];
  if (name === 'inset') return insetShape(args, w, h);
  if (name === 'polygon') return polygonShape(args, w, h);
  return ellipseShape(name, args, w, h);
}

function area(p: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const [x1, y1] = p[i]!;
    const [x2, y2] = p[(i + 1) % p.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum) / 2;
}

/** Sutherland–Hodgman: the part of `subject` inside the rectangle `r` (convex, so exact for area). */
function clipToRect(subject: readonly Point[], r: Box): Point[] {
  const edges: [(p: Point) => boolean, (a: Point, b: Point) => Point][] = [
    [(p) => p[0] >= r.left, (a, b) => lerpX(a, b, r.left)],
    [(p) => p[0] <= r.left + r.width, (a, b) => lerpX(a, b, r.left + r.width)],
    [(p) => p[1] >= r.top, (a, b) => lerpY(a, b, r.top)],
    [(p) => p[1] <= r.top + r.height, (a, b) => lerpY(a, b, r.top + r.height)],
  ];
  let out = [...subject];
  for (const [inside, cut] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]!;
      const prev = input[(i + input.length - 1) % input.length]!;
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cut(prev, cur));
    }
  }
  return out;
}

const lerpX = (a: Point, b: Point, x: number): Point => [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
const lerpY = (a: Point, b: Point, y: number): Point => [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];

/**
 * The share (0–1) of `target` left visible by a clipping `region` given in the border
 * box `of` coordinates (the clipping element's box, in the same viewport coordinates as `target`).
 */
export function visibleShare(region: readonly Point[], of: Box, target: Box): number {
  const whole = target.width * target.height;
  if (whole <= 0) return 0;
  const placed = region.map(([x, y]): Point => [x + of.left, y + of.top]);
  return Math.min(1, area(clipToRect(placed, target)) / whole);
}
