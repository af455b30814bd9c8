/**
 * Reason codes returned with every authorization decision.
 *
 * The two-character codes follow the ISO 8583 response codes that card networks
 * and acquirers already understand, so a vendor's existing decline handling maps
 * onto Veil's answers. P0/P1 are Veil's own: an authorization that is waiting for
 * the shopper is not a decline, and vendors need to tell the two apart.
 */
export const REASONS = {
  '00': 'Approved',
  '05': 'Do not honour: the shopper declined this charge',
  '14': 'Invalid card number or purchasing ID',
  '51': "Insufficient funds in the shopper's Veil balance",
  '54': 'Expired card',
  '57': 'Transaction not permitted for this card',
  '61': "Amount exceeds the card's limit",
  '62': 'Card used up: it has no uses left',
  '75': 'Too many wrong CVC or expiry attempts: the card is blocked',
  '82': 'CVC or expiry date does not match',
  '91': 'No answer from the shopper in time',
  '1A': 'Shopper confirmation required: retry once the shopper has approved (within 10 minutes)',
  P0: "Pending: waiting for the shopper's confirmation",
  P1: "Pending: waiting for the shopper's security key",
} as const;

export type ReasonCode = keyof typeof REASONS;
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

export function reasonText(code: ReasonCode): string {
  return REASONS[code];
}
