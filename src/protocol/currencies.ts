/**
 * Minor units per currency (ISO 4217's "exponent"). Every amount in Veil is an integer
 * count of minor units, so 4900 means 49.00 EUR but 4900 JPY, and 4900 KWD is 4.900.
 * The table lists only the currencies whose exponent is not 2; ISO 4217 gives every
 * other active currency two decimals. A fact table, copied from the standard.
 */
const EXPONENT_NOT_TWO: Readonly<Record<string, number>> = {
  // No minor unit.
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // Thousandths.
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // Ten-thousandths (units of account).
  CLF: 4,
  UYW: 4,
};

/** Decimal places of `currency`'s minor unit: 2 unless the standard says otherwise. */
export function currencyExponent(currency: string): number {
  return EXPONENT_NOT_TWO[currency.toUpperCase()] ?? 2;
}

/** Minor units in one major unit: 100 for EUR, 1 for JPY, 1000 for KWD. */
export function minorPerMajor(currency: string): number {
  return 10 ** currencyExponent(currency);
}

/** An amount's number with the currency's own decimals, for messages: "49.00" (EUR), "4900" (JPY). */
export function minorText(minor: number, currency: string): string {
  const e = currencyExponent(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(e + 1, '0');
  return sign + (e === 0 ? digits : `${digits.slice(0, -e)}.${digits.slice(-e)}`);
}

/** An amount as plain text for messages and logs: "49.00 EUR", "4900 JPY". */
export function formatMinor(minor: number, currency: string): string {
  return `${minorText(minor, currency)} ${currency.toUpperCase()}`;
}
