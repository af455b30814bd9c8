/**
 * A card's mode, changed by choosing another. Leaving card-reader mode switches the
 * security key's protection off, so the provider asks for the account password: the
 * choice then waits for it in a small form instead of being sent at once.
 */
import { useState } from 'preact/hooks';
import type { Card, CardMode } from '../../../protocol';
import { MODE_LABELS } from '../format';
import { Field } from './Field';

/** A change to a card; leaving card-reader mode carries the account password (the provider asks for it). */
export interface CardChange {
  state?: 'active' | 'paused' | 'closed';
  mode?: CardMode;
  cap?: number;
  period_limit?: number;
  password?: string;
  /** A free trial's new end (ISO), or null to clear it. */
  trial_ends_at?: string | null;
}

export function ModeChoice({
  card,
  busy,
  onUpdate,
}: {
  card: Card;
  busy: boolean;
  onUpdate: (change: CardChange) => void;
}) {
  const [leavingTo, setLeavingTo] = useState<CardMode | undefined>();
  const [password, setPassword] = useState('');
  const choose = (mode: CardMode) => {
    if (card.mode === 'card_reader' && mode !== 'card_reader') {
      setLeavingTo(mode);
      setPassword('');
    } else onUpdate({ mode });
  };
  return (
    <>
      <label class="inline">
        <span class="sr-only">Mode for card ending {card.last4}</span>
        <select
          value={leavingTo ?? card.mode}
          disabled={busy}
          onChange={(e) => choose(e.currentTarget.value as CardMode)}
        >
          {(Object.keys(MODE_LABELS) as CardMode[]).map((m) => (
            <option value={m}>{MODE_LABELS[m]}</option>
          ))}
        </select>
      </label>
      {leavingTo && (
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
    </>
  );
}
