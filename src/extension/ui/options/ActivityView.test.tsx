// @vitest-environment happy-dom
/**
 * The Activity view against a fake background: spending charts by month, merchant and
 * card as named SVG images with a table twin, the empty state, and the CSV export
 * through a blob link.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import type { AuditEvent } from '../../../protocol';
import { press } from '../testing/press';
import { card } from '../testing/samples';
import { ActivityView } from './ActivityView';

let events: AuditEvent[];
const charge = (id: number, cardId: string, origin: string, amount: number, at: string): AuditEvent => ({
  id,
  kind: 'authorization.approved',
  card_id: cardId,
  authorization_id: `auth_${id}`,
  reason: '00',
  amount,
  currency: 'USD',
  merchant_origin: origin,
  vendor: null,
  detail: {},
  created_at: at,
});

beforeEach(() => {
  background.reset();
  events = [
    charge(3, 'card_b', 'https://music.example', 5_00, '2026-11-02T10:00:00.000Z'),
    charge(2, 'card_a', 'https://books.example', 20_00, '2026-11-01T10:00:00.000Z'),
    charge(1, 'card_a', 'https://books.example', 12_50, '2026-10-05T10:00:00.000Z'),
  ];
  background
    .answer('history.list', () => events)
    .answer('cards.list', () => [
      card({ id: 'card_a', last4: '1111', merchant: { origin: 'https://books.example', name: 'Lumen Books' } }),
      card({ id: 'card_b', last4: '2222', merchant: { origin: 'https://music.example', name: null } }),
    ]);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Activity view', () => {
  it('draws spending by month, by merchant and by card as named images, each with its numbers as a table', async () => {
    render(<ActivityView />);
    const month = await screen.findByRole('img', { name: /^Spending by month/ });
    expect(month.getAttribute('aria-labelledby')).toBe('by-month-svg-title by-month-svg-desc');
    expect(month.querySelector('desc')!.textContent).toBe('2 entries, $37.50 in all; the most: 2026-11 with $25.00.');
    expect(screen.getByRole('img', { name: /^Spending by merchant/ })).toBeTruthy();
    const byCard = screen.getByRole('img', { name: /^Spending by card/ }).closest('figure')!;
    const table = byCard.querySelector('table.chart-table')!;
    expect([...table.querySelectorAll('tr')].map((r) => r.textContent)).toEqual([
      '•••• 1111 Lumen Books$32.50',
      '•••• 2222 music.example$5.00',
    ]);
    const byMerchant = screen.getByRole('img', { name: /^Spending by merchant/ }).closest('figure')!;
    expect(within(byMerchant).getByRole('table').textContent).toBe('books.example$32.50music.example$5.00');
  });

  it('says there is no spending yet instead of empty charts', async () => {
    events = [];
    render(<ActivityView />);
    expect(await screen.findByText(/No spending yet/)).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
    expect((screen.getByRole('button', { name: 'Export history (CSV)' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('exports the history as a CSV file through a blob link', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:veil/1';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    render(<ActivityView />);
    await press(await screen.findByRole('button', { name: 'Export history (CSV)' }));
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.href).toBe('blob:veil/1');
    expect(clicked[0]!.download).toMatch(/^veil-history-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(blobs[0]!.type).toBe('text/csv');
    expect((await blobs[0]!.text()).split('\r\n').slice(0, 2)).toEqual([
      'time,event,merchant,amount,currency,card,reason',
      '2026-10-05T10:00:00.000Z,Charge approved,https://books.example,12.50,USD,1111,00',
    ]);
  });

  it('shows a new charge without a reload when the background reports it', async () => {
    render(<ActivityView />);
    await screen.findByRole('img', { name: /^Spending by month/ });
    events = [charge(4, 'card_b', 'https://music.example', 100_00, '2026-11-03T10:00:00.000Z'), ...events];
    background.broadcast({ kind: 'ui.refresh' });
    await waitFor(() =>
      expect(screen.getByRole('img', { name: /^Spending by month/ }).querySelector('desc')!.textContent).toContain(
        '$137.50 in all',
      ),
    );
  });
});
