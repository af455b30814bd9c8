/** One card for this site: state, uses left, countdown, mode, and the actions that fit its state. */
import { useState } from 'preact/hooks';
import type { Card, CardMode } from '../../../protocol';
import { MODE_LABELS, money, timeLeft } from '../format';
import { Field } from '../components/Field';
import { trialDay, trialEndMoment } from './trial-dates';

/** A change to a card; leaving card-reader mode carries the account password (the provider asks for it). */
export interface CardChange {
  state?: 'active' | 'paused' | 'closed';
  mode?: CardMode;
  password?: string;
  /** A free trial's new end (ISO), or null to clear it. */
  trial_ends_at?: string | null;
}

interface Props {
  card: Card;
  busy: boolean;
  onUpdate: (change: CardChange) => void;
  onFill: () => void;
}

export function CardRow({ card, busy, onUpdate, onFill }: Props) {
  const usesLeft =
    card.uses_allowed === null
      ? 'unlimited uses'
      : `${Math.max(0, card.uses_allowed - card.uses_count)} of ${card.uses_allowed} uses left`;
  const live = card.state === 'active' || card.state === 'paused' || card.state === 'blocked';
  // Leaving card-reader mode switches the security key's protection off: ask for the password first.
  const [leavingTo, setLeavingTo] = useState<CardMode | undefined>();
  const [password, setPassword] = useState('');
  const [trialEdit, setTrialEdit] = useState(card.trial_ends_at ? trialDay(card.trial_ends_at) : '');
  const chooseMode = (mode: CardMode) => {
    if (card.mode === 'card_reader' && mode !== 'card_reader') {
      setLeavingTo(mode);
      setPassword('');
    } else onUpdate({ mode });
  };
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
      {card.trial_ends_at && (
        <div class="small" data-testid="trial-row">
          {live ? 'Free trial: stops charging on ' : 'Free trial ended '}
          {live ? (
            <>
              <input
                type="date"
                aria-label={`Trial end for card ending ${card.last4}`}
                value={trialEdit}
                disabled={busy}
                onInput={(e) => setTrialEdit(e.currentTarget.value)}
              />{' '}
              {trialEdit !== trialDay(card.trial_ends_at) && trialEndMoment(trialEdit) && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => onUpdate({ trial_ends_at: trialEndMoment(trialEdit) })}
                >
                  Save date
                </button>
              )}
            </>
          ) : (
            <>{trialDay(card.trial_ends_at)}: refunds only</>
          )}
        </div>
      )}
      {live && (
        <div class="card-actions">
          <label class="inline">
            <span class="sr-only">Mode for card ending {card.last4}</span>
            <select
              value={leavingTo ?? card.mode}
              disabled={busy}
              onChange={(e) => chooseMode(e.currentTarget.value as CardMode)}
            >
              {(Object.keys(MODE_LABELS) as CardMode[]).map((m) => (
                <option value={m}>{MODE_LABELS[m]}</option>
              ))}
            </select>
          </label>
          {card.state === 'active' && (
            <>
              <button type="button" disabled={busy} onClick={onFill}>
                Fill
              </button>
              <button type="button" disabled={busy} onClick={() => onUpdate({ state: 'paused' })}>
                Pause
              </button>
            </>
          )}
          {card.state === 'paused' && (
            <button type="button" disabled={busy} onClick={() => onUpdate({ state: 'active' })}>
              Resume
            </button>
          )}
          {card.state === 'blocked' && (
            <button type="button" disabled={busy} onClick={() => onUpdate({ state: 'active' })}>
              Unblock
            </button>
          )}
          <button type="button" class="danger" disabled={busy} onClick={() => onUpdate({ state: 'closed' })}>
            Close
          </button>
        </div>
      )}
      {live && leavingTo && (
        <form
          class="leave-card-reader"
          onSubmit={(e) => {
            e.preventDefault();
            onUpdate({ mode: leavingTo, password });
            setLeavingTo(undefined);
            setPassword('');
          }}
        >
          <Field
            label="Password to leave security-key mode"
            name={`leave-${card.id}`}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <button type="submit" disabled={busy}>
            Change mode
          </button>
          <button type="button" class="link" disabled={busy} onClick={() => setLeavingTo(undefined)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}
