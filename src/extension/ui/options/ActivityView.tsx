/**
 * Activity: spending by month, by merchant and by card (SVG charts with their tables),
 * the purchases, and the audit trail filterable by merchant and kind, exportable as CSV.
 * Re-read on every event the background reports, as the Cards view is.
 */
import { useMemo, useState } from 'preact/hooks';
import type { AuditEvent, Card } from '../../../protocol';
import { send } from '../messaging';
import { ErrorNote } from '../components/ErrorNote';
import { dateTime, money } from '../format';
import { SpendingChart } from './SpendingChart';
import { spendPerCharge, totalsBy } from './spending';
import { purchases } from './purchases';
import { DisputePackButton } from '../dispute/DisputePackButton';
import { EventsTable } from './EventsTable';
import { historyCsv } from './csv';
import { merchantLabel } from './card-filter';
import { Loading } from './View';
import { useLive } from './useLive';

const NONE: never[] = [];

/** Saves text as a file through a blob link: extension pages need no downloads permission for that. */
function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // After the click has started the download; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ActivityView() {
  const { data, error } = useLive(async () => {
    const [events, cards] = await Promise.all([send('history.list', { limit: 500 }), send('cards.list', {})]);
    return { events, cards };
  });
  const events: AuditEvent[] = data?.events ?? NONE;
  const cards: Card[] = data?.cards ?? NONE;
  const [merchant, setMerchant] = useState('');
  const [kind, setKind] = useState('');

  const merchants = useMemo(
    () => [...new Set(events.map((e) => e.merchant_origin).filter((m): m is string => !!m))].sort(),
    [events],
  );
  const shown = events.filter(
    (e) => (!merchant || e.merchant_origin === merchant) && (!kind || e.kind.startsWith(kind)),
  );
  const spends = useMemo(() => spendPerCharge(events), [events]);
  const rows = useMemo(() => purchases(events, cards), [events, cards]);
  const byCard = useMemo(() => {
    const cardById = new Map(cards.map((c) => [c.id, c]));
    return totalsBy(spends, 'card').map((r) => {
      const c = cardById.get(r.label);
      return { ...r, label: c ? `•••• ${c.last4} ${merchantLabel(c)}` : 'a card' };
    });
  }, [spends, cards]);

  if (!data) return error ? <ErrorNote error={error} /> : <Loading what="your activity" />;

  return (
    <section class="card-panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {spends.length === 0 ? (
        <p class="muted">No spending yet: charts appear with the first charge.</p>
      ) : (
        <div class="charts">
          <SpendingChart id="by-month" title="Spending by month" rows={totalsBy(spends, 'month')} />
          <SpendingChart
            id="by-merchant"
            title="Spending by merchant"
            rows={totalsBy(spends, 'merchant').map((r) => ({ ...r, label: r.label.replace(/^https?:\/\//, '') }))}
          />
          <SpendingChart id="by-card" title="Spending by card" rows={byCard} />
        </div>
      )}
      <h3>Purchases</h3>
      <div class="table-scroll">
        <table class="history purchases">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Merchant</th>
              <th scope="col">Amount</th>
              <th scope="col">Card</th>
              <th scope="col">Delivery</th>
              <th scope="col">Dispute</th>
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
                <td>
                  <DisputePackButton authorizationId={p.authorizationId} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
      <div class="row">
        <button
          type="button"
          disabled={events.length === 0}
          onClick={() =>
            download(`veil-history-${new Date().toISOString().slice(0, 10)}.csv`, historyCsv(events, cards), 'text/csv')
          }
        >
          Export history (CSV)
        </button>
      </div>
      <EventsTable events={shown} kind="audit" merchant />
      {shown.length === 0 && <p class="muted">Nothing here yet.</p>}
      <ErrorNote error={error} />
    </section>
  );
}
