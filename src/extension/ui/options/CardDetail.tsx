/**
 * One card opened in the Cards view: its actions (mode, limits, reveal) and its own
 * history. Loaded when opened, so a list of many cards costs one request, not one per card.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AuditEvent, Card, CardSecrets } from '../../../protocol';
import { send } from '../messaging';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAction } from '../components/useAction';
import { ModeChoice, type CardChange } from '../components/ModeChoice';
import { money, parseMoney } from '../format';
import { EventsTable } from './EventsTable';
import { CardExtras } from './CardExtras';

interface Props {
  card: Card;
  busy: boolean;
  onUpdate: (change: CardChange) => void;
}

export function CardDetail({ card, busy, onUpdate }: Props) {
  const live = card.state === 'active' || card.state === 'paused' || card.state === 'blocked';
  return (
    <div class="card-detail" id={`card-detail-${card.id}`}>
      {live && (
        <div class="row">
          <ModeChoice card={card} busy={busy} onUpdate={onUpdate} />
        </div>
      )}
      {live && <Limits card={card} busy={busy} onUpdate={onUpdate} />}
      {live && <Reveal card={card} />}
      <CardExtras card={card} busy={busy} onUpdate={onUpdate} />
      <CardHistory card={card} />
    </div>
  );
}

function Limits({ card, busy, onUpdate }: Props) {
  const [cap, setCap] = useState('');
  const [periodLimit, setPeriodLimit] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = (e: Event) => {
    e.preventDefault();
    const change: CardChange = {};
    if (cap.trim()) {
      const v = parseMoney(cap);
      if (!v) return setInvalid('Enter the cap as an amount, like 50 or 50.00.');
      change.cap = v;
    }
    if (periodLimit.trim()) {
      const v = parseMoney(periodLimit);
      if (!v) return setInvalid('Enter the limit as an amount, like 20 or 20.00.');
      change.period_limit = v;
    }
    if (change.cap === undefined && change.period_limit === undefined) return setInvalid('Enter a new limit first.');
    setInvalid(null);
    onUpdate(change);
    setCap('');
    setPeriodLimit('');
  };
  return (
    <form class="row" onSubmit={save} aria-label={`Limits of card ending ${card.last4}`}>
      <Field
        label={`Cap per charge (${card.currency})`}
        name={`cap-${card.id}`}
        inputMode="decimal"
        placeholder={money(card.cap, card.currency)}
        value={cap}
        onInput={(e) => setCap(e.currentTarget.value)}
      />
      {card.period && (
        <Field
          label={`Limit per ${card.period} (${card.currency})`}
          name={`period-limit-${card.id}`}
          inputMode="decimal"
          placeholder={card.period_limit !== null ? money(card.period_limit, card.currency) : ''}
          value={periodLimit}
          onInput={(e) => setPeriodLimit(e.currentTarget.value)}
        />
      )}
      <button type="submit" disabled={busy}>
        Save limits
      </button>
      <ErrorNote error={invalid} />
    </form>
  );
}

/** The number and CVC, shown on request (the background reads them from the unlocked vault) and forgotten when hidden. */
function Reveal({ card }: { card: Card }) {
  const [secrets, setSecrets] = useState<CardSecrets | null>(null);
  const { busy, error, run } = useAction();
  if (secrets)
    return (
      <div class="revealed">
        <dl class="facts">
          <dt>Number</dt>
          <dd data-testid="revealed-number">{secrets.number.replace(/(\d{4})(?=\d)/g, '$1 ')}</dd>
          <dt>Expiry</dt>
          <dd>
            {String(secrets.exp_month).padStart(2, '0')}/{String(secrets.exp_year).slice(-2)}
          </dd>
          <dt>CVC</dt>
          <dd>{secrets.cvc}</dd>
        </dl>
        <button type="button" onClick={() => setSecrets(null)}>
          Hide number
        </button>
      </div>
    );
  return (
    <div>
      <button
        type="button"
        disabled={busy}
        onClick={() => void run(async () => setSecrets(await send('cards.reveal', { id: card.id })))}
      >
        Show number
      </button>
      <ErrorNote error={error} />
    </div>
  );
}

function CardHistory({ card }: { card: Card }) {
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const { error, run } = useAction();
  // Again when the card changes (its state or a use), as the list re-reads on every event.
  useEffect(() => void run(async () => setEvents(await send('history.list', { cardId: card.id, limit: 100 }))), [card]);
  return (
    <div class="card-history">
      <h3>History of this card</h3>
      {events === null && !error && <p class="muted">Loading its history…</p>}
      {events?.length === 0 && <p class="muted">Nothing has happened on this card yet.</p>}
      {!!events?.length && <EventsTable events={events} kind="card-events" dispute currency={card.currency} />}
      <ErrorNote error={error} />
    </div>
  );
}
