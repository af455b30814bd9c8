/** One charge awaiting the shopper: who, how much, which card, how long is left, and the answer. */
import { useEffect, useState } from 'preact/hooks';
import type { ShopperAuthorization } from '../../../protocol';
import { chargeParty } from '../../../protocol';
import { money } from '../format';

interface Props {
  charge: ShopperAuthorization;
  busy: boolean;
  onDecide: (decision: 'approve' | 'decline') => void;
}

function secondsLeft(deadline: string | null): number {
  return deadline ? Math.max(0, Math.ceil((Date.parse(deadline) - Date.now()) / 1000)) : 0;
}

export function PendingCharge({ charge, busy, onDecide }: Props) {
  const [left, setLeft] = useState(secondsLeft(charge.decision_deadline));
  useEffect(() => {
    const t = setInterval(() => setLeft(secondsLeft(charge.decision_deadline)), 500);
    return () => clearInterval(t);
  }, [charge.decision_deadline]);
  const needsKey = charge.reason === 'P1';
  // The registered vendor heads the panel; the name sent with the charge is the vendor's free text.
  const party = chargeParty(charge.vendor, charge.merchant.name, charge.merchant.origin);
  return (
    <article class="card-panel charge" data-authorization-id={charge.id} aria-labelledby={`m-${charge.id}`}>
      <h2 id={`m-${charge.id}`}>{party.headline}</h2>
      <p class="muted small" data-role="origin">
        {party.origin}
      </p>
      {party.sentName && (
        <p class="muted small" data-role="sent-name">
          Sent with this charge as “{party.sentName}”
        </p>
      )}
      <p class="amount">{money(charge.amount, charge.currency)}</p>
      <dl class="facts">
        <dt>Card</dt>
        <dd>Veil •••• {charge.card_last4}</dd>
        <dt>Purchasing ID</dt>
        <dd>{charge.purchasing_id}</dd>
        <dt>Time left</dt>
        <dd>
          <span role="timer">{left} s</span>
        </dd>
      </dl>
      <div class="row">
        <button type="button" class="primary" disabled={busy || left === 0} onClick={() => onDecide('approve')}>
          {needsKey ? 'Approve with security key' : 'Approve'}
        </button>
        <button type="button" class="danger" disabled={busy || left === 0} onClick={() => onDecide('decline')}>
          Decline
        </button>
      </div>
    </article>
  );
}
