/** The audit trail, filterable by merchant and kind, with spending by merchant and by month. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AuditEvent, Card } from '../../../protocol';
import { send } from '../messaging';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { dateTime, money } from '../format';
import { SpendingChart } from './SpendingChart';
import { spendPerCharge, totalsBy } from './spending';
import { purchases } from './purchases';
import { eventLabel } from './event-labels';

export function ActivityView() {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [cards, setCards] = useState<Card[]>([]);
  const [merchant, setMerchant] = useState('');
  const [kind, setKind] = useState('');
  const { error, run } = useAction();
  useEffect(
    () =>
      void run(async () => {
        setEvents(await send('history.list', { limit: 500 }));
        setCards(await send('cards.list', {}));
      }),
    [],
  );

  const merchants = useMemo(
    () => [...new Set(events.map((e) => e.merchant_origin).filter((m): m is string => !!m))].sort(),
    [events],
  );
  const shown = events.filter(
    (e) => (!merchant || e.merchant_origin === merchant) && (!kind || e.kind.startsWith(kind)),
  );
  const spends = useMemo(() => spendPerCharge(events), [events]);
  const rows = useMemo(() => purchases(events, cards), [events, cards]);

  return (
    <section class="card-panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <div class="charts">
        <SpendingChart title="Spending by merchant" rows={totalsBy(spends, 'merchant')} />
        <SpendingChart title="Spending by month" rows={totalsBy(spends, 'month')} />
      </div>
      <h3>Purchases</h3>
      <table class="history purchases">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Merchant</th>
            <th scope="col">Amount</th>
            <th scope="col">Card</th>
            <th scope="col">Delivery</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr data-authorization-id={p.authorizationId}>
              <td>{dateTime(p.at)}</td>
              <td>{p.merchant}</td>
              <td>{money(p.amount)}</td>
              <td>{p.card}</td>
              <td>{p.delivery}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p class="muted">No purchases yet.</p>}
      <h3>Everything</h3>
      <div class="row">
        <div class="field">
          <label for="filter-merchant">Merchant</label>
          <select id="filter-merchant" value={merchant} onChange={(e) => setMerchant(e.currentTarget.value)}>
            <option value="">All merchants</option>
            {merchants.map((m) => (
              <option value={m}>{m}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-kind">Kind</label>
          <select id="filter-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">Everything</option>
            <option value="authorization.">Charges</option>
            <option value="card.">Cards</option>
            <option value="funding.">Funding</option>
            <option value="balance.">Balance</option>
            <option value="device.">Devices</option>
          </select>
        </div>
      </div>
      <table class="history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Merchant</th>
            <th scope="col">Amount</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr data-kind={e.kind}>
              <td>{dateTime(e.created_at)}</td>
              <td>{eventLabel(e.kind)}</td>
              <td>{e.merchant_origin?.replace(/^https?:\/\//, '') ?? ''}</td>
              <td>{e.amount !== null ? money(e.amount, e.currency ?? 'USD') : ''}</td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p class="muted">Nothing here yet.</p>}
      <ErrorNote error={error} />
    </section>
  );
}
