// @vitest-environment happy-dom
/**
 * The Subscriptions view against a fake background: the live recurring cards among 200,
 * with their limit, spend this period, last and next charge from two requests, and one
 * click that cancels (closes) a subscription.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import type { AuditEvent, Card } from '../../../protocol';
import { press } from '../testing/press';
import { card } from '../testing/samples';
import { SubscriptionsView } from './SubscriptionsView';
import { dateTime } from '../format';

let cards: Card[];
const approval = (id: number, cardId: string, at: string): AuditEvent => ({
  id,
  kind: 'authorization.approved',
  card_id: cardId,
  authorization_id: `auth_${id}`,
  reason: '00',
  amount: 9_99,
  currency: 'USD',
  merchant_origin: 'https://stream.example',
  vendor: null,
  detail: {},
  created_at: at,
});

beforeEach(() => {
  background.reset();
  cards = Array.from({ length: 200 }, (_, i) =>
    card({ id: `card_${i}`, last4: String(1000 + i), merchant: { origin: `https://shop${i}.example`, name: null } }),
  );
  const recurring = { mode: 'recurring' as const, period: 'month' as const, uses_allowed: null };
  cards[7] = card({
    ...recurring,
    id: 'sub_stream',
    last4: '7777',
    merchant: { origin: 'https://stream.example', name: 'Stream+' },
    period_limit: 15_00,
    spent_this_period: 9_99,
  });
  cards[8] = card({ ...recurring, id: 'sub_new', last4: '8888', period_limit: 5_00, spent_this_period: 0 });
  cards[9] = card({ ...recurring, id: 'sub_gone', last4: '9999', state: 'closed', period_limit: 5_00 });
  background
    .answer('cards.list', () => cards)
    .answer('history.list', () => [
      approval(3, 'sub_stream', '2026-11-03T08:00:00.000Z'),
      approval(2, 'sub_stream', '2026-10-03T08:00:00.000Z'),
      approval(1, 'card_0', '2026-10-01T08:00:00.000Z'),
    ])
    .answer('cards.update', ({ id, state }) => {
      cards = cards.map((c) => (c.id === id && state ? { ...c, state } : c));
      return cards.find((c) => c.id === id)!;
    });
});
afterEach(cleanup);

const rows = () => [...document.querySelectorAll('table.subscriptions tbody tr')] as HTMLElement[];

describe('Subscriptions view', () => {
  it('lists the live recurring cards among 200 with limit, spend, last and next charge, from two requests', async () => {
    render(<SubscriptionsView />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const stream = rows().find((r) => r.dataset.cardId === 'sub_stream')!;
    const cells = [...stream.querySelectorAll('th, td')].map((c) => c.textContent);
    expect(cells.slice(0, 5)).toEqual([
      'Stream+ •••• 7777',
      '$15.00 / month',
      '$9.99',
      dateTime('2026-11-03T08:00:00.000Z'),
      dateTime('2026-12-03T08:00:00.000Z'),
    ]);
    const fresh = rows().find((r) => r.dataset.cardId === 'sub_new')!;
    expect(fresh.textContent).toContain('none yet');
    expect(fresh.textContent).toContain('not known yet');
    expect(background.sent.map((m) => m.kind).sort()).toEqual(['cards.list', 'history.list']);
    expect(background.sentOf('history.list')).toEqual([{ eventKind: 'authorization.approved', limit: 500 }]);
  });

  it('cancels with one click: the card is closed and leaves the list', async () => {
    render(<SubscriptionsView />);
    await press(await screen.findByRole('button', { name: 'Cancel Stream+ (card ending 7777)' }));
    await waitFor(() => expect(rows().map((r) => r.dataset.cardId)).toEqual(['sub_new']));
    expect(background.sentOf('cards.update')).toEqual([{ id: 'sub_stream', state: 'closed' }]);
  });

  it('says when there is no subscription', async () => {
    cards = cards.filter((c) => c.mode !== 'recurring' || c.state === 'closed');
    render(<SubscriptionsView />);
    expect(await screen.findByText(/No subscriptions/)).toBeTruthy();
  });
});
