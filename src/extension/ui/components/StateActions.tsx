/** Pause, resume, unblock and close: the state changes that fit a card's state (none for a closed or expired card). */
import type { Card } from '../../../protocol';
import type { CardChange } from './ModeChoice';

export function StateActions({
  card,
  busy,
  onUpdate,
}: {
  card: Card;
  busy: boolean;
  onUpdate: (change: CardChange) => void;
}) {
  if (card.state === 'closed' || card.state === 'expired') return null;
  return (
    <>
      {card.state === 'active' && (
        <button type="button" disabled={busy} onClick={() => onUpdate({ state: 'paused' })}>
          Pause
        </button>
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
    </>
  );
}
