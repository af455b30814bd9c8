/**
 * One normal form for every piece of text the rules read, so each pattern is written
 * once: identifiers (`billingZipCode`, `cc_exp-month`, `addr2`) become words
 * ("billing zip code", "cc exp month", "addr 2"); accents are dropped ("Numéro" →
 * "numero", "Straße" keeps its ß, Polish ł stays) and the result is recomposed so
 * Japanese kana with voicing marks still match the literal patterns.
 */
const MARKS = /[\u0300-\u036f]/g;

export function normalizeText(raw: string): string {
  if (!raw) return '';
  return raw
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .toLowerCase()
    .normalize('NFD')
    .replace(MARKS, '')
    .normalize('NFC')
    // Separators of every kind become one space; '/' and '#' carry meaning (MM/YY, card #).
    .replace(/[\s_\-.,:;*()[\]{}"'|\\!?<>=+]+/g, ' ')
    .trim()
    .slice(0, 160);
}
