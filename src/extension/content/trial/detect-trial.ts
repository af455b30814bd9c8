/**
 * Free-trial wording on a checkout page ("free for 7 days", "7-day free trial, then
 * $9.99/month", "30 Tage kostenlos", "essai gratuit de 14 jours"): how long the trial
 * lasts, as the page says it, and the price it turns into. Only a guess: the popup shows
 * it for the shopper to confirm and never applies it by itself.
 *
 * Rules as data, per language (the detector's languages, detect/rules.ts): each trial
 * pattern has a `{n}` (the count, digits) and a `{unit}` (that language's day, week and
 * month words); "then" words introduce the price after the trial. Pure: text in, guess
 * out, so it is tested without a page.
 */
import type { Lang } from '../detect/rules';
import type { TrialOffer } from '../../messages';

export type TrialUnit = TrialOffer['unit'];

/**
 * `phrase`: the words that said so, as the rules read them: shown to the shopper beside
 * the guess. `then`: what it costs after the trial ("$9.99/month"), when the page says.
 */
export type TrialGuess = TrialOffer;

interface LangRules {
  units: Record<TrialUnit, string>;
  /** Trial phrases; `{n}` is the count, `{unit}` one of the unit words. */
  trial: string[];
  /** Phrases that mean one unit without a count ("first month free"). */
  single?: { pattern: string; unit: TrialUnit }[];
  /** Words before the price that follows the trial. */
  then: string;
}

/** Alternations are regular-expression source; `free` words include the forms adjectives take. */
export const TRIAL_RULES: Record<Lang, LangRules> = {
  en: {
    units: { day: 'days?', week: 'weeks?', month: 'months?' },
    trial: [
      '{n}[ -]{unit} (?:free )?trial', // "7-day free trial", "14 day trial"
      'free (?:for|during) (?:the first )?{n} {unit}', // "free for 7 days"
      'free trial (?:for|of) {n} {unit}',
      '{n} {unit} (?:for )?free', // "30 days free", "1 month for free"
      'try (?:it )?(?:free|for free) for {n} {unit}',
    ],
    single: [{ pattern: 'first (month|week) (?:is )?free', unit: 'month' }],
    then: 'then|after that|afterwards',
  },
  de: {
    // Also the stems of the adjectives ("14-tägige": tag + ige).
    units: { day: 'tage?n?', week: 'woche?n?', month: 'monate?n?' },
    trial: [
      '{n} {unit} (?:lang )?(?:kostenlos|gratis|kostenfrei)', // "30 Tage kostenlos"
      '(?:kostenlos|gratis) (?:testen )?(?:fur|fuer) {n} {unit}',
      '{n}[ -]{unit}ige (?:kostenlose )?(?:testphase|probezeit|testversion)',
      '(?:testphase|probezeit|probemonat) (?:von )?{n} {unit}',
    ],
    then: 'danach|dann|anschliessend|anschließend',
  },
  fr: {
    units: { day: 'jours?', week: 'semaines?', month: 'mois' },
    trial: [
      'essai gratuit (?:de |pendant )?{n} {unit}', // "essai gratuit de 14 jours"
      '{n} {unit} (?:d essai )?(?:gratuits?|gratuites?|offerts?|offertes?)',
      'gratuit (?:pendant|durant) {n} {unit}',
      '{n} {unit} d essai',
    ],
    then: 'puis|ensuite|apres',
  },
  es: {
    units: { day: 'dias?', week: 'semanas?', month: 'mes(?:es)?' },
    trial: [
      'prueba gratu?i?t?a? (?:de |durante )?{n} {unit}', // "prueba gratuita de 30 días", "prueba gratis de 7 días"
      '{n} {unit} (?:de prueba )?(?:gratis|gratuitos?|gratuitas?)',
      'gratis (?:durante|por) {n} {unit}',
      '{n} {unit} de prueba',
    ],
    then: 'luego|despues|despues de eso',
  },
  it: {
    units: { day: 'giorni|giorno', week: 'settimane?|settimana', month: 'mes[ei]' },
    trial: [
      'prova gratuita (?:di |per )?{n} {unit}',
      '{n} {unit} (?:di prova )?(?:gratis|gratuiti|gratuite|gratuito)',
      'gratis per {n} {unit}',
      '{n} {unit} di prova',
    ],
    then: 'poi|dopo|successivamente',
  },
  nl: {
    units: { day: 'dagen|dag', week: 'weken|week', month: 'maanden|maand' },
    trial: [
      '{n} {unit} gratis', // "30 dagen gratis"
      'gratis (?:proefperiode )?(?:van |voor )?{n} {unit}',
      'proefperiode van {n} {unit}',
    ],
    then: 'daarna|vervolgens|dan',
  },
  pt: {
    units: { day: 'dias?', week: 'semanas?', month: 'mes(?:es)?' },
    trial: [
      '(?:teste|avaliacao|periodo de teste) gratu?i?t?[oa]?s? (?:de |por )?{n} {unit}',
      '{n} {unit} (?:de teste )?(?:gratis|gratuitos?|gratuitas?)',
      'gratis (?:por|durante) {n} {unit}',
    ],
    then: 'depois|em seguida|apos',
  },
  pl: {
    units: { day: 'dni|dzien', week: 'tygodni[ea]?|tydzien', month: 'miesiac[ey]?|miesiecy' },
    trial: [
      '{n} {unit} (?:za darmo|gratis|bezplatnie)', // "30 dni za darmo"
      '(?:darmowy|bezplatny) okres probny (?:na |przez )?{n} {unit}',
      'okres probny (?:na |przez )?{n} {unit}',
    ],
    then: 'nastepnie|potem|pozniej',
  },
  sv: {
    units: { day: 'dagar|dag', week: 'veckor|vecka', month: 'manader|manad' },
    trial: ['{n} {unit} gratis', 'gratis (?:i|under) {n} {unit}', '(?:gratis )?provperiod (?:pa |i )?{n} {unit}'],
    then: 'sedan|darefter|dareft',
  },
  ja: {
    // Japanese runs words together: no spaces are needed between the parts.
    units: { day: '日間?', week: '週間', month: 'か月|ヶ月|カ月' },
    trial: ['{n} ?{unit} ?(?:の)?無料', '無料(?:トライアル|体験|お試し) ?{n} ?{unit}'],
    then: 'その後|以降',
  },
};

/** Longest trial the guess believes: anything past a year is a misread (a warranty, a return window). */
const MAX_DAYS = 366;
const DAYS: Record<TrialUnit, number> = { day: 1, week: 7, month: 30 };

interface Compiled {
  trial: RegExp[];
  units: [TrialUnit, RegExp][];
  single: { re: RegExp; unit: TrialUnit }[];
  then: RegExp;
}

let compiled: Compiled[] | undefined;

function compile(): Compiled[] {
  return Object.values(TRIAL_RULES).map((r) => {
    const unit = `(?<unit>${Object.values(r.units).join('|')})`;
    return {
      trial: r.trial.map((p) => new RegExp(p.replace('{n}', '(?<n>\\d{1,3})').replace('{unit}', unit), 'u')),
      units: (Object.entries(r.units) as [TrialUnit, string][]).map(([u, src]) => [u, new RegExp(`^(?:${src})$`, 'u')]),
      single: (r.single ?? []).map((s) => ({ re: new RegExp(s.pattern, 'u'), unit: s.unit })),
      // The "then" word as a word of its own; the price is read after it (withThen).
      then: new RegExp(`(?:^|[^\\p{L}])(?:${r.then}) ?`, 'u'),
    };
  });
}

/**
 * Text as the rules read it: lower case, accents dropped (ł too), hyphens and runs of
 * white space as one space. Currency signs, digits, '/' and ',' stay for the price.
 */
export function trialText(raw: string): string {
  return raw
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .normalize('NFC')
    .replace(/[’']/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The first trial the text states, with the price after it if one follows within the sentence. */
export function detectTrial(raw: string): TrialGuess | null {
  const text = trialText(raw.slice(0, 200_000));
  compiled ??= compile();
  let best: { at: number; guess: TrialGuess } | undefined;
  for (const lang of compiled) {
    for (const re of lang.trial) {
      const m = re.exec(text);
      if (!m?.groups || (best && m.index >= best.at)) continue;
      const unit = lang.units.find(([, u]) => u.test(m.groups!.unit!))?.[0];
      const count = Number(m.groups.n);
      if (!unit || count < 1 || count * DAYS[unit] > MAX_DAYS) continue;
      best = { at: m.index, guess: withThen({ count, unit, phrase: m[0].trim() }, text, m.index + m[0].length, lang) };
    }
    for (const s of lang.single) {
      const m = s.re.exec(text);
      if (!m || (best && m.index >= best.at)) continue;
      const unit: TrialUnit = m[1] === 'week' ? 'week' : s.unit;
      best = {
        at: m.index,
        guess: withThen({ count: 1, unit, phrase: m[0].trim() }, text, m.index + m[0].length, lang),
      };
    }
  }
  return best?.guess ?? null;
}

function withThen(guess: TrialGuess, text: string, from: number, lang: Compiled): TrialGuess {
  // Only close after the trial phrase: "then" a paragraph later is about something else.
  const after = text.slice(from, from + 40);
  const m = lang.then.exec(after);
  if (!m) return guess;
  // The price runs to the end of its sentence (a '.' before a space or the end, not a
  // decimal point) and must hold a number.
  const price = after
    .slice(m.index + m[0].length)
    .split(SENTENCE_END)[0]!
    .trim();
  return /\d/.test(price) ? { ...guess, then: price.slice(0, 40) } : guess;
}

const SENTENCE_END = /[.!?。](?:\s|$)|[\n!?。]/;
