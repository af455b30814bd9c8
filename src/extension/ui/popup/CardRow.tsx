/** One card for this site: state, uses left, countdown, mode, and the actions that fit its state. */
import type { Card } from '../../../protocol';
import { money, timeLeft, usesLeft } from '../format';
import { ModeChoice, type CardChange } from '../components/ModeChoice';
import { StateActions } from '../components/StateActions';
import { TrialEnd } from '../components/TrialEnd';

export type { CardChange };

interface Props {
  card: Card;
  busy: boolean;
  onUpdate: (change: CardChange) => void;
  onFill: () => void;
}

export function CardRow({ card, busy, onUpdate, onFill }: Props) {
  const live = card.state === 'active' || card.state === 'paused' || card.state === 'blocked';
  return (
    <li class="card-row" data-card-id={card.id} aria-label={`Card ending ${card.last4}`}>
      <div class="card-head">
        <span class="card-number">•••• {card.last4}</span>
        <span class={`state state-${card.state}`}>{card.state}</span>
      </div>
      <div class="muted small">
        {card.purchasing_id} · cap {money(card.cap, card.currency)} · {usesLeft(card)}
        {live && <> · {timeLeft(card.valid_until)}</>}
      </div>
      <TrialEnd card={card} busy={busy} onUpdate={onUpdate} />
      {live && (
        <div class="card-actions">
          <ModeChoice card={card} busy={busy} onUpdate={onUpdate} />
          {card.state === 'active' && (
            <button type="button" disabled={busy} onClick={onFill}>
              Fill
            </button>
          )}
          <StateActions card={card} busy={busy} onUpdate={onUpdate} />
        </div>
      )}
    </li>
  );
}
