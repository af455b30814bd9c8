// @vitest-environment happy-dom
/**
 * The Cards view against a fake background: every card from one list request (200 of
 * them, with no request per card), filters and search, the state, mode and limit
 * changes it sends, the reveal, a card's own history, and the live re-read on `ui.refresh`.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type { AuditEvent, Card } from '../../../protocol';
import { press } from '../testing/press';
import { card } from '../testing/samples';
import { CardsView } from './CardsView';

let cards: Card[];
const SHOPS = ['books', 'music', 'films', 'games'];

function manyCards(n: number): Card[] {
  return Array.from({ length: n }, (_, i) =>
    card({
      id: `card_${i}`,
      last4: String(1000 + i),
      purchasing_id: `VL-${1000 + i}`,
      merchant: { origin: `https://${SHOPS[i % 4]}.example`, name: null },
      state: i % 10 === 0 ? 'closed' : i % 10 === 1 ? 'paused' : 'active',
      ...(i % 5 === 0
        ? { mode: 'recurring' as const, period: 'month' as const, period_limit: 20_00, uses_allowed: null }
        : { mode: 'notification' as const }),
      spent: i * 100,
    }),
  );
}

const event = (o: Partial<AuditEvent>): AuditEvent => ({
  id: 1,
  kind: 'card.issued',
  card_id: 'card_3',
  authorization_id: null,
  reason: null,
  amount: null,
  currency: null,
  merchant_origin: 'https://films.example',
  vendor: null,
  detail: {},
  created_at: '2026-11-20T10:00:00.000Z',
  ...o,
});

beforeEach(() => {
  background.reset();
  cards = manyCards(200);
  background
    .answer('cards.list', () => cards)
    .answer('cards.update', ({ id, password: _p, ...change }) => {
      cards = cards.map((c) => (c.id === id ? { ...c, ...change } : c));
      return cards.find((c) => c.id === id)!;
    })
    .answer('cards.reveal', () => ({ number: '4000123412341234', cvc: '123', exp_month: 7, exp_year: 2031 }))
    .answer('history.list', ({ cardId }) => [
      event({ id: 2, kind: 'authorization.approved', card_id: cardId ?? null, amount: 12_50, currency: 'USD' }),
      event({ id: 1, kind: 'card.issued', card_id: cardId ?? null }),
    ]);
});
afterEach(cleanup);

const rows = () => screen.getByRole('region', { name: 'Your cards' }).querySelectorAll('ul.cards-list > li');
const row = (last4: string) => screen.getByRole('listitem', { name: new RegExp(`^Card ending ${last4} `) });

describe('Cards view', () => {
  it('shows all 200 cards from one list request, and asks nothing per card', async () => {
    render(<CardsView />);
    await waitFor(() => expect(rows()).toHaveLength(200));
    expect(screen.getByTestId('cards-count').textContent).toBe('200 cards');
    expect(background.sent.map((m) => m.kind)).toEqual(['cards.list']);
    const r = row('1007');
    expect(r.textContent).toContain('games.example');
    expect(r.textContent).toContain('Notify me');
    expect(r.textContent).toContain('1 of 1 uses left');
    expect(r.textContent).toMatch(/2\d h \d+ min left/);
    expect(r.textContent).toContain('cap $50.00 · spent $7.00');
  });

  it('filters by state, merchant and mode, and searches', async () => {
    render(<CardsView />);
    await waitFor(() => expect(rows()).toHaveLength(200));
    fireEvent.change(screen.getByLabelText('State'), { target: { value: 'closed' } });
    await waitFor(() => expect(rows()).toHaveLength(20));
    fireEvent.change(screen.getByLabelText('Merchant'), { target: { value: 'https://books.example' } });
    // closed: i % 10 === 0; books: i % 4 === 0 → i % 20 === 0
    await waitFor(() => expect(rows()).toHaveLength(10));
    expect(screen.getByTestId('cards-count').textContent).toBe('10 of 200 cards');
    fireEvent.change(screen.getByLabelText('State'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'recurring' } });
    await waitFor(() => expect(rows()).toHaveLength(10)); // books (i % 4) and recurring (i % 5): i % 20
    fireEvent.change(screen.getByLabelText('Merchant'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: '' } });
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: '1042' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.input(screen.getByLabelText('Search'), { target: { value: 'no such shop' } });
    expect(await screen.findByText('No card matches these filters.')).toBeTruthy();
  });

  it('pauses, resumes and closes a card, then shows its new state from the provider', async () => {
    render(<CardsView />);
    await waitFor(() => expect(rows()).toHaveLength(200));
    await press(within(row('1002')).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(row('1002').querySelector('.state')!.textContent).toBe('paused'));
    await press(within(row('1002')).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(row('1002').querySelector('.state')!.textContent).toBe('active'));
    await press(within(row('1002')).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(row('1002').querySelector('.state')!.textContent).toBe('closed'));
    expect(background.sentOf('cards.update')).toEqual([
      { id: 'card_2', state: 'paused' },
      { id: 'card_2', state: 'active' },
      { id: 'card_2', state: 'closed' },
    ]);
    // A closed card offers no state change.
    expect(within(row('1002')).queryByRole('button', { name: 'Close' })).toBeNull();
  });

  it("opens a card: changes its mode and limits, shows its number on request, and lists the card's own history", async () => {
    render(<CardsView />);
    await waitFor(() => expect(rows()).toHaveLength(200));
    await press(within(row('1003')).getByRole('button', { name: 'More about card ending 1003' }));
    const r = row('1003');
    expect(within(r).getByRole('button', { name: 'Less about card ending 1003' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    await waitFor(() => expect(r.querySelectorAll('table.card-events tbody tr')).toHaveLength(2));
    expect(background.sentOf('history.list')).toEqual([{ cardId: 'card_3', limit: 100 }]);
    expect(r.querySelector('table.card-events')!.textContent).toContain('Charge approved');

    fireEvent.change(within(r).getByLabelText('Mode for card ending 1003'), { target: { value: 'confirmation' } });
    fireEvent.input(within(r).getByLabelText('Cap per charge (USD)'), { target: { value: '75' } });
    await press(within(r).getByRole('button', { name: 'Save limits' }));
    await waitFor(() =>
      expect(background.sentOf('cards.update')).toEqual([
        { id: 'card_3', mode: 'confirmation' },
        { id: 'card_3', cap: 75_00 },
      ]),
    );
    await waitFor(() => expect(row('1003').textContent).toContain('cap $75.00'));

    expect(within(r).queryByTestId('revealed-number')).toBeNull();
    await press(within(r).getByRole('button', { name: 'Show number' }));
    expect((await within(r).findByTestId('revealed-number')).textContent).toBe('4000 1234 1234 1234');
    expect(background.sentOf('cards.reveal')).toEqual([{ id: 'card_3' }]);
    await press(within(r).getByRole('button', { name: 'Hide number' }));
    expect(within(r).queryByTestId('revealed-number')).toBeNull();
  });

  it('refuses a limit that is not an amount without sending anything', async () => {
    render(<CardsView />);
    await waitFor(() => expect(rows()).toHaveLength(200));
    await press(within(row('1005')).getByRole('button', { name: 'More about card ending 1005' }));
    const r = row('1005');
    fireEvent.input(within(r).getByLabelText('Limit per month (USD)'), { target: { value: 'lots' } });
    await press(within(r).getByRole('button', { name: 'Save limits' }));
    expect((await within(r).findByRole('alert')).textContent).toBe('Enter the limit as an amount, like 20 or 20.00.');
    expect(background.sentOf('cards.update')).toEqual([]);
  });

  it('follows a charge on any card without a reload: ui.refresh re-reads the list', async () => {
    render(<CardsView />);
    await waitFor(() => expect(rows()).toHaveLength(200));
    cards = cards.map((c) => (c.id === 'card_9' ? { ...c, spent: 42_00, uses_count: 1 } : c));
    background.broadcast({ kind: 'ui.refresh' });
    await waitFor(() => expect(row('1009').textContent).toContain('spent $42.00'));
    expect(row('1009').textContent).toContain('0 of 1 uses left');
    expect(background.sentOf('cards.list')).toHaveLength(2);
  });

  it('says when there are no cards, and when the list cannot be read', async () => {
    cards = [];
    render(<CardsView />);
    expect(await screen.findByText(/No cards yet/)).toBeTruthy();
    cleanup();
    background.answer('cards.list', () => {
      throw new Error('The provider is not reachable.');
    });
    render(<CardsView />);
    expect((await screen.findByRole('alert')).textContent).toBe('The provider is not reachable.');
  });
});
