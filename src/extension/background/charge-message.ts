/** The text of a charge notification. Pure, so it is tested without a browser. */
import type { AuditEvent } from '../../protocol';
import { chargeParty, displayText } from '../../protocol';

/**
 * The registered vendor and origin lead; the name the vendor sent with the charge (its
 * free text: another brand's name, bidi tricks) comes last, cleaned and labelled.
 */
export function chargeMessage(e: AuditEvent): string {
  const party = chargeParty(
    e.vendor,
    typeof e.detail.merchant_name === 'string' ? e.detail.merchant_name : null,
    e.merchant_origin,
  );
  const who = party.origin && party.origin !== party.headline ? `${party.headline} (${party.origin})` : party.headline;
  const sent = party.sentName ? ` Sent as “${party.sentName}”.` : '';
  return e.kind === 'authorization.approved'
    ? `${who} charged your Veil card.${sent}`
    : `${who} tried to charge your Veil card: ${displayText(String(e.detail.why ?? e.reason ?? 'declined'))}.${sent}`;
}
