/**
 * The audit trail as a table: Activity's whole history and a card's own history in the
 * Cards view are the same rows (when, what, amount, reason), so they are one component;
 * each view says which extra columns it needs.
 */
import type { AuditEvent } from '../../../protocol';
import { dateTime, money } from '../format';
import { eventLabel } from './event-labels';
import { DisputePackButton } from '../dispute/DisputePackButton';

interface Props {
  events: AuditEvent[];
  /** The table's own class beside `history` (page objects and styles tell the tables apart by it). */
  kind: 'audit' | 'card-events';
  /** A merchant column: a history of many merchants (one card's history has one). */
  merchant?: boolean;
  /** A dispute-pack button beside each event of a charge. */
  dispute?: boolean;
  /** Currency of an amount the event does not name (a card's own currency; else USD). */
  currency?: string;
}

export function EventsTable({ events, kind, merchant = false, dispute = false, currency = 'USD' }: Props) {
  return (
    <div class="table-scroll">
      <table class={`history ${kind}`}>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            {merchant && <th scope="col">Merchant</th>}
            <th scope="col">Amount</th>
            <th scope="col">Reason</th>
            {dispute && <th scope="col">Dispute</th>}
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-kind={e.kind}>
              <td>{dateTime(e.created_at)}</td>
              <td>{eventLabel(e.kind)}</td>
              {merchant && <td>{e.merchant_origin?.replace(/^https?:\/\//, '') ?? ''}</td>}
              <td>{e.amount !== null ? money(e.amount, e.currency ?? currency) : ''}</td>
              <td>{e.reason ?? ''}</td>
              {dispute && <td>{e.authorization_id && <DisputePackButton authorizationId={e.authorization_id} />}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
