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
import { shadowHosts } from '../form-like';
import type { Control } from './signals';

const NEVER = new Set(['hidden', 'submit', 'button', 'image', 'reset', 'checkbox', 'radio', 'file', 'range', 'color', 'date', 'datetime-local', 'time', 'week', 'search']);
const CONTROLS = 'input, select, textarea';
export function isCandidate(el: Element): el is Control {
  if (el.tagName === 'INPUT' && NEVER.has((el as HTMLInputElement).type)) return false;
  // A search facility (ARIA's search landmark, HTML's <search>): what is typed there finds
  // or filters (a country picker's filter box), it is never a value of the shopper's.
  if (el.closest('[role=search], search')) return false;
  // Read-only and hidden from assistive technology: an inert stand-in for a field that
  // lives in an iframe. (aria-hidden alone is not enough: payment SDKs mark real inputs so.)
  if (el.getAttribute('aria-hidden') === 'true' && el.hasAttribute('readonly')) return false;
  return el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA';
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
