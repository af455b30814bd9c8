/**
 * Marking the card about to be issued as a free trial: a date on which it stops
 * charging. The page's own wording, when the content script found some, is offered as
 * a suggestion the shopper must accept with a click: never filled in by itself.
 */
import type { TrialOffer } from '../../messages';
import { localDay, trialEndDate } from './trial-dates';

interface Props {
  offer: TrialOffer | null | undefined;
  /** The chosen end day (YYYY-MM-DD), '' for no trial. */
  value: string;
  onChange: (day: string) => void;
  busy: boolean;
  now?: Date;
}

export function TrialControl({ offer, value, onChange, busy, now = new Date() }: Props) {
  const suggested = offer ? trialEndDate(offer, now) : null;
  // "a 7-day free trial"
  const length = offer && `${offer.count}-${offer.unit}`;
  return (
    <fieldset class="trial-control" aria-label="Free trial">
      <label class="inline">
        <input
          type="checkbox"
          checked={value !== ''}
          disabled={busy}
          // Ticking it starts from today, never from the page's guess: the shopper still picks the day.
          onClick={(e) => onChange(e.currentTarget.checked ? localDay(now) : '')}
        />{' '}
        Free trial: stop charges on
      </label>{' '}
      <input
        type="date"
        aria-label="Trial ends on"
        min={localDay(now)}
        value={value}
        disabled={busy}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      {offer && suggested && value !== suggested && (
        <p class="small" data-testid="trial-suggestion">
          This page offers a {length} free trial (“{offer.phrase}”{offer.then ? `, then ${offer.then}` : ''}).{' '}
          <button type="button" class="link" disabled={busy} onClick={() => onChange(suggested)}>
            Use {suggested}
          </button>
        </p>
      )}
      {value !== '' && (
        <p class="muted small">From {value} the card takes refunds only; Veil reminds you three days before.</p>
      )}
    </fieldset>
  );
}
