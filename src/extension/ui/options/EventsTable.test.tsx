// @vitest-environment happy-dom
/**
 * The one audit table Activity and a card's history share: a row per event in order, its
 * kind in words and as data, the amount in the event's currency (else the table's), the
 * reason; the merchant column and the dispute-pack buttons only where the view asks.
 */
import { background } from '../testing/fake-background';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/preact';
import type { AuditEvent } from '../../../protocol';
import { EventsTable } from './EventsTable';

const event = (o: Partial<AuditEvent>): AuditEvent => ({
  id: 1,
  kind: 'authorization.approved',
  card_id: 'card_1',
  authorization_id: null,
  reason: null,
  amount: null,
  currency: null,
  merchant_origin: 'https://shop.example',
  vendor: null,
  detail: {},
  created_at: '2026-12-05T10:00:00.000Z',
  ...o,
});

const EVENTS = [
  event({
    id: 3,
    kind: 'authorization.declined',
    authorization_id: 'auth_2',
    reason: 'R1',
    amount: 9_99,
    currency: 'EUR',
  }),
  event({ id: 2, kind: 'authorization.approved', authorization_id: 'auth_1', reason: '00', amount: 1_00 }),
  event({ id: 1, kind: 'card.issued' }),
];

afterEach(() => {
  cleanup();
  background.reset();
});

const rows = (root: ParentNode) =>
  [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
const headers = (root: ParentNode) => [...root.querySelectorAll('th')].map((th) => th.textContent);

describe('EventsTable', () => {
  it("Activity's audit: a merchant column, no dispute buttons, amounts in each event's currency or USD", () => {
    const { container } = render(<EventsTable events={EVENTS} kind="audit" merchant />);
    expect(container.querySelector('table')!.className).toBe('history audit');
    expect(headers(container)).toEqual(['When', 'What', 'Merchant', 'Amount', 'Reason']);
    expect(rows(container).map((r) => r.slice(1))).toEqual([
      ['Charge declined', 'shop.example', '€9.99', 'R1'],
      ['Charge approved', 'shop.example', '$1.00', '00'],
      ['Card issued', 'shop.example', '', ''],
    ]);
    expect([...container.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-kind'))).toEqual([
      'authorization.declined',
      'authorization.approved',
      'card.issued',
    ]);
    expect(container.querySelector('[data-dispute-download]')).toBeNull();
  });

  it("a card's history: no merchant column, the card's currency, a dispute pack beside each charge", () => {
    const { container } = render(<EventsTable events={EVENTS} kind="card-events" dispute currency="GBP" />);
    expect(container.querySelector('table')!.className).toBe('history card-events');
    expect(headers(container)).toEqual(['When', 'What', 'Amount', 'Reason', 'Dispute']);
    expect(rows(container).map((r) => r.slice(1, 4))).toEqual([
      ['Charge declined', '€9.99', 'R1'],
      ['Charge approved', '£1.00', '00'],
      ['Card issued', '', ''],
    ]);
    expect(
      [...container.querySelectorAll('[data-dispute-download]')].map((b) => b.getAttribute('data-dispute-download')),
    ).toEqual(['auth_2', 'auth_1']);
  });
});
