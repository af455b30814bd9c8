/**
 * What a <select>'s options say about it, independent of any label or language:
 * twelve months, a run of future years (card expiry) or past years (birthdays),
 * a list of countries, or a list of US states / Canadian provinces.
 */
export type OptionsKind = 'month' | 'future-years' | 'past-years' | 'country' | 'region' | null;

/**
 * The first letters of month names in en, de, fr, es, it, nl, pt, sv (which share most
 * of them: jan, feb/fev, mar/maa/mrt, apr/avr/abr, may/mai/maj/mei/mag, jun/jui/giu,
 * jul/lug, aug/aou/ago, sep/set, oct/okt/ott/out, nov, dec/dez/dic) and Polish (sty, lut,
 * mar, kwi, maj, cze, lip, sie, wrz, paz, lis, gru). Japanese months are numbers (1月).
 */
const MONTH_PREFIXES =
  /^(jan|feb|fev|fév|mar|mär|maa|mrt|apr|avr|abr|may|mai|maj|mei|mag|jun|jui|giu|jul|lug|aug|aou|aoû|ago|sep|set|oct|okt|ott|out|nov|dec|déc|dez|dic|gen|ene|sty|lut|kwi|cze|lip|sie|wrz|paz|paź|lis|gru)/i;

// Markers of a country list: codes and names that every list of the world's countries contains.
const COUNTRY_MARKER = /^(us|usa|de|fr|gb|uk|ca|jp|es|it|nl|united states|germany|deutschland|france|canada|japan|日本|spain|españa|espana|italy|italia|netherlands|nederland|polska|poland|sverige|sweden|brasil|brazil|mexico|méxico|australia)$/i;
const REGION_MARKER = /^(al|ak|az|ca|ny|tx|wa|on|qc|bc|alabama|alaska|arizona|california|new york|texas|ontario|quebec|québec|british columbia)$/i;

function monthIndex(o: HTMLOptionElement): number | null {
  const text = o.text.trim();
  const value = o.value.trim();
  for (const s of [value, text]) {
    const m = /^0?(\d{1,2})(?:\D|$)/.exec(s);
    if (m) {
      const n = Number(m[1]);
      if (n >= 1 && n <= 12) return n;
    }
  }
  return MONTH_PREFIXES.test(text) ? 0 : null;
}

function yearOf(o: HTMLOptionElement): number | null {
  const m = /^(?:\d{1,2}\s*[-/]\s*)?((?:19|20)?\d{2})$/.exec(o.value.trim()) ?? /^((?:19|20)\d{2})$/.exec(o.text.trim());
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return n < 100 ? 2000 + n : n;
}

export function optionsKind(select: HTMLSelectElement, now = new Date()): OptionsKind {
  const options = Array.from(select.options).filter((o) => o.value !== '' || o.text.trim() !== '');
  const n = options.length;
  if (n < 2) return null;
  let months = 0;
  const years: number[] = [];
  let country = 0;
  let region = 0;
  for (const o of options) {
    if (monthIndex(o) !== null) months++;
    const y = yearOf(o);
    if (y !== null) years.push(y);
    const t = o.text.trim();
    const v = o.value.trim();
    if (COUNTRY_MARKER.test(t) || COUNTRY_MARKER.test(v)) country++;
    if (REGION_MARKER.test(t) || REGION_MARKER.test(v)) region++;
  }
  if (n >= 12 && n <= 14 && months >= 12) return 'month';
  if (years.length >= 4 && years.length >= n - 2) {
    const thisYear = now.getFullYear();
    const future = years.filter((y) => y >= thisYear - 1).length;
    return future >= years.length * 0.8 ? 'future-years' : 'past-years';
  }
  // A country list has dozens of options and several of the markers; a state list has ~50–65.
  if (n >= 30 && country >= 3) return 'country';
  if (n >= 10 && region >= 3) return 'region';
  return null;
}
