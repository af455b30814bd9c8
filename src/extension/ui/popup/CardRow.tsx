/** One card for this site: state, uses left, countdown, mode, and the actions that fit its state. */
import type { Card, CardMode } from '../../../protocol';
import { MODE_LABELS, money, timeLeft } from '../format';

interface Props {
  card: Card;
  busy: boolean;
  onUpdate: (change: { state?: 'active' | 'paused' | 'closed'; mode?: CardMode }) => void;
  onFill: () => void;
}

export function CardRow({ card, busy, onUpdate, onFill }: Props) {
  const usesLeft = card.uses_allowed === null ? 'unlimited uses' : `${Math.max(0, card.uses_allowed - card.uses_count)} of ${card.uses_allowed} uses left`;
  const live = card.state === 'active' || card.state === 'paused' || card.state === 'blocked';
  return (
    <li class="card-row" data-card-id={card.id} aria-label={`Card ending ${card.last4}`}>
      <div class="card-head">
        <span class="card-number">•••• {card.last4}</span>
        <span class={`state state-${card.state}`}>{card.state}</span>
      </div>
      <div class="muted small">
        {card.purchasing_id} · cap {money(card.cap, card.currency)} · {usesLeft}
        {live && <> · {timeLeft(card.valid_until)}</>}
      </div>
      {live && (
        <div class="card-actions">
          <label class="inline">
            <span class="sr-only">Mode for card ending {card.last4}</span>
            <select value={card.mode} disabled={busy} onChange={(e) => onUpdate({ mode: e.currentTarget.value as CardMode })}>
              {(Object.keys(MODE_LABELS) as CardMode[]).map((m) => (
                <option value={m}>{MODE_LABELS[m]}</option>
              ))}
            </select>
          </label>
          {card.state === 'active' && (
            <>
              <button type="button" disabled={busy} onClick={onFill}>Fill</button>
              <button type="button" disabled={busy} onClick={() => onUpdate({ state: 'paused' })}>Pause</button>
            </>
          )}
          {card.state === 'paused' && <button type="button" disabled={busy} onClick={() => onUpdate({ state: 'active' })}>Resume</button>}
          {card.state === 'blocked' && <button type="button" disabled={busy} onClick={() => onUpdate({ state: 'active' })}>Unblock</button>}
          <button type="button" class="danger" disabled={busy} onClick={() => onUpdate({ state: 'closed' })}>Close</button>
        </div>
      )}
    </li>
  );
}
