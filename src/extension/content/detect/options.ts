/**
 * What a <select>'s options say about it, independent of any label or language:
 * twelve months, a run of future years (card expiry) or past years (birthdays),
 * a list of countries, or a list of US states / Canadian provinces.
 */
export type OptionsKind = 'month' | 'future-years' | 'past-years' | 'month-year' | 'country' | 'region' | null;

/**
 * The first three letters of month names in en, de, fr, es, it, nl, pt, sv (which share
 * most of them: jan, feb/fev, mar/maa/mrt, apr/avr/abr, may/mai/maj/mei/mag, jun/jui/giu,
 * jul/lug, aug/aou/ago, sep/set, oct/okt/ott/out, nov, dec/dez/dic) and Polish (sty, lut,
 * mar, kwi, maj, cze, lip, sie, wrz, paz, lis, gru). Japanese months are numbers (1月).
 * Sets rather than regular expressions: these are read cold, once per select.
 */
const MONTH_PREFIXES = new Set(
  'jan feb fev fév mar mär maa mrt apr avr abr may mai maj mei mag jun jui giu jul lug aug aou aoû ago sep set oct okt ott out nov dec déc dez dic gen ene sty lut kwi cze lip sie wrz paz paź lis gru'.split(
    ' ',
  ),
);

// Markers of a country list: codes and names that every list of the world's countries contains.
const COUNTRY_MARKERS = new Set([
  'us',
  'usa',
  'de',
  'fr',
  'gb',
  'uk',
  'ca',
  'jp',
  'es',
  'it',
  'nl',
  'united states',
  'germany',
  'deutschland',
  'france',
  'canada',
  'japan',
  '日本',
  'spain',
  'españa',
  'espana',
  'italy',
  'italia',
  'netherlands',
  'nederland',
  'polska',
  'poland',
  'sverige',
  'sweden',
  'brasil',
  'brazil',
  'mexico',
  'méxico',
  'australia',
]);
const REGION_MARKERS = new Set([
  'al',
  'ak',
  'az',
  'ca',
  'ny',
  'tx',
  'wa',
  'on',
  'qc',
  'bc',
  'alabama',
  'alaska',
  'arizona',
  'california',
  'new york',
  'texas',
  'ontario',
  'quebec',
  'québec',
  'british columbia',
]);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

const hasDigit = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (isDigit(s.charCodeAt(i))) return true;
  return false;
};

/** How many digits `s` starts with. */
function digitRun(s: string): number {
  let n = 0;
  while (n < s.length && isDigit(s.charCodeAt(n))) n++;
  return n;
}

/** "1", "01", "12", "012" or "05 - May" → the number they start with; null when the leading digits are not such a number. */
function leadingMonthNumber(s: string): number | null {
  const run = digitRun(s);
  if (run === 0 || run > 3 || (run === 3 && s[0] !== '0')) return null;
  return Number(s.slice(0, run));
}

/**
 * `value` and `text`: an option's, trimmed. Each option's are read from the DOM once and
 * handed to every test: `text` is computed afresh on each read (whitespace collapsed).
 */
export function monthIndex(value: string, text: string): number | null {
  for (const s of [value, text]) {
    const n = leadingMonthNumber(s);
    if (n !== null && n >= 1 && n <= 12) return n;
  }
  return MONTH_PREFIXES.has(text.slice(0, 3).toLowerCase()) ? 0 : null;
}

/** "27", "2027", "1999" (four digits only from 19xx or 20xx), or null. */
function yearDigits(s: string): number | null {
  const run = digitRun(s);
  if (run !== s.length) return null;
  if (run === 2) return 2000 + Number(s);
  if (run === 4 && (s.startsWith('19') || s.startsWith('20'))) return Number(s);
  return null;
}

/** The year an option stands for: its value ("2027", "27", "03/27", "3 - 2027") or its text ("2027"). */
export function yearOf(value: string, text: string): number | null {
  // "Alberta" with value "55" is a province with an id, not the year 2055.
  if (text && !hasDigit(text)) return null;
  let sep = 0;
  while (sep < value.length && value[sep] !== '-' && value[sep] !== '/') sep++;
  if (sep === value.length) {
    const y = yearDigits(value);
    if (y !== null) return y;
  } else {
    // A month (one or two digits) before the separator, the year after it.
    const month = value.slice(0, sep).trimEnd();
    if (month.length >= 1 && month.length <= 2 && digitRun(month) === month.length) {
      const y = yearDigits(value.slice(sep + 1).trimStart());
      if (y !== null) return y;
    }
  }
  return text.length === 4 ? yearDigits(text) : null;
}

/**
 * The month of an option that names a month and a year at once ("03/2027", "3-27",
 * "Mar 2027", "03 / 2027"): a select for the whole expiry. Null otherwise.
 */
export function monthOfPair(value: string, text: string): string | null {
  for (const raw of [value, text]) {
    const s = raw.toLowerCase();
    let month: string | null = null;
    let rest = '';
    const run = digitRun(s);
    if (run >= 1 && run <= 2 && Number(s.slice(0, run)) <= 12) {
      month = String(Number(s.slice(0, run)));
      rest = s.slice(run);
    } else if (MONTH_PREFIXES.has(s.slice(0, 3))) {
      month = s.slice(0, 3);
      let i = 3;
      while (i < s.length && s.charCodeAt(i) > 64) i++;
      rest = s.slice(i);
    }
    if (month === null) continue;
    let i = 0;
    while (i < rest.length && (rest[i] === ' ' || rest[i] === '/' || rest[i] === '-' || rest[i] === '.')) i++;
    // A separator is needed: "0327" could be anything.
    if (i === 0) continue;
    if (yearDigits(rest.slice(i)) !== null) return month;
  }
  return null;
}

export function optionsKind(select: HTMLSelectElement, now = new Date()): OptionsKind {
  // Each option's value and text read once, as the loop reaches it: `text` is computed
  // afresh on every read (whitespace collapsed), and a country list is known long before
  // its 250th option. Options with neither value nor text are skipped.
  const options = select.options;
  const total = options.length;
  let n = 0;
  let months = 0;
  const years: number[] = [];
  const pairMonths = new Set<string>();
  let pairs = 0;
  let country = 0;
  let region = 0;
  for (let k = 0; k < total; k++) {
    const o = options[k]!;
    const raw = o.value;
    const text = o.text.trim();
    if (raw === '' && text === '') continue;
    const value = raw.trim();
    n++;
    // Months count only in a list of at most 14 (checked below, once the whole count is known).
    if (n <= 14 && monthIndex(value, text) !== null) months++;
    // A run of years, or of month-year pairs, allows at most two other options: after a
    // third, the list is neither, and its other options are not tested as such. `n` keeps
    // growing past a stopped count, so every test below decides as a full count would.
    if (n - years.length <= 3) {
      const y = yearOf(value, text);
      if (y !== null) years.push(y);
    }
    if (n - pairs <= 3) {
      const pm = monthOfPair(value, text);
      if (pm !== null) {
        pairs++;
        pairMonths.add(pm);
      }
    }
    const t = text.toLowerCase();
    const v = value.toLowerCase();
    if (COUNTRY_MARKERS.has(t) || COUNTRY_MARKERS.has(v)) country++;
    if (REGION_MARKERS.has(t) || REGION_MARKERS.has(v)) region++;
    // A long list with country markers that is not a run of years is a country list: no need to read on.
    if (n >= 30 && country >= 3 && n - years.length > 2) return 'country';
  }
  if (n < 2) return null;
  if (n >= 12 && n <= 14 && months >= 12) return 'month';
  // Month and year in each option, the month changing from one to the next: the whole expiry.
  // (A year select whose values carry one fixed month, "03/27", "03/28", stays a year select.)
  if (pairs >= 4 && pairs >= n - 2 && pairMonths.size >= 2) return 'month-year';
  if (years.length >= 4 && years.length >= n - 2) {
    // The UTC year: the local one would have V8 set up the time zone, a tenth of a
    // millisecond on a page's first scan, and a year of slack below makes the two alike.
    const thisYear = now.getUTCFullYear();
    const future = years.filter((y) => y >= thisYear - 1).length;
    return future >= years.length * 0.8 ? 'future-years' : 'past-years';
  }
  // A country list has dozens of options and several of the markers; a state list has ~50–65.
  if (n >= 30 && country >= 3) return 'country';
  if (n >= 10 && region >= 3) return 'region';
  return null;
}
