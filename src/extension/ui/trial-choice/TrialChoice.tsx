/**
 * The inline button's free-trial question (background/trials/trial-choice.ts): the shop's
 * own words and the end day Veil guessed from them, shown for the shopper to confirm or
 * change before any card exists. Either answer issues the card and fills the page; closing
 * the window issues nothing. An extension page, so the shop cannot click it for the shopper.
 */
import { useEffect, useState } from 'preact/hooks';
import type { TrialOffer } from '../../messages';
import { send } from '../messaging';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { localDay, trialEndDate, trialEndMoment } from '../popup/trial-dates';

interface Props {
  tabId: number;
  id: string;
  /** After the card was issued and filled (the page closes its window). */
  onDone: () => void;
  now?: Date;
}

export function TrialChoice({ tabId, id, onDone, now = new Date() }: Props) {
  const [question, setQuestion] = useState<{ origin: string; offer: TrialOffer } | null>(null);
  const [day, setDay] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void run(async () => {
      const q = await send('trialChoice.get', { tabId, id });
      setQuestion(q);
      setDay(trialEndDate(q.offer, now));
    });
  }, [tabId, id]);

  const answer = (trialEndsAt: string | null) =>
    run(async () => {
      const { card, filled } = await send('trialChoice.answer', { tabId, id, trialEndsAt });
      setDone(
        `Card •••• ${card.last4} issued${trialEndsAt ? ` as a free trial ending ${day}` : ''}; ${filled} field${filled === 1 ? '' : 's'} filled.`,
      );
      onDone();
    });

  if (!question) return <ErrorNote error={error} />;
  const { origin, offer } = question;
  const moment = trialEndMoment(day);
  return (
    <section aria-labelledby="trial-choice-title">
      <h1 id="trial-choice-title">Is this a free trial?</h1>
      <p>
        <strong data-role="origin">{origin}</strong> says:
      </p>
      <blockquote data-role="wording">
        “{offer.phrase}”{offer.then ? `, then ${offer.then}` : ''}
      </blockquote>
      <p class="small">
        Veil’s guess from these words: a {offer.count}-{offer.unit} trial from today. Check it against the shop’s terms
        and change the day if needed. From that day the card takes refunds only, so the shop cannot bill you.
      </p>
      <label>
        Trial ends on{' '}
        <input
          type="date"
          aria-label="Trial ends on"
          min={localDay(now)}
          value={day}
          disabled={busy || done !== null}
          onInput={(e) => setDay(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <button
          type="button"
          class="primary"
          disabled={busy || done !== null || !moment}
          onClick={() => void answer(moment)}
        >
          Issue as trial ending {day || '…'}
        </button>{' '}
        <button type="button" disabled={busy || done !== null} onClick={() => void answer(null)}>
          Issue without trial
        </button>
      </div>
      <p class="muted small">Closing this window issues no card.</p>
      {done && <p role="status">{done}</p>}
      <ErrorNote error={error} />
    </section>
  );
}
