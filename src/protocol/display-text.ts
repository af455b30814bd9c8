/**
 * Text someone else chose (a vendor's merchant name, sent with each charge) made fit
 * to show the shopper. Bidirectional controls go: they reorder what follows them, so
 * "Veil\u202Eexe.moc" could render as another name or origin. Control characters go:
 * line breaks and escapes would let a name draw extra lines in a notification. What
 * is left has its white space collapsed and trimmed. Used by the provider on what it
 * sends and by the extension again where it shows it, so neither trusts the other.
 */

/** U+061C ALM, U+200E/F LRM/RLM, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates. */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** C0 and C1 controls and DEL (line and paragraph separators too): a space, as they separated words. */
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

export function displayText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * `displayText`, without unpaired surrogates, cut to at most `maxUnits` UTF-16 units
 * (what zod's max counts) without splitting a pair: text taken from a page (its title)
 * that the provider's schemas will accept.
 */
export function clipText(text: string, maxUnits: number): string {
  const clean = displayText(text).replace(/\p{Cs}/gu, '');
  let out = '';
  for (const ch of clean) {
    if (out.length + ch.length > maxUnits) break;
    out += ch;
  }
  return out.trim();
}

export interface ChargeParty {
  /** Who is charging: the vendor's registered name, else the origin. */
  headline: string;
  origin: string;
  /** The name the vendor sent with this charge, when it says something the headline does not. */
  sentName: string | null;
}

/**
 * What to show for who is charging. The vendor's registered name and origin lead: a
 * vendor may send any merchant name with a charge (another brand's, say), so that name
 * is only ever shown second, labelled as sent, and cleaned like everything else.
 */
export function chargeParty(
  vendor: { name: string; origin: string } | null | undefined,
  sentName: string | null | undefined,
  origin: string | null | undefined,
): ChargeParty {
  const registered = vendor ? displayText(vendor.name) : '';
  const where = displayText(vendor?.origin ?? origin ?? '');
  const sent = sentName ? displayText(sentName) : '';
  const headline = registered || where || 'A shop';
  return { headline, origin: where, sentName: sent && sent.toLowerCase() !== headline.toLowerCase() ? sent : null };
}
