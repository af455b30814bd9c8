/**
 * The one element query of the e2e suite, run inside the page: a chain of steps (CSS, an
 * ARIA role and name, a label, a text, a test id, a text filter, an index, an alternative)
 * resolved to elements in document order. Both browser adapters evaluate this same
 * function, so a page object finds the same element in Chromium and in Firefox (the
 * browsers' own engines, Playwright's and Puppeteer's, disagree on roles and labels).
 *
 * `findElements` is shipped to the page as source text: it must stay self-contained (no
 * imports, no helpers outside it). Its rules follow Playwright's getBy* where the suite
 * relies on them: strings match case-insensitively as substrings unless `exact`;
 * role queries skip elements hidden from the accessibility tree.
 */

/** A text to match: a string or a regular expression (as source and flags, to cross into the page). */
export type TextMatch = { s: string; exact?: boolean } | { re: string; flags: string };

export type Step =
  | { k: 'css'; css: string }
  | { k: 'role'; role: string; name?: TextMatch }
  | { k: 'label'; text: TextMatch }
  | { k: 'text'; text: TextMatch }
  | { k: 'testid'; id: string }
  | { k: 'has-text'; text: TextMatch }
  | { k: 'nth'; index: number }
  | { k: 'or'; other: Step[] };

export function textMatch(t: string | RegExp, exact = false): TextMatch {
  return typeof t === 'string' ? { s: t, exact } : { re: t.source, flags: t.flags };
}

/** Resolves a chain from the document: every step maps the current elements to the next ones. */
export function findElements(chain: Step[]): Element[] {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (t: TextMatch, value: string) => {
    const v = norm(value);
    if ('re' in t) return new RegExp(t.re, t.flags).test(v);
    return t.exact ? v === norm(t.s) : v.toLowerCase().includes(norm(t.s).toLowerCase());
  };
  const visible = (e: Element) =>
    e.getClientRects().length > 0 && (e.checkVisibility?.({ visibilityProperty: true }) ?? true);
  const byIds = (ids: string | null) =>
    norm(
      (ids ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' '),
    );
  const labelsOf = (e: Element): string[] => {
    const out: string[] = [];
    const aria = e.getAttribute('aria-label');
    if (aria) out.push(aria);
    if (e.hasAttribute('aria-labelledby')) out.push(byIds(e.getAttribute('aria-labelledby')));
    const labels = (e as HTMLInputElement).labels;
    if (labels) for (const l of Array.from(labels)) out.push(l.textContent ?? '');
    return out.map(norm);
  };
  const implicitRoles: Record<string, string> = {
    button: 'button, input[type=button], input[type=submit], input[type=reset], [role=button]',
    heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
    status: 'output, [role=status]',
    alert: '[role=alert]',
    listitem: 'ul > li, ol > li, [role=listitem]',
    region: 'section[aria-label], section[aria-labelledby], [role=region]',
    link: 'a[href], [role=link]',
    checkbox: 'input[type=checkbox], [role=checkbox]',
    radio: 'input[type=radio], [role=radio]',
    textbox: 'input:not([type]), input[type=text], input[type=email], input[type=password], textarea, [role=textbox]',
    combobox: 'select, [role=combobox]',
    dialog: 'dialog, [role=dialog]',
  };
  /** The accessible name, as far as this suite needs it: aria-label(ledby), labels, else the content for roles named from it. */
  const nameOf = (e: Element, role: string) => {
    const labels = labelsOf(e).filter(Boolean);
    if (labels.length) return labels.join(' ');
    if (['button', 'heading', 'link', 'checkbox', 'radio'].includes(role))
      return norm((e as HTMLElement).innerText ?? e.textContent ?? '') || norm((e as HTMLInputElement).value);
    return '';
  };
  const within = (roots: Element[], css: string) => {
    const found = new Set<Element>();
    for (const r of roots) for (const e of Array.from(r.querySelectorAll(css))) found.add(e);
    return inOrder(found);
  };
  const inOrder = (set: Set<Element>) =>
    Array.from(set).sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const step = (els: Element[], s: Step): Element[] => {
    switch (s.k) {
      case 'css':
        return within(els, s.css);
      case 'testid':
        return within(els, `[data-testid="${s.id}"]`);
      case 'role': {
        const css = implicitRoles[s.role] ?? `[role=${s.role}]`;
        return within(els, css).filter((e) => {
          const explicit = e.getAttribute('role');
          if (explicit && explicit !== s.role) return false;
          if (!visible(e) || e.closest('[aria-hidden=true]')) return false;
          return !s.name || matches(s.name, nameOf(e, s.role));
        });
      }
      case 'label':
        return within(els, 'input, select, textarea, button, [aria-label], [aria-labelledby]').filter((e) =>
          labelsOf(e).some((l) => matches(s.text, l)),
        );
      case 'text': {
        // The innermost elements whose text matches (as Playwright's getByText picks the smallest).
        const all = within(els, '*').filter(
          (e) => !['SCRIPT', 'STYLE', 'HEAD'].includes(e.tagName) && matches(s.text, e.textContent ?? ''),
        );
        return all.filter((e) => !all.some((o) => o !== e && e.contains(o)));
      }
      case 'has-text':
        return els.filter((e) => matches(s.text, e.textContent ?? ''));
      case 'nth':
        return s.index < els.length ? [els.at(s.index)!] : [];
      case 'or': {
        let other: Element[] = [document.documentElement];
        for (const o of s.other) other = step(other, o);
        return inOrder(new Set([...els, ...other]));
      }
    }
  };
  // `or` starts from the results so far; everything else from the document element's subtree.
  let els: Element[] = [document.documentElement];
  let first = true;
  for (const s of chain) {
    // The first step searches the whole document, including its root.
    els = first && s.k === 'css' ? Array.from(document.querySelectorAll(s.css)) : step(els, s);
    first = false;
  }
  return els;
}
