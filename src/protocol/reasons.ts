/**
 * Reason codes returned with every authorization decision.
 *
 * The two-character codes follow the ISO 8583 response codes that card networks
 * and acquirers already understand, so a vendor's existing decline handling maps
 * onto Veil's answers. P0/P1 are Veil's own: an authorization that is waiting for
 * the shopper is not a decline, and vendors need to tell the two apart. R1 is Veil's
 * too, modelled on the networks' "revocation of authorization" advice: the shopper
 * closed the card (or its free trial ended), so the merchant may refund earlier
 * captures but must stop charging.
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
  R1: "The shopper revoked this merchant's authorization; do not retry",
  '1A': 'Shopper confirmation required: retry once the shopper has approved (within 10 minutes)',
  P0: "Pending: waiting for the shopper's confirmation",
  P1: "Pending: waiting for the shopper's security key",
} as const;

export type ReasonCode = keyof typeof REASONS;
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

export function reasonText(code: ReasonCode): string {
  return REASONS[code];
}

/**
 * Declines that no retry can turn into an approval: the card number is wrong, the card
 * is expired, not for this merchant, used up, blocked, or revoked by the shopper. A
 * vendor that retries these (subscription dunning, retry-on-decline checkouts) only
 * makes noise and, for card networks, earns excessive-retry fees; every other decline
 * may pass later (funds topped up, a limit raised, the shopper answering). This is the
 * one statement of the rule: the vendor answer's and the webhook's `retry` come from it.
 */
export const FINAL_DECLINES: ReadonlySet<ReasonCode> = new Set<ReasonCode>(['R1', '14', '54', '57', '62', '75']);

export function retryable(code: ReasonCode): boolean {
  return !FINAL_DECLINES.has(code);
}
