/**
 * Every card, of every merchant, in one list: merchant, mode, state, uses left, expiry
 * countdown, cap and spent; filters and a search; a card opens to its actions and
 * history. One `cards.list` request feeds it all (the provider sums each card's spend),
 * re-read whenever the background reports an event, so a charge shows without a reload.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Card, CardMode, CardState } from '../../../protocol';
import { send } from '../messaging';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { StateActions } from '../components/StateActions';
import type { CardChange } from '../components/ModeChoice';
import { MODE_LABELS, money, timeLeft, usesLeft } from '../format';
import { filterCards, merchantLabel, merchantsOf, NO_FILTER, type CardFilter } from './card-filter';
import { CardDetail } from './CardDetail';
import { Loading } from './View';
import { useLive } from './useLive';
import { useNow } from './useNow';

const STATES: CardState[] = ['active', 'paused', 'blocked', 'closed', 'expired'];

export function CardsView() {
  const { data: cards, error, reload } = useLive(() => send('cards.list', {}));
  const [filter, setFilter] = useState<CardFilter>(NO_FILTER);
  const [open, setOpen] = useState<string | null>(null);
  const now = useNow();
  const action = useAction();
  const update = (card: Card, change: CardChange) =>
    void action.run(async () => {
      await send('cards.update', { id: card.id, ...change });
      await reload();
    });
  const shown = useMemo(() => filterCards(cards ?? [], filter), [cards, filter]);
  const merchants = useMemo(() => merchantsOf(cards ?? []), [cards]);

  if (cards === null) return error ? <ErrorNote error={error} /> : <Loading what="your cards" />;
  if (cards.length === 0)
    return (
      <p class="card-panel muted">
        No cards yet. On a shop's checkout, open Veil from the toolbar or the Veil button by the card fields to make
        one.
      </p>
    );
  const set =
    <K extends keyof CardFilter>(k: K) =>
    (e: { currentTarget: { value: string } }) =>
      setFilter({ ...filter, [k]: e.currentTarget.value as CardFilter[K] });
  return (
    <section class="card-panel" aria-label="Your cards">
      <div class="filters" role="search">
        <div class="field">
          <label for="cards-search">Search</label>
          <input id="cards-search" type="search" value={filter.search} onInput={set('search')} />
        </div>
        <div class="field">
          <label for="cards-state">State</label>
          <select id="cards-state" value={filter.state} onChange={set('state')}>
            <option value="">Any state</option>
            {STATES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="cards-merchant">Merchant</label>
          <select id="cards-merchant" value={filter.merchant} onChange={set('merchant')}>
            <option value="">All merchants</option>
            {merchants.map((m) => (
              <option value={m.origin}>{m.label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="cards-mode">Mode</label>
          <select id="cards-mode" value={filter.mode} onChange={set('mode')}>
            <option value="">Any mode</option>
            {(Object.keys(MODE_LABELS) as CardMode[]).map((m) => (
              <option value={m}>{MODE_LABELS[m]}</option>
            ))}
          </select>
        </div>
      </div>
      <p class="muted small" role="status" data-testid="cards-count">
        {shown.length === cards.length
          ? `${cards.length} ${cards.length === 1 ? 'card' : 'cards'}`
          : `${shown.length} of ${cards.length} cards`}
      </p>
      <ErrorNote error={error ?? action.error} />
      {shown.length === 0 && <p class="muted">No card matches these filters.</p>}
      <ul class="cards-list">
        {shown.map((c) => (
          <CardItem
            key={c.id}
            card={c}
            now={now}
            open={open === c.id}
            busy={action.busy}
            onToggle={() => setOpen(open === c.id ? null : c.id)}
            onUpdate={(change) => update(c, change)}
          />
        ))}
      </ul>
    </section>
  );
}

function CardItem({
  card,
  now,
  open,
  busy,
  onToggle,
  onUpdate,
}: {
  card: Card;
  now: number;
  open: boolean;
  busy: boolean;
  onToggle: () => void;
  onUpdate: (change: CardChange) => void;
}) {
  const live = card.state === 'active' || card.state === 'paused' || card.state === 'blocked';
  const label = `Card ending ${card.last4} at ${merchantLabel(card)}`;
  return (
    <li data-card-id={card.id} aria-label={label}>
      <div class="card-summary">
        <span class="merchant">{merchantLabel(card)}</span>
        <span class="card-number">•••• {card.last4}</span>
        <span class={`state state-${card.state}`}>{card.state}</span>
        <span>{MODE_LABELS[card.mode]}</span>
        <span class="muted">{usesLeft(card)}</span>
        {live && <span class="muted">{timeLeft(card.valid_until, now)}</span>}
        <span>
          cap {money(card.cap, card.currency)}
          {card.spent !== undefined && <> · spent {money(card.spent, card.currency)}</>}
        </span>
      </div>
      <div class="card-actions">
        <button type="button" aria-expanded={open} aria-controls={`card-detail-${card.id}`} onClick={onToggle}>
          {open ? 'Less' : 'More'}
          <span class="sr-only"> about card ending {card.last4}</span>
        </button>
        <StateActions card={card} busy={busy} onUpdate={onUpdate} />
      </div>
      {open && <CardDetail card={card} busy={busy} onUpdate={onUpdate} />}
    </li>
  );
}
