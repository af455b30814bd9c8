/**
 * Which currency a mark beside an amount means on this page. Most marks name one
 * currency (`SYMBOLS`, ISO codes); `$`, `¥` and `kr` are shared and resolved from the
 * page's country, read from its language tag's region (`en-CA`) or its own language
 * (`sv` → kronor), then from its host's TLD (.ca, .se). The rules and why: rules.ts.
 */
import { AMBIGUOUS, DOLLAR_BY_COUNTRY, ISO_CODES, KRONA_BY_COUNTRY, SYMBOLS } from './rules';

/** What the page says about where it is: `lang` of the root element, the host name. */
export interface PageLocale {
  lang: string;
  host: string;
}

export function localeOf(doc: Document): PageLocale {
  return { lang: doc.documentElement.lang || '', host: doc.location?.hostname ?? '' };
}

/** Country hints, most specific first: the region of `lang`, the language itself, the TLD. */
function hints({ lang, host }: PageLocale): string[] {
  const [language = '', region = ''] = lang.toLowerCase().split(/[-_]/);
  const tld = host.toLowerCase().split('.').pop() ?? '';
  return [region, language, tld].filter(Boolean);
}

export const isAmbiguous = (mark: string): boolean => (AMBIGUOUS as readonly string[]).includes(mark);

/** The ISO 4217 code `mark` stands for on a page in `locale`, or null when it is no currency mark. */
export function currencyOf(mark: string, locale: PageLocale): string | null {
  const m = mark.trim();
  if (ISO_CODES.has(m)) return m;
  const known = SYMBOLS[m];
  if (known) return known;
  const h = hints(locale);
  if (m === '$') {
    for (const c of h) if (DOLLAR_BY_COUNTRY[c]) return DOLLAR_BY_COUNTRY[c];
    return 'USD';
  }
  if (m === '¥' || m === '￥') return h.some((c) => c === 'zh' || c === 'cn') ? 'CNY' : 'JPY';
  if (m.toLowerCase().replace(/\.$/, '') === 'kr') {
    for (const c of h) if (KRONA_BY_COUNTRY[c]) return KRONA_BY_COUNTRY[c];
    return 'SEK';
  }
  return null;
}
