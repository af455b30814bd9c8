/**
 * Finds the controls of a frame, including those in open shadow roots (closed ones
 * are out of reach by design), in document order. Controls that can never hold a
 * value Veil fills — buttons, checkboxes, hidden inputs — are left out. Disabled and
 * invisible ones are kept: a checkout enables and reveals sections as it goes, so
 * whether a control can take a value now is checked at fill time (fill/fill.ts).
 */
import type { Control } from './signals';

const NEVER = /^(hidden|submit|button|image|reset|checkbox|radio|file|range|color|date|datetime-local|time|week|search)$/;

export function isCandidate(el: Element): el is Control {
  if (el.tagName === 'INPUT' && NEVER.test((el as HTMLInputElement).type)) return false;
  // Read-only and hidden from assistive technology: an inert stand-in for a field that
  // lives in an iframe. (aria-hidden alone is not enough: payment SDKs mark real inputs so.)
  if (el.getAttribute('aria-hidden') === 'true' && el.hasAttribute('readonly')) return false;
  return el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA';
}

/** Every candidate control under `root`, descending into open shadow roots where they are. */
export function collectControls(root: Document | ShadowRoot | Element): Control[] {
  const out: Control[] = [];
  const all = root.querySelectorAll('*');
  for (let i = 0; i < all.length; i++) {
    const el = all[i]!;
    const tag = el.tagName;
    if ((tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') && isCandidate(el)) out.push(el);
    const shadow = el.shadowRoot;
    if (shadow) out.push(...collectControls(shadow));
  }
  return out;
}
