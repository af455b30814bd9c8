/**
 * `--explain` for the corpus command: for a control, which rule words fired on each of
 * its texts, and what each context rule that changed it means. Runs in Node, from the
 * same rule data the content script ships compiled (rules.ts): nothing of it goes into
 * the content script. A word is named by scanning the text again with tables compiled
 * from that one word, so what is printed is exactly what the detector matched.
 */
import { NOT, STRONG, WEAK, compileRules, type CompiledRules } from '../../src/extension/content/detect/compile-rules';
import { scan, scanText } from '../../src/extension/content/detect/keywords';
import {
  CONTEXT_RULES,
  RULES,
  WORD_SETS,
  type ContextRule,
  type WordSet,
} from '../../src/extension/content/detect/rules';

interface Slot {
  name: string;
  lists: { what: number; words: string }[];
}

const SLOTS: Slot[] = [
  ...RULES.map((r) => ({
    name: r.token,
    lists: [
      ...Object.values(r.strong).map((words) => ({ what: STRONG, words: words! })),
      ...Object.values(r.weak ?? {}).map((words) => ({ what: WEAK, words: words! })),
      ...(r.not ? [{ what: NOT, words: r.not }] : []),
    ],
  })),
  ...(Object.entries(WORD_SETS) as [WordSet, string][]).map(([name, words]) => ({
    name: `set ${name}`,
    lists: [{ what: STRONG, words }],
  })),
];

const single = new Map<string, CompiledRules>();
/** Tables holding one entry, as `what` of a one-rule list. */
function tablesOf(entry: string, what: number): CompiledRules {
  const key = `${what}:${entry}`;
  let ix = single.get(key);
  if (!ix) {
    const strong = what === STRONG ? { en: entry } : {};
    const rule = { token: 'cc-number' as const, strong, ...(what === WEAK ? { weak: { en: entry } } : {}) };
    ix = compileRules([what === NOT ? { ...rule, not: entry } : rule], {} as Record<WordSet, string>);
    single.set(key, ix);
  }
  return ix;
}

const LABEL: Record<number, string> = { [STRONG]: '', [WEAK]: 'weak ', [NOT]: 'not ' };

/** The rule words that fire on `text` (normalized), as "cc-number «card number»", "not cc-number «gift*»", "set login «sign in»". */
export function wordsIn(text: string): string[] {
  if (!text) return [];
  const flags = scanText(text);
  const out: string[] = [];
  SLOTS.forEach((slot, i) => {
    const f = flags[i] ?? 0;
    if (!f) return;
    for (const { what, words } of slot.lists) {
      if (!(f & what)) continue;
      for (const entry of new Set(words.split('|')))
        if (scan(text, tablesOf(entry, what))[0]! & what) out.push(`${LABEL[what]}${slot.name} «${entry}»`);
    }
  });
  return out;
}

/** "context:held-for-tab" → its explanation; other signals as they are. */
export function signalLine(signal: string): string {
  const rule = signal.startsWith('context:') ? (signal.slice(8) as ContextRule) : null;
  return rule && rule in CONTEXT_RULES ? `${signal} — ${CONTEXT_RULES[rule]}` : signal;
}
