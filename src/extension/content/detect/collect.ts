/**
 * Finds the controls of a frame, including those in open shadow roots (closed ones
 * are out of reach by design), in document order. Controls that can never hold a
 * value Veil fills — buttons, checkboxes, hidden inputs — are left out. Disabled and
 * invisible ones are kept: a checkout enables and reveals sections as it goes, so
 * whether a control can take a value now is checked at fill time (fill/fill.ts).
 *
 * This runs cold on every page with a form, so it touches as few elements as it can:
 * the controls through one selector, and only the elements that may host a shadow root
 * (`shadowHosts`: reading an element from script costs far more than a selector does).
 */
import { NO_FILL_TYPES, controlsExcept, shadowHosts } from '../form-like';
import type { Control } from './signals';

/** Besides the types that take nothing Veil fills, date pickers: Veil has no dates to give. */
const NEVER = [...NO_FILL_TYPES, 'date', 'datetime-local', 'time', 'week'];
const NEVER_TYPES = new Set(NEVER);
/**
 * Leaves the never-filled types out in the browser: pages keep thousands of hidden
 * inputs (one sign-up page here has 5,151). `isCandidate` checks the property again.
 */
const CONTROLS = controlsExcept(NEVER);
const SEARCH = '[role=search], search';

/** `inSearch`: whether `el`'s tree has a search facility at all (most have none: no need to look up from every control). */
function isCandidate(el: Element, inSearch: boolean): el is Control {
  if (el.tagName === 'INPUT' && NEVER_TYPES.has((el as HTMLInputElement).type)) return false;
  // A search facility (ARIA's search landmark, HTML's <search>): what is typed there finds
  // or filters (a country picker's filter box), it is never a value of the shopper's.
  if (inSearch && el.closest(SEARCH)) return false;
  // Read-only and hidden from assistive technology: an inert stand-in for a field that
  // lives in an iframe. (aria-hidden alone is not enough: payment SDKs mark real inputs so.)
  if (el.getAttribute('aria-hidden') === 'true' && el.hasAttribute('readonly')) return false;
  return el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA';
}

/** Every candidate control under `root`, descending into open shadow roots where they are. */
export function collectControls(root: Document | ShadowRoot | Element): Control[] {
  // One pass over the tree finds the controls and any search facility: on a big page each
  // pass costs milliseconds. closest() stays within one tree, so that says whether
  // looking up from each control can find anything.
  const found: Element[] = [];
  let inSearch = root instanceof Element && root.closest(SEARCH) !== null;
  for (const el of root.querySelectorAll(`${CONTROLS}, ${SEARCH}`)) {
    if (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA') found.push(el);
    if (!inSearch && (el.tagName === 'SEARCH' || el.getAttribute('role') === 'search')) inSearch = true;
  }
  const light = found.filter((el): el is Control => isCandidate(el, inSearch));
  const hosts = shadowHosts(root);
  if (hosts.length === 0) return light;
  // A shadow root's controls come where its host is: before the first light control after the host.
  const out: Control[] = [];
  let next = 0;
  for (const host of hosts) {
    const inner = collectControls(host.shadowRoot!);
    if (inner.length === 0) continue;
    while (next < light.length && !(host.compareDocumentPosition(light[next]!) & Node.DOCUMENT_POSITION_FOLLOWING))
      out.push(light[next++]!);
    out.push(...inner);
  }
  while (next < light.length) out.push(light[next++]!);
  return out;
}
