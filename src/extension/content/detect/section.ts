/**
 * Which address a field belongs to. The autocomplete attribute says it outright
 * ("shipping postal-code"); otherwise the field's own name/id/label, then the
 * containers around it (id, class, aria-label, a fieldset legend) up to its form.
 */
import { STRONG, scanText, setSlot } from './keywords';
import { normalizeText } from './normalize';
import type { Section } from './tokens';

function sectionIn(text: string): Section | null {
  if (!text) return null;
  const flags = scanText(text);
  const ship = (flags[setSlot('shipping')]! & STRONG) !== 0;
  const bill = (flags[setSlot('billing')]! & STRONG) !== 0;
  // "Billing same as shipping" names both: no decision from that text.
  if (ship === bill) return null;
  return ship ? 'shipping' : 'billing';
}

/**
 * What each container said, kept for one detection: the fields of a form share their
 * containers, and without it every field normalized and scanned the same ten ancestors'
 * attributes again. Per detection, as the page may change between scans.
 */
export type SectionMemo = Map<Element, Section | null>;

/** What a container's own id, class, aria-label, name and legend say. */
function containerSection(node: Element, memo: SectionMemo | undefined): Section | null {
  const known = memo?.get(node);
  if (known !== undefined) return known;
  const legend = node.tagName === 'FIELDSET' ? (node.querySelector('legend')?.textContent ?? '') : '';
  const attrs = `${node.id} ${node.getAttribute('class') ?? ''} ${node.getAttribute('aria-label') ?? ''} ${node.getAttribute('name') ?? ''} ${legend}`;
  const found = sectionIn(normalizeText(attrs));
  memo?.set(node, found);
  return found;
}

export function sectionOf(el: Element, acSection: string, ownText: string, memo?: SectionMemo): Section {
  const fromAc = sectionIn(acSection);
  if (fromAc) return fromAc;
  const own = sectionIn(normalizeText(ownText));
  if (own) return own;
  let node: Element | null = el.parentElement;
  for (let depth = 0; node && depth < 10; depth++, node = node.parentElement) {
    const found = containerSection(node, memo);
    if (found) return found;
    if (node.tagName === 'FORM' || node.tagName === 'BODY') break;
  }
  return 'unknown';
}
