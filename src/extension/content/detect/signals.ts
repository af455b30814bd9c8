/**
 * Reads the pieces of text a person (or a screen reader) would use to tell what a
 * control is for: its label (for=, wrapping, aria-labelledby), aria-label and title,
 * placeholder, name and id, and — only when there is no label — the text just before
 * it. Every piece comes back normalized and short: the detector runs on every page.
 */
import { normalizeText, tokenList } from './normalize';

export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface ControlTexts {
  label: string;
  aria: string;
  placeholder: string;
  name: string;
  id: string;
  nearby: string;
}

const MAX = 160;
const SKIP = new Set(['SCRIPT', 'STYLE', 'SELECT', 'OPTION', 'TEXTAREA', 'TEMPLATE', 'NOSCRIPT', 'svg']);

/** Visible-ish text of a node without the options of a select inside it or script bodies. */
export function ownText(node: Node, limit = MAX): string {
  let out = '';
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c && out.length < limit; c = c.nextSibling) {
      if (c.nodeType === 3) out += ' ' + (c.nodeValue ?? '');
      else if (c.nodeType === 1 && !SKIP.has((c as Element).tagName)) walk(c);
    }
  };
  walk(node);
  return out.trim().slice(0, limit);
}

function byIds(el: Element, ids: string): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  return tokenList(ids)
    .map((id) => {
      const target = id ? root.getElementById(id) : null;
      return target && target !== el ? ownText(target) : '';
    })
    .join(' ');
}

/**
 * Which labels name which control, read once per tree in a detection: `el.labels` walks
 * the whole tree on every call, so asking it of each control costs a walk per control.
 * `label.control` is the same association (for=, else the first labelable descendant).
 */
export class LabelIndex {
  private readonly byRoot = new Map<Node, Map<Element, HTMLLabelElement[]>>();
  /** Each tree's labels as a pass over it found them (collect.ts), not yet indexed. */
  private readonly found = new Map<Node, readonly HTMLLabelElement[]>();

  /** `labels`: every label of the tree `root` (a document or shadow root), in document order (a control's labels are read in it). */
  learn(root: Node, labels: readonly HTMLLabelElement[]): void {
    this.found.set(root, labels);
  }

  of(el: Control): readonly HTMLLabelElement[] {
    const root = el.getRootNode();
    let byControl = this.byRoot.get(root);
    if (!byControl) {
      byControl = new Map();
      for (const label of this.found.get(root) ?? (root as ParentNode).querySelectorAll('label')) {
        const control = label.control;
        if (!control) continue;
        const list = byControl.get(control);
        if (list) list.push(label);
        else byControl.set(control, [label]);
      }
      this.byRoot.set(root, byControl);
    }
    return byControl.get(el) ?? [];
  }
}

function labelText(el: Control, index?: LabelIndex): string {
  const parts: string[] = [];
  const labels = index ? index.of(el) : el.labels;
  if (labels && labels.length) {
    for (const l of labels) parts.push(ownText(l));
  } else {
    // Shadow roots and some DOMs without `labels` support: look the label up by hand.
    const wrapping = el.closest('label');
    if (wrapping) parts.push(ownText(wrapping));
  }
  return parts.join(' ');
}

/** A select's first option is often its label: "Month", "Select a state…". */
function selectPrompt(el: HTMLSelectElement): string {
  const first = el.options[0];
  if (!first) return '';
  if (first.value === '' || first.disabled) return first.text;
  const text = first.text.toLowerCase();
  return text.startsWith('-') || text.includes('select') || text.includes('choose') || text.includes('please')
    ? first.text
    : '';
}

/**
 * The text right before a control in document order, for forms that put their label in
 * a neighbouring <div> or table cell. Stops at another control so a neighbour's label is
 * never borrowed, and climbs at most three levels.
 */
export function nearbyText(el: Element): string {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 4; depth++) {
    let text = '';
    for (let sib = node.previousSibling; sib && text.length < MAX; sib = sib.previousSibling) {
      if (sib.nodeType === 3) text = (sib.nodeValue ?? '') + ' ' + text;
      else if (sib.nodeType === 1) {
        const e = sib as Element;
        // The tag by name (what `matches('input, select, textarea')` compares), then the subtree.
        const tag = e.localName;
        if (tag === 'input' || tag === 'select' || tag === 'textarea' || e.querySelector('input, select, textarea'))
          return text.trim();
        if (SKIP.has(e.tagName)) continue;
        text = ownText(e) + ' ' + text;
      }
      if (text.trim()) return text.trim().slice(-MAX);
    }
    node = node.parentElement;
    if (node && (node.tagName === 'FORM' || node.tagName === 'BODY')) break;
  }
  return '';
}

/** `labels`: the detection's index of labels (without one, each control asks the DOM). */
export function readTexts(el: Control, labels?: LabelIndex): ControlTexts {
  const aria = [el.getAttribute('aria-label'), el.getAttribute('title')];
  const labelledBy = el.getAttribute('aria-labelledby');
  const describedBy = el.getAttribute('aria-describedby');
  const label = labelText(el, labels) + (labelledBy ? ' ' + byIds(el, labelledBy) : '');
  const placeholder =
    el instanceof HTMLSelectElement
      ? selectPrompt(el)
      : (el.getAttribute('placeholder') ?? '') + ' ' + (el.getAttribute('data-placeholder') ?? '');
  const hasLabel = label.trim() !== '' || aria.some((a) => a);
  return {
    label: normalizeText(label),
    aria: normalizeText(
      aria.filter(Boolean).join(' ') + (hasLabel || !describedBy ? '' : ' ' + byIds(el, describedBy)),
    ),
    placeholder: normalizeText(placeholder),
    name: normalizeText(el.getAttribute('name') ?? ''),
    id: normalizeText(el.id),
    nearby: hasLabel ? '' : normalizeText(nearbyText(el)),
  };
}
