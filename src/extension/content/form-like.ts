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

/** The built-in elements `attachShadow` accepts (DOM standard); any custom element may host one too. */
const BUILTIN_HOSTS =
  'article, aside, blockquote, body, div, footer, h1, h2, h3, h4, h5, h6, header, main, nav, p, section, span';
/** Custom elements: a hyphen in the name. Selectors cannot say that; XPath can, without script touching the rest. */
const CUSTOM_ELEMENTS = './/*[contains(local-name(), "-")]';

/** The elements under `root` with an open shadow root, in document order. */
export function shadowHosts(root: Document | ShadowRoot | Element): Element[] {
  const hosts: Element[] = [];
  const doc = root.ownerDocument ?? (root as Document);
  if (root instanceof ShadowRoot || typeof doc.evaluate !== 'function') {
    // XPath does not run inside a shadow tree: read every element there (rare, and small).
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) hosts.push(el);
    return hosts;
  }
  for (const el of root.querySelectorAll(BUILTIN_HOSTS)) if (el.shadowRoot) hosts.push(el);
  const custom = doc.evaluate(CUSTOM_ELEMENTS, root, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null);
  if (custom.snapshotLength === 0) return hosts;
  for (let i = 0; i < custom.snapshotLength; i++) {
    const el = custom.snapshotItem(i) as Element;
    if (el.shadowRoot) hosts.push(el);
  }
  return hosts.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
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
