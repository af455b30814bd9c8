/**
 * Classifies one control on its own signals: every rule is tried against every piece
 * of text, and each piece that fires adds its source's weight to the token. The
 * signals that fired are kept, so a decision can be explained and a miss debugged.
 * Context (card fields nearby, sign-in forms) is applied afterwards by `context.ts`.
 */
import type { CompiledRules } from './compile-rules';
import { COMPILED_RULES } from './compiled-rules';
import { NOT, STRONG, WEAK, scanText } from './keywords';
import { optionsKind, type OptionsKind } from './options';
import { tokenList } from './normalize';
import { readTexts, type Control, type ControlTexts, type LabelIndex } from './signals';
import { isCardToken, isToken, type GiftToken, type Token } from './tokens';

export type Source = keyof ControlTexts | 'autocomplete' | 'type' | 'options';

/** How much each source is trusted: what a person reads beats what a developer named it. */
const WEIGHT: Record<Source, number> = {
  autocomplete: 100,
  label: 60,
  aria: 60,
  placeholder: 50,
  name: 45,
  id: 40,
  nearby: 35,
  options: 55,
  type: 40,
};

export interface Classification {
  token: Token | null;
  score: number;
  /** "source:token" for every signal that fired, strongest decision first. */
  signals: string[];
  /** Tokens only named by words that need card fields nearby (a bare "Month"). */
  weak: Token[];
  options: OptionsKind;
  /** autocomplete section and address-type hints ("shipping", "billing", "section-x"). */
  acSection: string;
  /** Never Veil's, whatever else it says: autocomplete names a foreign token (bday, one-time-code…), or its words name a date of birth. */
  vetoed: boolean;
  /** The page declared the token in its autocomplete attribute. */
  declared: boolean;
  /** A gift or store-value card's field (never filled); `token` is null then. */
  gift?: GiftToken;
  /** Card fields of a group that is no card form alone: they count only if the tab completes the form (context.ts). */
  held?: boolean;
}

type Rule = CompiledRules['rules'][number];

/**
 * What the classifier needs of the rules besides their words, as compile-rules.ts laid it
 * out: read as it is, nothing built on the first scan.
 */
const { rules: RULE_LIST, beats: BEATS, expRule: EXP_RULE, slots: SLOTS } = COMPILED_RULES;
/** autocomplete values that mean a token without being its name: the rules' ("street-address"), and phone parts for the whole number. */
const AC_ALIASES: Record<string, Token> = { ...COMPILED_RULES.acAliases, 'tel-national': 'tel', 'tel-local': 'tel' };

/**
 * Standard tokens that are real fields, but never Veil's to fill. Not `username`: sign-up
 * forms put it on the email box; sign-in forms are recognised as such (context.ts). Not
 * `new-password`/`current-password`: on a text box they are the usual trick to keep the
 * browser's own autofill away (it ignores "off"), and password boxes are skipped anyway.
 */
const FOREIGN_TOKENS = new Set([
  'one-time-code',
  'bday',
  'bday-day',
  'bday-month',
  'bday-year',
  'sex',
  'url',
  'photo',
  'language',
  'nickname',
  'honorific-prefix',
  'honorific-suffix',
  'additional-name',
  'impp',
  'tel-extension',
  'transaction-currency',
  'transaction-amount',
  'cc-type',
  'webauthn',
]);

function readAutocomplete(el: Control): { token: Token | null; section: string; foreign: boolean } {
  const raw = (el.getAttribute('autocomplete') ?? '').toLowerCase().trim();
  if (!raw) return { token: null, section: '', foreign: false };
  const parts = tokenList(raw);
  const last = parts[parts.length - 1] ?? '';
  const section = parts.slice(0, -1).join(' ');
  if (isToken(last)) return { token: last, section, foreign: false };
  const alias = Object.hasOwn(AC_ALIASES, last) ? AC_ALIASES[last] : undefined;
  if (alias) return { token: alias, section, foreign: false };
  return { token: null, section, foreign: FOREIGN_TOKENS.has(last) };
}

const allowed = (rule: Rule, el: Control): boolean => !(rule.inputOnly && el.tagName === 'SELECT');

const NONE: { strong: Token[]; weak: Token[] } = { strong: [], weak: [] };

/** Which tokens a piece of text names (its `scanText` flags), after `not` and `beats`. */
function tokensNamed(flags: Uint8Array, el: Control): { strong: Token[]; weak: Token[] } {
  const rules = RULE_LIST;
  let strong: Token[] | null = null;
  let weak: Token[] | null = null;
  for (let i = 0; i < rules.length; i++) {
    const f = flags[i]!;
    if (!f || f & NOT || !allowed(rules[i]!, el)) continue;
    if (f & STRONG) (strong ??= []).push(rules[i]!.token);
    else if (f & WEAK) (weak ??= []).push(rules[i]!.token);
  }
  if (!strong && !weak) return NONE;
  let s: Token[] = strong ?? [];
  let w: Token[] = weak ?? [];
  // "Expiration month and year", "MM-YYYY": both halves named at once mean one combined box.
  const both = (t: Token) => s.includes(t) || w.includes(t);
  if (both('cc-exp-month') && both('cc-exp-year') && allowed(rules[EXP_RULE]!, el)) {
    s = [...s.filter((t) => t !== 'cc-exp-month' && t !== 'cc-exp-year'), 'cc-exp'];
    w = w.filter((t) => t !== 'cc-exp-month' && t !== 'cc-exp-year');
  }
  const beaten = new Set<Token>();
  for (const t of s) for (const b of BEATS[t] ?? []) beaten.add(b);
  if (!beaten.size) return { strong: s, weak: w };
  return { strong: s.filter((t) => !beaten.has(t)), weak: w.filter((t) => !beaten.has(t)) };
}

/** Expiry placeholders, normalized ("MM / YY" reads "mm / yy"). */
const EXPIRY_SHAPES = new Set(
  ['mm', 'mo'].flatMap((m) =>
    ['yy', 'yyyy', 'aa', 'aaaa', 'jj', 'jjjj'].flatMap((y) => [`${m}/${y}`, `${m} /${y}`, `${m}/ ${y}`, `${m} / ${y}`]),
  ),
);

const isDigitChar = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Three groups of four digits, each maybe followed by a space, then one to four digits: "1234 5678 9012 3456". */
function digitGroups(p: string): boolean {
  let i = 0;
  for (let g = 0; g < 3; g++) {
    for (let k = 0; k < 4; k++, i++) if (!isDigitChar(p[i])) return false;
    if (p[i] === ' ') i++;
  }
  const rest = p.length - i;
  if (rest < 1 || rest > 4) return false;
  for (; i < p.length; i++) if (!isDigitChar(p[i])) return false;
  return true;
}

/** Starts with three groups of four x, • or *, each maybe followed by a space: "xxxx xxxx xxxx xxxx", "•••• •••• •••• 1234". */
function maskGroups(p: string): boolean {
  let i = 0;
  for (let g = 0; g < 3; g++) {
    const c = p[i];
    if (c !== 'x' && c !== '•' && c !== '*') return false;
    for (let k = 0; k < 4; k++, i++) if (p[i] !== c) return false;
    if (p[i] === ' ') i++;
  }
  return true;
}

/** Placeholders that show the value's shape rather than name it: "1234 5678 9012 3456", "•••", "MM/YY". */
function shapeSignal(placeholder: string): Token | null {
  if (digitGroups(placeholder) || maskGroups(placeholder)) return 'cc-number';
  if (EXPIRY_SHAPES.has(placeholder)) return 'cc-exp';
  return null;
}

export function classifyControl(el: Control, labels?: LabelIndex): Classification {
  const ac = readAutocomplete(el);
  const options = el.tagName === 'SELECT' ? optionsKind(el as HTMLSelectElement) : null;
  const base = { options, acSection: ac.section, weak: [] as Token[] };
  if (ac.token)
    return {
      ...base,
      token: ac.token,
      score: WEIGHT.autocomplete,
      signals: [`autocomplete:${ac.token}`],
      vetoed: false,
      declared: true,
    };
  if (ac.foreign)
    return { ...base, token: null, score: 0, signals: [`autocomplete:foreign`], vetoed: true, declared: false };

  const texts = readTexts(el, labels);
  const sources = ['label', 'aria', 'placeholder', 'name', 'id', 'nearby'] as const;
  const flags = sources.map((s) => scanText(texts[s]));
  // A date of birth, a captcha, a search box…: never Veil's, whatever its options or
  // identifiers look like (rules.ts, WORD_SETS.never).
  const never = SLOTS.never;
  if (flags.some((f) => f[never]! & STRONG)) {
    return { ...base, token: null, score: 0, signals: ['text:never-veils'], vetoed: true, declared: false };
  }
  const score = new Map<Token, number>();
  const signals: string[] = [];
  const weak = new Set<Token>();
  const add = (t: Token, source: Source) => {
    score.set(t, (score.get(t) ?? 0) + WEIGHT[source]);
    signals.push(`${source}:${t}`);
  };
  for (let k = 0; k < sources.length; k++) {
    const source = sources[k]!;
    // name="name" / id="name" is the username box of Drupal, WordPress and many more.
    if ((source === 'name' || source === 'id') && texts[source] === 'name') continue;
    // name="taddress2" id="taddress2": one developer's one name, counted once, so it does
    // not outweigh the label a person reads ("Address line 2").
    if (source === 'id' && texts.id === texts.name) continue;
    if (!texts[source]) continue;
    const m = tokensNamed(flags[k]!, el);
    for (const t of m.strong) add(t, source);
    for (const t of m.weak) weak.add(t);
  }
  const shape = shapeSignal(texts.placeholder);
  if (shape) add(shape, 'placeholder');

  const type = el.getAttribute('type')?.toLowerCase();
  const inputMode = el.getAttribute('inputmode')?.toLowerCase();
  if (type === 'email' || inputMode === 'email') add('email', 'type');
  // A bare type=tel is no signal (card forms and date parts use it for the numeric
  // keypad), but it settles "email or phone" identifiers — not "card number or phone":
  // a card number box typed tel for its keypad, named `telInput` by its component, is a card number.
  if ((type === 'tel' || inputMode === 'tel') && score.has('tel') && ![...score.keys()].some(isCardToken))
    add('tel', 'type');
  if (options === 'country') add('country', 'options');
  if (options === 'region') add('address-level1', 'options');
  // "03/2027", "Mar 2027": one select for the whole expiry.
  if (options === 'month-year') add('cc-exp', 'options');
  // Months and years are never part of an address, whatever the words around say.
  // ("Expiration year" on a select of "03/2027": what the options show is what it takes.)
  if (options === 'month' || options === 'future-years' || options === 'past-years' || options === 'month-year')
    for (const t of score.keys()) if (!isCardToken(t) || (options === 'month-year' && t !== 'cc-exp')) score.delete(t);

  let best: Token | null = null;
  let bestScore = 0;
  // Ties go to the rule listed first: the rules are ordered from most to least specific.
  for (const r of RULE_LIST) {
    const s = score.get(r.token) ?? 0;
    if (s > bestScore) [best, bestScore] = [r.token, s];
  }
  if (best) signals.sort((a, b) => Number(b.endsWith(':' + best)) - Number(a.endsWith(':' + best)));
  // A gift or store-value card's own words ("Gift card number", "Gutschein-PIN"): recognised, never
  // filled — unless the words name something else outright ("Gift card recipient's email").
  const { giftCard, giftPin } = SLOTS;
  if ((best === null || isCardToken(best)) && el.tagName === 'INPUT' && flags.some((f) => f[giftCard]! & STRONG)) {
    const pin = type === 'password' || flags.some((f) => f[giftPin]! & STRONG);
    const gift: GiftToken = pin ? 'x-gift-card-pin' : 'x-gift-card-number';
    return {
      ...base,
      token: null,
      score: 0,
      signals: [`text:${gift}`, ...signals],
      vetoed: true,
      declared: false,
      gift,
    };
  }
  return { ...base, token: best, score: bestScore, signals, weak: [...weak], vetoed: false, declared: false };
}
