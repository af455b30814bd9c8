// @vitest-environment happy-dom
/**
 * The popup's free-trial control against a fake background: the page's trial wording is
 * offered, never applied until the shopper takes it; the chosen day goes with the
 * issue request as that day's local midnight; a trial card's row edits its date.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { press } from '../testing/press';
import { card, checkout, me, session } from '../testing/samples';
import { Popup } from './Popup';
import { localDay, trialEndDate } from './trial-dates';

const TAB = 7;
const OFFER = { count: 7, unit: 'day' as const, phrase: '7-day free trial', then: '$9.99/month' };

beforeEach(() => {
  background.reset();
  background
    .answer('session.get', () => session())
    .answer('account.me', () => me())
    .answer('tab.checkout', ({ tabId }) => checkout({ tabId, trial: OFFER }))
    .answer('digital.list', () => [])
    .answer('defaults.get', () => ({
      mode: 'notification' as const,
      cap: 500_00,
      validityHours: 24,
      autoLockMinutes: 15,
      digitalDelivery: true,
      tolerancePercent: 10,
      toleranceMinimum: 5,
    }))
    .answer('cards.issueForTab', () => ({ card: card({ id: 'card_2', last4: '9876' }), filled: 4 }));
});
afterEach(cleanup);

const midnight = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).toISOString();
};

describe('popup: free trial', () => {
  it("offers the page's trial for confirmation and applies it only when taken", async () => {
    render(<Popup tabId={TAB} />);
    const suggested = trialEndDate(OFFER, new Date());
    const offer = await screen.findByTestId('trial-suggestion');
    expect(offer.textContent).toContain('This page offers a 7-day free trial (“7-day free trial”, then $9.99/month).');
    const dateInput = screen.getByLabelText<HTMLInputElement>('Trial ends on');
    expect(dateInput.value).toBe(''); // not applied silently
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: /Free trial/ }).checked).toBe(false);

    await press(within(offer).getByRole('button', { name: `Use ${suggested}` }));
    expect(dateInput.value).toBe(suggested);
    expect(screen.queryByTestId('trial-suggestion')).toBeNull();
    await press(screen.getByRole('button', { name: 'Use a Veil card here' }));
    await waitFor(() =>
      expect(background.sentOf('cards.issueForTab')).toEqual([
        { tabId: TAB, cart: null, trialEndsAt: midnight(suggested) },
      ]),
    );
  });

  it('issues without a trial unless one is chosen; a date of her own goes as typed', async () => {
    background.answer('tab.checkout', ({ tabId }) => checkout({ tabId, trial: null }));
    render(<Popup tabId={TAB} />);
    await press(await screen.findByRole('button', { name: 'Use a Veil card here' }));
    await waitFor(() => expect(background.sentOf('cards.issueForTab')).toEqual([{ tabId: TAB, cart: null }]));
    expect(screen.queryByTestId('trial-suggestion')).toBeNull();

    await press(screen.getByRole('checkbox', { name: /Free trial/ }));
    await waitFor(() =>
      expect(screen.getByLabelText<HTMLInputElement>('Trial ends on').value).toBe(localDay(new Date())),
    );
    fireEvent.input(screen.getByLabelText('Trial ends on'), { target: { value: '2031-03-14' } });
    await press(screen.getByRole('button', { name: 'Use a Veil card here' }));
    await waitFor(() =>
      expect(background.sentOf('cards.issueForTab')).toEqual([
        { tabId: TAB, cart: null },
        { tabId: TAB, cart: null, trialEndsAt: midnight('2031-03-14') },
      ]),
    );
  });

  it("edits a trial card's end date from its row", async () => {
    const end = midnight('2031-05-01');
    background
      .answer('tab.checkout', ({ tabId }) => checkout({ tabId, cards: [card({ trial_ends_at: end })] }))
      .answer('cards.update', ({ id, trial_ends_at }) => card({ id, trial_ends_at: trial_ends_at ?? null }));
    render(<Popup tabId={TAB} />);
    const row = await screen.findByRole('listitem', { name: 'Card ending 4321' });
    const input = within(row).getByLabelText<HTMLInputElement>('Trial end for card ending 4321');
    expect(input.value).toBe('2031-05-01');
    expect(within(row).queryByRole('button', { name: 'Save date' })).toBeNull();
    fireEvent.input(input, { target: { value: '2031-05-20' } });
    await press(within(row).getByRole('button', { name: 'Save date' }));
    await waitFor(() =>
      expect(background.sentOf('cards.update')).toEqual([{ id: 'card_1', trial_ends_at: midnight('2031-05-20') }]),
    );
  });

  it('shows an ended trial as refunds only, with nothing to edit', async () => {
    background.answer('tab.checkout', ({ tabId }) =>
      checkout({ tabId, cards: [card({ state: 'closed', trial_ends_at: midnight('2026-01-02') })] }),
    );
    render(<Popup tabId={TAB} />);
    const row = await screen.findByRole('listitem', { name: 'Card ending 4321' });
    expect(within(row).getByTestId('trial-row').textContent).toBe('Free trial ended 2026-01-02: refunds only');
    expect(within(row).queryByRole('textbox')).toBeNull();
  });
});
