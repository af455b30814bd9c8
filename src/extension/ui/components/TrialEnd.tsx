/**
 * A free trial's end on a card: editable while the card lives (the popup's row and the
 * control room's card), "refunds only" once it has passed.
 */
import { useState } from 'preact/hooks';
import type { Card } from '../../../protocol';
import type { CardChange } from './ModeChoice';
import { trialDay, trialEndMoment } from '../popup/trial-dates';

interface Props {
  card: Card;
  busy: boolean;
  onUpdate: (change: CardChange) => void;
}

export function TrialEnd({ card, busy, onUpdate }: Props) {
  const [edit, setEdit] = useState(card.trial_ends_at ? trialDay(card.trial_ends_at) : '');
  if (!card.trial_ends_at) return null;
  const live = card.state === 'active' || card.state === 'paused' || card.state === 'blocked';
  return (
    <div class="small" data-testid="trial-row">
      {live ? 'Free trial: stops charging on ' : 'Free trial ended '}
      {live ? (
        <>
          <input
            type="date"
            aria-label={`Trial end for card ending ${card.last4}`}
            value={edit}
            disabled={busy}
            onInput={(e) => setEdit(e.currentTarget.value)}
          />{' '}
          {edit !== trialDay(card.trial_ends_at) && trialEndMoment(edit) && (
            <button type="button" disabled={busy} onClick={() => onUpdate({ trial_ends_at: trialEndMoment(edit) })}>
              Save date
            </button>
          )}
        </>
      ) : (
        <>{trialDay(card.trial_ends_at)}: refunds only</>
      )}
    </div>
  );
}
