/**
 * Classifies one control on its own signals: every rule is tried against every piece
 * of text, and each piece that fires adds its source's weight to the token. The
 * signals that fired are kept, so a decision can be explained and a miss debugged.
 * Context (card fields nearby, sign-in forms) is applied afterwards by `context.ts`.
 */
import { RULES, type TokenRule } from './rules';
import { NOT, STRONG, WEAK, scanText } from './keywords';
import { optionsKind, type OptionsKind } from './options';
import { readTexts, type Control, type ControlTexts } from './signals';
import { isToken, type Token } from './tokens';

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
}

const AC_ALIASES: Record<string, Token> = {};
for (const r of RULES) for (const a of r.autocomplete ?? []) AC_ALIASES[a] = r.token;
Object.assign(AC_ALIASES, { 'tel-national': 'tel', 'tel-local': 'tel' });

/**
 * Standard tokens that are real fields, but never Veil's to fill. Not `username`: sign-up
 * forms put it on the email box; sign-in forms are recognised as such (context.ts). Not
 * `new-password`/`current-password`: on a text box they are the usual trick to keep the
 * browser's own autofill away (it ignores "off"), and password boxes are skipped anyway.
 */
const FOREIGN_TOKENS = /^(one-time-code|bday(-day|-month|-year)?|sex|url|photo|language|nickname|honorific-(prefix|suffix)|additional-name|impp|tel-extension|transaction-(currency|amount)|cc-type|webauthn)$/;

function readAutocomplete(el: Control): { token: Token | null; section: string; foreign: boolean } {
  const raw = (el.getAttribute('autocomplete') ?? '').toLowerCase().trim();
  if (!raw) return { token: null, section: '', foreign: false };
  const parts = raw.split(/\s+/);
  const last = parts[parts.length - 1] ?? '';
  const section = parts.slice(0, -1).join(' ');
  if (isToken(last)) return { token: last, section, foreign: false };
  const alias = AC_ALIASES[last];
  if (alias) return { token: alias, section, foreign: false };
  return { token: null, section, foreign: FOREIGN_TOKENS.test(last) };
}

const EXP_RULE = RULES.findIndex((r) => r.token === 'cc-exp');
const EXP_MONTH_RULE = RULES.findIndex((r) => r.token === 'cc-exp-month');

const allowed = (rule: TokenRule, el: Control): boolean => !(rule.inputOnly && el.tagName === 'SELECT');

/** Which tokens a piece of text names (its `scanText` flags), after `not` and `beats`. */
function tokensNamed(flags: Uint8Array, el: Control): { strong: Token[]; weak: Token[] } {
  const strong: Token[] = [];
  const weak: Token[] = [];
  RULES.forEach((rule, i) => {
    const f = flags[i]!;
    if (!f || f & NOT || !allowed(rule, el)) return;
    if (f & STRONG) strong.push(rule.token);
    else if (f & WEAK) weak.push(rule.token);
  });
  // "Expiration month and year", "MM-YYYY": both halves named at once mean one combined box.
  const both = (t: Token) => strong.includes(t) || weak.includes(t);
  if (both('cc-exp-month') && both('cc-exp-year') && allowed(RULES[EXP_RULE]!, el)) {
    strong.splice(0, strong.length, ...strong.filter((t) => t !== 'cc-exp-month' && t !== 'cc-exp-year'), 'cc-exp');
    weak.splice(0, weak.length, ...weak.filter((t) => t !== 'cc-exp-month' && t !== 'cc-exp-year'));
  }
  const beaten = new Set<Token>();
  for (const t of strong) for (const b of RULES.find((r) => r.token === t)?.beats ?? []) beaten.add(b);
  return { strong: strong.filter((t) => !beaten.has(t)), weak: weak.filter((t) => !beaten.has(t)) };
}

/** Placeholders that show the value's shape rather than name it: "1234 5678 9012 3456", "•••", "MM/YY". */
function shapeSignal(placeholder: string): Token | null {
  if (/^(\d{4} ?){3}\d{1,4}$|^(x{4} ?|•{4} ?|\*{4} ?){3}/.test(placeholder)) return 'cc-number';
  if (/^(mm|mo) ?\/ ?(yy|yyyy|aa|aaaa|jj|jjjj)$/.test(placeholder)) return 'cc-exp';
  return null;
}

export function classifyControl(el: Control): Classification {
  const ac = readAutocomplete(el);
  const options = el.tagName === 'SELECT' ? optionsKind(el as HTMLSelectElement) : null;
  const base = { options, acSection: ac.section, weak: [] as Token[] };
  if (ac.token) return { ...base, token: ac.token, score: WEIGHT.autocomplete, signals: [`autocomplete:${ac.token}`], vetoed: false, declared: true };
  if (ac.foreign) return { ...base, token: null, score: 0, signals: [`autocomplete:foreign`], vetoed: true, declared: false };

  const texts = readTexts(el);
  const sources = ['label', 'aria', 'placeholder', 'name', 'id', 'nearby'] as const;
  const flags = sources.map((s) => scanText(texts[s]));
  // A date of birth is never Veil's, whatever its options look like (cc-exp-month's
  // `not` list is the birthday words).
  if (flags.some((f) => f[EXP_MONTH_RULE]! & NOT)) {
    return { ...base, token: null, score: 0, signals: ['text:birth-date'], vetoed: true, declared: false };
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
  // keypad), but it settles "email or phone" identifiers.
  if ((type === 'tel' || inputMode === 'tel') && score.has('tel')) add('tel', 'type');
  if (options === 'country') add('country', 'options');
  if (options === 'region') add('address-level1', 'options');

  let best: Token | null = null;
  let bestScore = 0;
  // Ties go to the rule listed first: the rules are ordered from most to least specific.
  for (const r of RULES) {
    const s = score.get(r.token) ?? 0;
    if (s > bestScore) [best, bestScore] = [r.token, s];
  }
  if (best) signals.sort((a, b) => Number(b.endsWith(':' + best)) - Number(a.endsWith(':' + best)));
  return { ...base, token: best, score: bestScore, signals, weak: [...weak], vetoed: false, declared: false };
}
