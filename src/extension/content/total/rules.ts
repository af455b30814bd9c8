/**
 * Order-total rules as data: the words that label a checkout's total, per language, how
 * much each says "this is the grand total", the words that make a line something else
 * (a subtotal, a saving, shipping), and the currency marks with how an ambiguous one is
 * resolved. Read by `find-total.ts` and `currency.ts`; explained here, in one place.
 *
 * Words are matched against text passed through `normalizeLabel` (lower case, accents
 * dropped, punctuation to spaces) as whole words in a row ("order total" matches
 * "Order total:" but "total" does not match "subtotal"); entries in Japanese script
 * match anywhere in the text, since Japanese puts no spaces between words.
 */
import type { Lang } from '../detect/rules';

type Words = Partial<Record<Lang, string>>;

/**
 * How strongly a label names the amount to pay. A page often has several "total"
 * lines; the strongest wins, and among equals the last one in the page (the grand
 * total comes after the lines it sums).
 */
export interface LabelRule {
  weight: number;
  words: Words;
  why: string;
}

export const TOTAL_LABELS: readonly LabelRule[] = [
  {
    weight: 3,
    why: 'names the amount charged: the grand total, after shipping and tax',
    words: {
      en: 'grand total|order total|total due|total to pay|amount due|amount to pay|total amount|total payable|total price|estimated total|total incl|total including|total inc|you pay|total charge|checkout total',
      // "Gesamtsumme"/"Gesamtbetrag" are the grand total; "Summe" alone is also used for it by many German shops.
      de: 'gesamtsumme|gesamtbetrag|gesamtpreis|endbetrag|endsumme|rechnungsbetrag|zu zahlen|zu zahlender betrag|summe inkl|gesamt inkl|bestellsumme',
      // "TTC" (toutes taxes comprises) marks the tax-inclusive total; "HT" is its opposite (see DEMOTE).
      fr: 'total ttc|montant total|total a payer|montant a payer|total de la commande|net a payer|total commande|total general',
      es: 'total a pagar|importe total|total del pedido|importe a pagar|total iva incluido|total con iva',
      it: 'totale ordine|totale da pagare|importo totale|totale complessivo|totale dell ordine|totale iva inclusa|importo da pagare',
      nl: 'totaalbedrag|te betalen|totaal te betalen|totaal incl|totaalprijs',
      pt: 'total a pagar|valor total|total do pedido|total da encomenda|valor a pagar',
      pl: 'do zaplaty|razem do zaplaty|suma zamowienia|laczna kwota|kwota do zaplaty|wartosc zamowienia',
      sv: 'att betala|totalbelopp|totalsumma|summa att betala|totalt att betala|totalt inkl',
      ja: 'お支払い金額|お支払金額|ご請求金額|お支払い合計|お支払合計|合計金額|総額|総合計|ご注文合計',
    },
  },
  {
    weight: 2,
    why: 'a bare "total": the grand total on most checkouts, beaten by a stronger label',
    words: {
      en: 'total|order summary total',
      de: 'summe|gesamt|total',
      fr: 'total',
      es: 'total',
      it: 'totale',
      nl: 'totaal',
      pt: 'total',
      pl: 'razem|suma|lacznie',
      sv: 'totalt|summa|total',
      ja: '合計',
    },
  },
];

/**
 * A label with any of these words is not the amount to pay, though it says "total":
 * subtotals before shipping and tax, totals net of tax ("HT", "netto", "excl."), what
 * the shopper saves, shipping or tax sums, recurring amounts, counts of items.
 */
export const DEMOTE: { words: Words; why: string } = {
  why: 'a part of the sum, a saving, a net figure or a recurring amount: not what is charged now',
  words: {
    en: 'subtotal|sub total|items total|item total|merchandise total|total before tax|before tax|excl|excluding|ex vat|you save|savings|saved|discount|shipping|delivery|tax total|total tax|vat total|per month|monthly|a month|per year|yearly|each|unit price|points|total items|rewards|weight|quantity|qty',
    de: 'zwischensumme|zwischensumme netto|netto|exkl|zzgl|ersparnis|sie sparen|rabatt|versand|versandkosten|lieferung|pro monat|monatlich|stuckpreis|einzelpreis|summe artikel|warenwert|menge|gewicht|punkte',
    // "HT" (hors taxes): without tax; "économisez": you save.
    fr: 'sous total|ht|hors taxes|economisez|economie|remise|livraison|frais de port|par mois|mensuel|prix unitaire|total articles|total produits|quantite|points',
    es: 'subtotal|sin iva|ahorras|ahorro|descuento|envio|gastos de envio|al mes|mensual|precio unitario|total productos|total articulos|cantidad|puntos',
    it: 'subtotale|totale parziale|iva esclusa|risparmi|risparmio|sconto|spedizione|al mese|mensile|prezzo unitario|totale prodotti|totale articoli|quantita|punti',
    nl: 'subtotaal|excl|exclusief|je bespaart|u bespaart|korting|verzending|verzendkosten|per maand|maandelijks|stukprijs|totaal artikelen|aantal|punten',
    pt: 'subtotal|sem iva|poupa|economiza|desconto|envio|frete|portes|por mes|mensal|preco unitario|total produtos|total dos produtos|total itens|quantidade|pontos',
    pl: 'suma czesciowa|podsuma|netto|oszczedzasz|rabat|znizka|dostawa|wysylka|miesiecznie|cena jednostkowa|wartosc produktow|ilosc|punkty',
    sv: 'delsumma|exkl|exklusive|du sparar|rabatt|frakt|leverans|per manad|manadsvis|styckpris|summa artiklar|varor|antal|poang',
    // 商品合計: the goods before shipping; 小計: subtotal; 送料: shipping; 税抜: without tax; 割引: discount; ポイント: points.
    ja: '商品合計|小計|送料|税抜|割引|ポイント|月額|数量|単価',
  },
};

/**
 * "Including" markers: what follows them is part of the total ("Total incl. shipping",
 * "Gesamtsumme inkl. MwSt.", "合計（税込）"), so demoting words after one do not count.
 */
export const INCLUSIVE: Words = {
  en: 'incl|including|inc|with',
  de: 'inkl|inklusive|einschl|einschliesslich|brutto',
  fr: 'ttc|inclus|incluse|compris|comprise|y compris',
  es: 'incluido|incluida|incluye|con',
  it: 'inclusa|incluso|incluse|compresa|compresi',
  nl: 'incl|inclusief',
  pt: 'incluido|incluida|com',
  pl: 'z vat|brutto|w tym',
  sv: 'inkl|inklusive|med',
  ja: '税込',
};

/**
 * Words on a pay button that carries the amount ("Pay €54.90", "Jetzt kaufen 54,90 €"):
 * a total read from there when the page has no labelled summary. Weight 1: any summary
 * label beats it.
 */
export const PAY_BUTTON: { weight: number; words: Words; why: string } = {
  weight: 1,
  why: 'the pay button repeats the amount charged; only when no summary line names a total',
  words: {
    en: 'pay|place order|complete order|buy now|complete purchase|confirm and pay',
    de: 'bezahlen|zahlen|kaufen|zahlungspflichtig bestellen|jetzt kaufen',
    fr: 'payer|commander|valider et payer',
    es: 'pagar|comprar|realizar pedido',
    it: 'paga|acquista|conferma e paga',
    nl: 'betalen|betaal|bestellen|afrekenen',
    pt: 'pagar|comprar|finalizar compra',
    pl: 'zaplac|place|kupuje|zamawiam',
    sv: 'betala|kop|slutfor kop',
    ja: '支払|購入|注文を確定',
  },
};

/**
 * Currency marks that name exactly one currency. Longer marks first where one is a
 * prefix of another's reading ("US$" before "$"). ISO 4217 codes written out ("EUR",
 * "CHF") are read as themselves (`ISO_CODES`).
 */
export const SYMBOLS: Readonly<Record<string, string>> = {
  US$: 'USD',
  C$: 'CAD',
  CA$: 'CAD',
  A$: 'AUD',
  AU$: 'AUD',
  NZ$: 'NZD',
  HK$: 'HKD',
  S$: 'SGD',
  MX$: 'MXN',
  R$: 'BRL',
  '€': 'EUR',
  '£': 'GBP',
  円: 'JPY',
  元: 'CNY',
  '₩': 'KRW',
  '₹': 'INR',
  '₺': 'TRY',
  '₽': 'RUB',
  '₪': 'ILS',
  '₫': 'VND',
  '₱': 'PHP',
  zł: 'PLN',
  Kč: 'CZK',
  Ft: 'HUF',
  lei: 'RON',
  'Fr.': 'CHF',
  // Kuwaiti dinar as shops abbreviate it; the Arabic "د.ك" too.
  KD: 'KWD',
  'د.ك': 'KWD',
};

/** Marks shared by several currencies: resolved by the page's language region, then its TLD (currency.ts). */
export const AMBIGUOUS = ['$', '¥', '￥', 'kr', 'kr.'] as const;

/**
 * `$`: the country of the page (the region in `lang="en-CA"`, else the TLD) picks the
 * dollar or peso; a page that names no country is taken as US dollars, the most common
 * `$` by far on the web. `¥`: yen, unless the page is Chinese (lang zh, or .cn), where it
 * is the renminbi. `kr`: Swedish, Danish, Norwegian or Icelandic krona/krone by language
 * or TLD; Swedish when nothing says (sv is the language Veil supports).
 */
export const DOLLAR_BY_COUNTRY: Readonly<Record<string, string>> = {
  us: 'USD',
  ca: 'CAD',
  au: 'AUD',
  nz: 'NZD',
  sg: 'SGD',
  hk: 'HKD',
  mx: 'MXN',
  ar: 'ARS',
  cl: 'CLP',
  // Not `co` (Colombia): the .co TLD is used far more by shops anywhere than by Colombian ones.
  tw: 'TWD',
};
export const KRONA_BY_COUNTRY: Readonly<Record<string, string>> = {
  se: 'SEK',
  sv: 'SEK',
  dk: 'DKK',
  da: 'DKK',
  no: 'NOK',
  nb: 'NOK',
  nn: 'NOK',
  is: 'ISK',
};

/** ISO 4217 codes a shop writes out beside an amount (a fixed list: any three capitals would read "TTC" or "VAT" as money). */
export const ISO_CODES: ReadonlySet<string> = new Set(
  (
    'USD EUR GBP JPY CHF CAD AUD NZD SEK NOK DKK ISK PLN CZK HUF RON BGN HRK TRY RUB UAH ILS AED SAR QAR KWD BHD OMR JOD ' +
    'INR CNY HKD SGD KRW TWD THB MYR IDR PHP VND BRL MXN ARS CLP COP PEN ZAR EGP MAD NGN KES'
  ).split(' '),
);
