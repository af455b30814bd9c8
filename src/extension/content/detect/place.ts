/**
 * Where a card-looking field sits in its page: in a gift-card (or store-value, voucher,
 * balance-check) section, in a loyalty or membership section, or neither. Read from the
 * containers around it up to its form (id, class, aria-label, name, a fieldset's legend)
 * and the heading just before it in its section, nearest first; a container or heading
 * that names the payment card ("Credit card", "Card details") ends the search, so a gift
 * card section further out does not swallow the real card form inside it.
 *
 * Only asked for fields that already look like card fields: a handful per page.
 */
import { STRONG, scanText, setSlot } from './keywords';
import { normalizeText } from './normalize';
import { ownText } from './signals';

export type Place = 'gift' | 'loyalty' | 'payment' | null;

const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LEGEND']);
const CONTROLS = 'input, select, textarea, iframe';
const MAX_LEVELS = 8;
const MAX_SIBLINGS = 12;

/** What a piece of text says about the section it names. */
export function placeIn(text: string): Place {
  if (!text) return null;
  const flags = scanText(text);
  const has = (set: Parameters<typeof setSlot>[0]) => (flags[setSlot(set)]! & STRONG) !== 0;
  if (has('giftCard') || has('balance')) return 'gift';
  if (has('loyalty')) return 'loyalty';
  return has('paymentCard') ? 'payment' : null;
}

/**
 * The heading before `node` among its previous siblings. A sibling that holds controls
 * (an earlier field of the same section, or an earlier section) is passed over, not
 * looked into: its headings are its own.
 */
function headingBefore(node: Element): string {
  let n = 0;
  for (let sib = node.previousElementSibling; sib && n < MAX_SIBLINGS; sib = sib.previousElementSibling, n++) {
    if (HEADINGS.has(sib.tagName)) return ownText(sib);
    if (sib.querySelector(CONTROLS)) continue;
    const inner = sib.querySelectorAll('h1, h2, h3, h4, h5, h6, legend');
    if (inner.length) return ownText(inner[inner.length - 1]!);
  }
  return '';
}

/**
 * What each container and each heading before it said, kept while one group's fields are
 * placed: the card fields of a form share their containers and headings, and each walk
 * would otherwise read the same siblings' subtrees again (two selector queries each).
 */
export interface PlaceMemo {
  attrs: Map<Element, Place>;
  heading: Map<Element, Place>;
}

export const placeMemo = (): PlaceMemo => ({ attrs: new Map(), heading: new Map() });

function remembered(map: Map<Element, Place> | undefined, node: Element, read: () => Place): Place {
  const known = map?.get(node);
  if (known !== undefined) return known;
  const found = read();
  map?.set(node, found);
  return found;
}

export function placeOf(el: Element, memo?: PlaceMemo): Place {
  let node: Element | null = el;
  for (let depth = 0; node && depth < MAX_LEVELS; depth++) {
    const at: Element = node;
    if (depth > 0) {
      const found = remembered(memo?.attrs, at, () => {
        const legend = at.tagName === 'FIELDSET' ? (at.querySelector('legend')?.textContent ?? '') : '';
        const attrs = `${at.id} ${at.getAttribute('class') ?? ''} ${at.getAttribute('aria-label') ?? ''} ${at.getAttribute('name') ?? ''} ${legend}`;
        return placeIn(normalizeText(attrs));
      });
      if (found) return found;
    }
    const heading = remembered(memo?.heading, at, () => placeIn(normalizeText(headingBefore(at))));
    if (heading) return heading;
    if (at.tagName === 'FORM' || at.tagName === 'BODY') break;
    node = at.parentElement;
  }
  return null;
}
