/**
 * Finds the controls of a frame, including those in open shadow roots (closed ones
 * are out of reach by design), in document order. Controls that can never hold a
 * value Veil fills — buttons, checkboxes, hidden inputs — are left out. Disabled and
 * invisible ones are kept: a checkout enables and reveals sections as it goes, so
 * whether a control can take a value now is checked at fill time (fill/fill.ts).
 *
 * This runs cold on every page with a form, so it touches as few elements as it can:
 * the controls through one selector, and only the elements that may host a shadow root
 * (reading an element from script the first time costs far more than the selector does).
 */
import type { Control } from './signals';

const NEVER = new Set(['hidden', 'submit', 'button', 'image', 'reset', 'checkbox', 'radio', 'file', 'range', 'color', 'date', 'datetime-local', 'time', 'week', 'search']);
const CONTROLS = 'input, select, textarea';
/** The built-in elements `attachShadow` accepts (DOM standard); any custom element may host one too. */
const BUILTIN_HOSTS = 'article, aside, blockquote, body, div, footer, h1, h2, h3, h4, h5, h6, header, main, nav, p, section, span';
/** Custom elements: a hyphen in the name. Selectors cannot say that; XPath can, without script touching the rest. */
const CUSTOM_ELEMENTS = './/*[contains(local-name(), "-")]';

export function isCandidate(el: Element): el is Control {
  if (el.tagName === 'INPUT' && NEVER.has((el as HTMLInputElement).type)) return false;
  // Read-only and hidden from assistive technology: an inert stand-in for a field that
  // lives in an iframe. (aria-hidden alone is not enough: payment SDKs mark real inputs so.)
  if (el.getAttribute('aria-hidden') === 'true' && el.hasAttribute('readonly')) return false;
  return el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA';
}

/** The elements under `root` with an open shadow root, in document order. */
function shadowHosts(root: Document | ShadowRoot | Element): Element[] {
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

/** Every candidate control under `root`, descending into open shadow roots where they are. */
export function collectControls(root: Document | ShadowRoot | Element): Control[] {
  const light: Control[] = [];
  for (const el of root.querySelectorAll(CONTROLS)) if (isCandidate(el)) light.push(el);
  const hosts = shadowHosts(root);
  if (hosts.length === 0) return light;
  // A shadow root's controls come where its host is: before the first light control after the host.
  const out: Control[] = [];
  let next = 0;
  for (const host of hosts) {
    const inner = collectControls(host.shadowRoot!);
    if (inner.length === 0) continue;
    while (next < light.length && !(host.compareDocumentPosition(light[next]!) & Node.DOCUMENT_POSITION_FOLLOWING)) out.push(light[next++]!);
    out.push(...inner);
  }
  while (next < light.length) out.push(light[next++]!);
  return out;
}
