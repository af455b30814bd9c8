/**
 * Detection of one frame: collect controls, classify each, apply form context, and
 * place each field in its section. Pure reading: nothing here writes to the page.
 */
import type { FrameDetection } from '../../messages';
import { classifyControl } from './classify';
import { collectControls } from './collect';
import { applyContext, groupOf, type Candidate } from './context';
import { sectionOf, type SectionMemo } from './section';
import { LabelIndex, type Control } from './signals';
import {
  cardPart,
  isAddressToken,
  isCardToken,
  type CardPart,
  type GiftToken,
  type Section,
  type Token,
} from './tokens';

export interface DetectedField {
  element: Control;
  token: Token;
  /** Which address the field belongs to: worked out on first read (only a fill reads it; a scan only counts fields). */
  readonly section: Section;
  /** The form (or document / shadow tree) the field belongs to. */
  group: Node;
  /** Why: "source:token" for every signal that fired. */
  signals: string[];
}

export interface Detection {
  fields: DetectedField[];
  /**
   * Card fields of groups that are no card form by themselves (card-form.ts): filled only
   * when the background, judging the tab's frames together, says the tab completes them.
   */
  held: DetectedField[];
  /** Gift and store-value card fields: recognised, never filled. */
  gifts: { element: Control; token: GiftToken; signals: string[] }[];
  summary: FrameDetection;
}

/** Tokens a control of this kind may hold at all, whatever its words say. */
function fitsControl(el: Control, token: Token): boolean {
  if (el.tagName === 'TEXTAREA') return token === 'address-line1' || token === 'address-line2';
  if (el.tagName === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    // Card codes are often masked like passwords; nothing else typed as a password is Veil's.
    if (type === 'password') return token === 'cc-csc' || token === 'cc-number';
    if (type === 'email') return token === 'email';
    if (type === 'month') return token === 'cc-exp';
    if (type === 'number') return isCardToken(token) || token === 'postal-code' || token === 'tel';
  }
  return true;
}

const partsOf = (fields: readonly DetectedField[]): CardPart[] => [
  ...new Set(fields.flatMap((f) => (isCardToken(f.token) ? [cardPart(f.token)] : []))),
];

export function summarize(fields: readonly DetectedField[], held: readonly DetectedField[] = []): FrameDetection {
  let card = 0;
  let address = 0;
  let number = false;
  for (const f of fields) {
    if (isCardToken(f.token)) card++;
    else if (isAddressToken(f.token)) address++;
    if (f.token === 'cc-number') number = true;
  }
  const summary: FrameDetection = { cardFields: card, addressFields: address, checkout: number };
  // Only when there is something to say: most frames' summaries stay as they were.
  if (held.length) Object.assign(summary, { held: partsOf(held), parts: partsOf(fields) });
  return summary;
}

function classifyAll(root: Document | ShadowRoot | Element): Candidate[] {
  const labels = new LabelIndex();
  const candidates: Candidate[] = collectControls(root, labels).map((element) => ({
    element,
    group: groupOf(element),
    c: classifyControl(element, labels),
  }));
  applyContext(candidates);
  return candidates;
}

/** Every control with its decision and the signals behind it, kept or not: for debugging a miss. */
export function explain(
  root: Document | ShadowRoot | Element = document,
): { element: Control; token: Token | GiftToken | null; held: boolean; signals: string[] }[] {
  return classifyAll(root).map(({ element, c }) => ({
    element,
    token: c.gift ?? c.token,
    held: c.held === true,
    signals: c.signals,
  }));
}

export function detect(root: Document | ShadowRoot | Element = document): Detection {
  const candidates = classifyAll(root);
  const cardGroups = new Set(candidates.filter((k) => k.c.token && isCardToken(k.c.token)).map((k) => k.group));
  const fields: DetectedField[] = [];
  const held: DetectedField[] = [];
  const gifts: Detection['gifts'] = [];
  const containers: SectionMemo = new Map();
  for (const { element, group, c } of candidates) {
    if (c.gift) gifts.push({ element, token: c.gift, signals: c.signals });
    const token = c.token;
    if (!token || !fitsControl(element, token)) continue;
    // Read from the page when first asked, with this detection's memo of containers: the
    // ancestors' words of every address field were most of a big form's scan, for nothing.
    let section: Section | undefined = isCardToken(token) ? 'card' : undefined;
    const sectionNow = (): Section =>
      (section ??= sectionOf(element, c.acSection, `${element.getAttribute('name') ?? ''} ${element.id}`, containers));
    // A company belongs to a delivery or billing address. In an account form (no card
    // beside it, no shipping or billing said anywhere) it is the shopper's employer.
    if (token === 'organization' && !c.declared && !cardGroups.has(group) && sectionNow() === 'unknown') continue;
    (c.held ? held : fields).push({
      element,
      token,
      get section() {
        return sectionNow();
      },
      group,
      signals: c.signals,
    });
  }
  return { fields, held, gifts, summary: summarize(fields, held) };
}
