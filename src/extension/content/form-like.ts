/**
 * "Is there anything here Veil could fill?" — the bootstrap's question before it loads
 * the engine, asked of every frame. Cheap on purpose: one selector for the document,
 * one walk for open shadow roots after load, the added nodes of each mutation.
 */
/** Input types that never take anything Veil fills. */
export const NO_FILL_TYPES = [
  'hidden',
  'submit',
  'button',
  'image',
  'reset',
  'checkbox',
  'radio',
  'file',
  'range',
  'color',
  'search',
];

/**
 * A selector for the controls except inputs of `types`, so the browser skips those
 * without handing each to script. In HTML documents `[type=…]` matches
 * case-insensitively, as the `type` property reads.
 */
export const controlsExcept = (types: readonly string[]): string =>
  ['input' + types.map((t) => `:not([type=${t}])`).join(''), 'select', 'textarea'].join(', ');

/** A control that could take something Veil fills (buttons, checkboxes, search boxes cannot). */
export const FORM_LIKE = controlsExcept(NO_FILL_TYPES);

export const hasFormLike = (root: ParentNode): boolean => root.querySelector(FORM_LIKE) !== null;

/**
 * Which elements may have an open shadow root: the built-in elements `attachShadow`
 * accepts (DOM standard) and custom elements, whose names have a hyphen. No selector can
 * ask for a hyphen, so the selector takes every element except the commonest that can
 * host nothing: one selector pass finds both kinds, in document order, and script reads
 * the few rarer elements it lets through for nothing (they have no shadow root). The
 * list is what pays: the browser parses the selector on each page's first query (every
 * HTML, SVG and MathML name, ~230, took 0.28 ms of a small page's first scan; these ~65,
 * 0.03), and each kind of element script reads costs its interface's setup in the
 * content script's world (tens to hundreds of µs), so the list holds the elements the
 * development corpus has most of. This replaced a pass for the built-in hosts plus an
 * XPath query for the hyphen: XPath took ~0.4 ms to start on every page, and the two
 * passes twice the time of one on big pages (7,000 elements: 3.3 ms against 1.7).
 *
 * Order matters for speed, not for the result: the browser stops at the first name that
 * matches, so the commonest come first, and `div, span, p` (hosts, the commonest of all)
 * are taken before the list. SVG names are matched as written.
 */
const NOT_HOSTS = [
  'option, input, a, li, label, button, ul, td, br, tr, i, form, strong, path, svg, select, fieldset',
  'tbody, table, img, b, hr, g, script, dd, textarea, iframe, th, em, noscript, dt, legend, dl, small',
  'time, figure, sup, style, stop, font, center, use, u, circle, nobr, template, ol, abbr, rect, figcaption',
  'meta, title, symbol, linearGradient, defs, optgroup, ins, menu, link, head, html, thead, picture, source',
].join(', ');
/** Elements that may host a shadow root (the rest of the built-in hosts — article, aside, blockquote, body, footer, h1–h6, header, main, nav, section — and custom elements fall to the `:not`). */
export const MAY_HOST = `div, span, p, :not(${NOT_HOSTS})`;

/** The elements under `root` with an open shadow root, in document order. */
export function shadowHosts(root: Document | ShadowRoot | Element): Element[] {
  const hosts: Element[] = [];
  for (const el of root.querySelectorAll(MAY_HOST)) if (el.shadowRoot) hosts.push(el);
  return hosts;
}

/** Form-like controls inside open shadow roots, which `querySelector` on the document does not see. */
export function shadowHasFormLike(root: Document | ShadowRoot | Element): boolean {
  return shadowHosts(root).some((host) => hasFormLike(host.shadowRoot!) || shadowHasFormLike(host.shadowRoot!));
}

export function addsFormLike(records: MutationRecord[]): boolean {
  for (const r of records) {
    for (const node of r.addedNodes) {
      if (node.nodeType !== 1) continue;
      const el = node as Element;
      if (el.matches(FORM_LIKE) || hasFormLike(el) || (el.shadowRoot && hasFormLike(el.shadowRoot))) return true;
    }
  }
  return false;
}
