/**
 * Finds the controls of a frame, including those in open shadow roots (closed ones
 * are out of reach by design), in document order. Controls that can never hold a
 * value Veil fills — buttons, checkboxes, hidden inputs — are left out. Disabled and
 * invisible ones are kept: a checkout enables and reveals sections as it goes, so
 * whether a control can take a value now is checked at fill time (fill/fill.ts).
 *
 * This runs cold on every page with a form, so it walks each tree once: one selector
 * finds the controls, the labels (for the detection's LabelIndex) and the elements that
 * may host a shadow root (`MAY_HOST`), in document order. Each whole pass over a big
 * page's tree costs a few tenths of a millisecond on the first scan, and every element
 * handed to script costs its wrapper: the selector hands over no other kind.
 */
import { MAY_HOST, NO_FILL_TYPES, controlsExcept } from '../form-like';
import type { Control, LabelIndex } from './signals';

/** Besides the types that take nothing Veil fills, date pickers: Veil has no dates to give. */
const NEVER = [...NO_FILL_TYPES, 'date', 'datetime-local', 'time', 'week'];
const NEVER_TYPES = new Set(NEVER);
/**
 * The never-filled types are left out in the browser: pages keep thousands of hidden
 * inputs (one sign-up page here has 5,151). `isCandidate` checks the property again.
 * The possible hosts come first: most elements of a page are `div` and `span`, and the
 * browser stops at the first selector of the list that matches.
 */
const ONE_PASS = `${MAY_HOST}, ${controlsExcept(NEVER)}, label`;
const SEARCH = '[role=search], search';

function isCandidate(el: Element): el is Control {
  if (el.tagName === 'INPUT' && NEVER_TYPES.has((el as HTMLInputElement).type)) return false;
  // A search facility (ARIA's search landmark, HTML's <search>): what is typed there finds
  // or filters (a country picker's filter box), it is never a value of the shopper's.
  // (Asked of each control: one look up its ancestors costs less than a pass over the
  // tree to learn whether the page has a search facility at all.)
  if (el.closest(SEARCH)) return false;
  // Read-only and hidden from assistive technology: an inert stand-in for a field that
  // lives in an iframe. (aria-hidden alone is not enough: payment SDKs mark real inputs so.)
  if (el.getAttribute('aria-hidden') === 'true' && el.hasAttribute('readonly')) return false;
  return true;
}

/**
 * Every candidate control under `root`, descending into open shadow roots where they
 * are: a shadow root's controls come where its host is, before the host's own (slotted)
 * children. `labels`, when given, learns the labels of every whole tree the pass reads
 * (the document, each shadow root; not those of a subtree `root`, whose tree goes on
 * outside it), so it need not look for them again.
 */
export function collectControls(root: Document | ShadowRoot | Element, labels?: LabelIndex): Control[] {
  const out: Control[] = [];
  const treeLabels: HTMLLabelElement[] = [];
  for (const el of root.querySelectorAll(ONE_PASS)) {
    const tag = el.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
      if (isCandidate(el)) out.push(el);
    } else if (tag === 'LABEL') treeLabels.push(el as HTMLLabelElement);
    else if (el.shadowRoot) for (const inner of collectControls(el.shadowRoot, labels)) out.push(inner);
  }
  if (labels && !(root instanceof Element)) labels.learn(root, treeLabels);
  return out;
}
