/**
 * A combined expiry field in the format it asks for. The placeholder says it best
 * ("MM / YY", "MM/YYYY", "MMYY"); then the pattern attribute; then maxlength (4 → MMYY,
 * 5 → MM/YY, 7 → MM/YYYY). Default MM/YY, the format printed on cards.
 */
export interface ExpiryFormat {
  separator: string;
  yearDigits: 2 | 4;
}

export function expiryFormat(el: HTMLInputElement | HTMLTextAreaElement): ExpiryFormat {
  const placeholder = (el.getAttribute('placeholder') ?? '').toLowerCase();
  // Year letters per language: yy (en), aa (fr/es/it/pt), jj (de/nl), rr (pl), åå (sv).
  const shape = /mm?(\s*[/\-.]?\s*)(yyyy|yy|aaaa|aa|jjjj|jj|rrrr|rr|åååå|åå)/.exec(placeholder);
  if (shape) return { separator: shape[1] ?? '', yearDigits: shape[2]?.length === 4 ? 4 : 2 };
  // A placeholder showing a date: "01/27", "01 / 2027".
  const sample = /^\s*\d{2}(\s*[/\-.]?\s*)(\d{2,4})\s*$/.exec(placeholder);
  if (sample) return { separator: sample[1] ?? '/', yearDigits: sample[2]?.length === 4 ? 4 : 2 };
  const pattern = el.getAttribute('pattern') ?? '';
  if (pattern) {
    if (/\\d\{4\}\s*$|\[0-9\]\{4\}\s*\$?$/.test(pattern))
      return { separator: /\//.test(pattern) ? '/' : '', yearDigits: 4 };
    if (/\\d\{2\}\s*\$?$|\[0-9\]\{2\}\s*\$?$/.test(pattern))
      return { separator: /\//.test(pattern) ? '/' : '', yearDigits: 2 };
  }
  const max = el.maxLength > 0 ? el.maxLength : 0;
  if (max === 4) return { separator: '', yearDigits: 2 };
  if (max === 6) return { separator: '', yearDigits: 4 };
  if (max === 7) return { separator: '/', yearDigits: 4 };
  return { separator: '/', yearDigits: 2 };
}

export function formatExpiry(el: HTMLInputElement | HTMLTextAreaElement, month: number, year: number): string {
  if (el.getAttribute('type') === 'month') return `${year}-${String(month).padStart(2, '0')}`;
  const f = expiryFormat(el);
  const y = f.yearDigits === 4 ? String(year) : String(year).slice(-2);
  return `${String(month).padStart(2, '0')}${f.separator}${y}`;
}
