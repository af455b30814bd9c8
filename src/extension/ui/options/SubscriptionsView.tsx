/**
 * Recurring cards as the subscriptions they are: merchant, limit per period, spent this
 * period (the provider's sum, the one the limit is checked against), last charge and the
 * next one expected from the history (next-charge.ts), and one click to cancel. Cancelling
 * closes the card: new charges are declined, refunds of earlier ones still land.
 * Two requests for any number of subscriptions: the cards, and the approvals.
 */
import { useMemo } from 'preact/hooks';
import type { AuditEvent, Card } from '../../../protocol';
import { send } from '../messaging';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { dateTime, money } from '../format';
import { merchantLabel } from './card-filter';
import { nextCharge } from './next-charge';
import { Loading } from './View';
import { useLive } from './useLive';

const LIVE = new Set<Card['state']>(['active', 'paused', 'blocked']);

export function SubscriptionsView() {
  const { data, error, reload } = useLive(async () => {
    const [cards, approvals] = await Promise.all([
      send('cards.list', {}),
      send('history.list', { eventKind: 'authorization.approved', limit: 500 }),
    ]);
    return { cards, approvals };
  });
  const action = useAction();
  const subscriptions = useMemo(
    () => (data?.cards ?? []).filter((c) => c.mode === 'recurring' && LIVE.has(c.state)),
    [data],
  );
  const chargesByCard = useMemo(() => {
    const by = new Map<string, AuditEvent[]>();
    for (const e of data?.approvals ?? []) if (e.card_id) by.set(e.card_id, [...(by.get(e.card_id) ?? []), e]);
    return by;
  }, [data]);

  if (!data) return error ? <ErrorNote error={error} /> : <Loading what="your subscriptions" />;
  if (subscriptions.length === 0)
    return (
      <p class="card-panel muted">
        No subscriptions. A card in Recurring mode (set it as the default in Settings, or change a card's mode) pays a
        merchant again and again within its limit per period, and shows here.
      </p>
    );
  const cancel = (card: Card) =>
    void action.run(async () => {
      await send('cards.update', { id: card.id, state: 'closed' });
      await reload();
    });
  return (
    <section class="card-panel" aria-label="Your subscriptions">
      <ErrorNote error={error ?? action.error} />
      <div class="table-scroll">
        <table class="history subscriptions">
          <thead>
            <tr>
              <th scope="col">Merchant</th>
              <th scope="col">Limit</th>
              <th scope="col">Spent this period</th>
              <th scope="col">Last charge</th>
              <th scope="col">Next expected</th>
              <th scope="col">
                <span class="sr-only">Cancel</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {subscriptions.map((c) => {
              const { last, next } = nextCharge(
                (chargesByCard.get(c.id) ?? []).map((e) => e.created_at),
                c.period,
              );
              return (
                <tr data-card-id={c.id}>
                  <th scope="row">
                    {merchantLabel(c)} <span class="muted small">•••• {c.last4}</span>
                    {c.state !== 'active' && <span class={`state state-${c.state}`}>{c.state}</span>}
                  </th>
                  <td>{c.period_limit !== null ? `${money(c.period_limit, c.currency)} / ${c.period}` : ''}</td>
                  <td>{c.spent_this_period != null ? money(c.spent_this_period, c.currency) : ''}</td>
                  <td>{last ? dateTime(last) : 'none yet'}</td>
                  <td>{next ? dateTime(next) : 'not known yet'}</td>
                  <td>
                    <button
                      type="button"
                      class="danger"
                      disabled={action.busy}
                      aria-label={`Cancel ${merchantLabel(c)} (card ending ${c.last4})`}
                      onClick={() => cancel(c)}
                    >
                      Cancel
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="muted small">
        Cancelling closes the card: the merchant can no longer charge it, but refunds still arrive.
      </p>
    </section>
  );
}
