// @vitest-environment happy-dom
/**
 * The popup as the shopper sees it, against a fake background: the balance with its
 * "Test money" badge, whether this page is a checkout, this site's cards with their
 * actions, and issuing a card here — each action sending the right request.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { press } from '../testing/press';
import { card, checkout, me, session } from '../testing/samples';
import { Popup } from './Popup';

const TAB = 7;

/** Waits until the header shows `amount` as the balance (it shows "…" until the account is read). */
const balanceShows = (amount: string) =>
  waitFor(() => expect(screen.getByLabelText('Balance').textContent).toBe(amount));

beforeEach(() => {
  background.reset();
  background
    .answer('session.get', () => session())
    .answer('account.me', () => me({ balance: 100_00, test_money: true }))
    .answer('tab.checkout', ({ tabId }) => checkout({ tabId, cards: [card()] }))
    .answer('digital.list', () => [])
    .answer('defaults.get', () => DEFAULTS);
});

const DEFAULTS = {
  mode: 'notification' as const,
  cap: 500_00,
  validityHours: 24,
  autoLockMinutes: 15,
  digitalDelivery: true,
  tolerancePercent: 10,
  toleranceMinimum: 5,
};
afterEach(cleanup);

describe('popup', () => {
  it("shows the balance with the Test money badge, the checkout and this site's cards", async () => {
    render(<Popup tabId={TAB} />);
    const row = await screen.findByRole('listitem', { name: 'Card ending 4321' });
    await balanceShows('$100.00');
    expect(screen.getByTestId('test-money').textContent).toBe('Test money');
    expect(screen.getByTestId('checkout-status').textContent).toBe('Checkout detected on this page.');
    expect(screen.getByRole('heading', { name: 'https://shop.example' })).toBeTruthy();
    expect(row.textContent).toContain('VL-1234-5678');
    expect(row.textContent).toContain('1 of 1 uses left');
    expect(background.sentOf('tab.checkout')).toEqual([{ tabId: TAB }]);
  });

  it('shows no badge for real money, and says when the page is not a checkout', async () => {
    background
      .answer('account.me', () => me({ balance: 5_00, test_money: false }))
      .answer('tab.checkout', ({ tabId }) => checkout({ tabId, detected: false }));
    render(<Popup tabId={TAB} />);
    await screen.findByRole('heading', { name: 'https://shop.example' });
    await balanceShows('$5.00');
    expect(screen.queryByTestId('test-money')).toBeNull();
    expect(screen.getByTestId('checkout-status').textContent).toBe('No checkout detected on this page.');
    expect(screen.queryByRole('heading', { name: 'Cards for this site' })).toBeNull();
  });

  it('issues a card for this tab and says what it filled', async () => {
    background.answer('cards.issueForTab', () => ({ card: card({ id: 'card_2', last4: '9876' }), filled: 4 }));
    render(<Popup tabId={TAB} />);
    await press(await screen.findByRole('button', { name: 'Use a Veil card here' }));
    expect((await screen.findByRole('status')).textContent).toBe('Filled card •••• 9876 into 4 fields.');
    // No total on the page: no cart, the defaults apply (the sample checkout has none).
    expect(background.sentOf('cards.issueForTab')).toEqual([{ tabId: TAB, cart: null }]);
    // The popup reads the tab again to show the new card.
    await waitFor(() => expect(background.sentOf('tab.checkout')).toHaveLength(2));
  });

  it("shows the background's refusal in words", async () => {
    background.answer('cards.issueForTab', () => {
      throw new Error('Your balance is owed: top up first.');
    });
    render(<Popup tabId={TAB} />);
    await press(await screen.findByRole('button', { name: 'Use a Veil card here' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Your balance is owed: top up first.');
  });

  it('pauses, fills and closes a card of this site', async () => {
    background
      .answer('cards.update', ({ id, state }) => card({ id, ...(state ? { state } : {}) }))
      .answer('cards.fill', () => ({ filled: 3 }));
    render(<Popup tabId={TAB} />);
    const row = await screen.findByRole('listitem', { name: 'Card ending 4321' });
    await press(within(row).getByRole('button', { name: 'Fill' }));
    expect((await screen.findByRole('status')).textContent).toBe('Filled 3 fields.');
    await press(within(row).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(background.sentOf('cards.update')).toEqual([{ id: 'card_1', state: 'paused' }]));
    await press(within(row).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(background.sentOf('cards.update')).toEqual([
        { id: 'card_1', state: 'paused' },
        { id: 'card_1', state: 'closed' },
      ]),
    );
    expect(background.sentOf('cards.fill')).toEqual([{ tabId: TAB, cardId: 'card_1' }]);
  });

  it('asks for the vault passphrase when locked, and unlocks with it', async () => {
    let unlocked = false;
    background
      .answer('session.get', () => session({ unlocked }))
      .answer('vault.unlock', () => session({ unlocked: (unlocked = true) }));
    render(<Popup tabId={TAB} />);
    fireEvent.input(await screen.findByLabelText('Passphrase'), { target: { value: 'correct horse' } });
    await press(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(background.sentOf('vault.unlock')).toEqual([{ passphrase: 'correct horse' }]));
    await balanceShows('$100.00');
  });

  it('offers "Unlock with security key" on the lock screen only when a key unlocks the vault', async () => {
    background.answer('session.get', () => session({ unlocked: false, unlockKeys: 0 }));
    const first = render(<Popup tabId={TAB} />);
    await screen.findByLabelText('Passphrase');
    expect(screen.queryByRole('button', { name: 'Unlock with security key' })).toBeNull();
    first.unmount();
    background.answer('session.get', () => session({ unlocked: false, unlockKeys: 1 }));
    render(<Popup tabId={TAB} />);
    expect(await screen.findByRole('button', { name: 'Unlock with security key' })).toBeTruthy();
  });

  it('sends a shopper without an account to the settings', async () => {
    background.answer('session.get', () =>
      session({ vaultCreated: false, unlocked: false, signedIn: false, email: null }),
    );
    render(<Popup tabId={TAB} />);
    await press(await screen.findByRole('button', { name: 'Open Veil settings' }));
    expect(background.optionsOpened).toBe(1);
    expect(background.sentOf('account.me')).toEqual([]);
  });

  describe('issuing for the cart (issue 19)', () => {
    const eurTotal = { amount: 54_90, currency: 'EUR', text: '54,90 €' };

    it('shows "Card for €54.90 at shop.example" with its cap, and issues for the amount as edited', async () => {
      background
        .answer('tab.checkout', ({ tabId }) => checkout({ tabId, total: eurTotal }))
        .answer('cards.issueForTab', () => ({ card: card({ currency: 'EUR' }), filled: 4 }));
      render(<Popup tabId={TAB} />);
      const summary = await screen.findByTestId('cart-summary');
      expect(summary.textContent).toBe('Card for €54.90 at shop.example');
      await waitFor(() => expect(screen.getByTestId('cart-cap').textContent).toContain('Cap €60.39'));
      fireEvent.input(screen.getByLabelText('Order total (EUR)'), { target: { value: '49,00' } });
      expect(screen.getByTestId('cart-summary').textContent).toBe('Card for €49.00 at shop.example');
      expect(screen.getByTestId('cart-cap').textContent).toContain('Cap €54.00');
      await press(screen.getByRole('button', { name: 'Use a Veil card here' }));
      await waitFor(() =>
        expect(background.sentOf('cards.issueForTab')).toEqual([
          { tabId: TAB, cart: { amount: 49_00, currency: 'EUR' } },
        ]),
      );
    });

    it('refuses an amount that is not one, and issues nothing', async () => {
      background.answer('tab.checkout', ({ tabId }) => checkout({ tabId, total: eurTotal }));
      render(<Popup tabId={TAB} />);
      fireEvent.input(await screen.findByLabelText('Order total (EUR)'), { target: { value: '49.001' } });
      expect(screen.getByRole('alert').textContent).toContain('Enter the total as an amount in EUR');
      expect((screen.getByRole('button', { name: 'Use a Veil card here' }) as HTMLButtonElement).disabled).toBe(true);
    });

    it('says when no total was found: the defaults apply', async () => {
      render(<Popup tabId={TAB} />);
      await waitFor(() =>
        expect(screen.getByTestId('cart-summary').textContent).toBe(
          'No order total found on this page: the card gets your defaults (cap $500.00).',
        ),
      );
    });

    it('shows the rate before issuing when the shopper opts to pay from their home balance', async () => {
      background
        .answer('tab.checkout', ({ tabId }) =>
          checkout({ tabId, total: { amount: 49_00, currency: 'EUR', text: '49,00 €' } }),
        )
        .answer('fx.quote', ({ currency, fundFrom, amount }) => ({
          currency,
          fund_from: fundFrom,
          rate: '1.0842',
          set_at: new Date().toISOString(),
          amount,
          funded_amount: 58_54,
        }))
        .answer('cards.issueForTab', () => ({ card: card({ currency: 'EUR' }), filled: 4 }));
      render(<Popup tabId={TAB} />);
      await press(await screen.findByRole('checkbox', { name: 'Pay from my USD balance' }));
      const quote = await screen.findByTestId('fx-quote');
      expect(quote.textContent).toBe(
        'At 1 EUR = 1.0842 USD, locked for this card: at most $58.54 from your USD balance.',
      );
      expect(background.sentOf('fx.quote')).toEqual([{ currency: 'EUR', fundFrom: 'USD', amount: 54_00 }]);
      await press(screen.getByRole('button', { name: 'Use a Veil card here' }));
      await waitFor(() =>
        expect(background.sentOf('cards.issueForTab')).toEqual([
          { tabId: TAB, cart: { amount: 49_00, currency: 'EUR' }, fundFrom: 'USD', fxRate: '1.0842' },
        ]),
      );
    });

    it('shows why there is no conversion, and issues nothing converted', async () => {
      background
        .answer('tab.checkout', ({ tabId }) => checkout({ tabId, total: eurTotal }))
        .answer('fx.quote', () => {
          throw new Error('no exchange rate from EUR to USD: the provider does not convert between them');
        });
      render(<Popup tabId={TAB} />);
      await press(await screen.findByRole('checkbox', { name: 'Pay from my USD balance' }));
      expect((await screen.findByRole('alert')).textContent).toContain('no exchange rate from EUR to USD');
      expect((screen.getByRole('button', { name: 'Use a Veil card here' }) as HTMLButtonElement).disabled).toBe(true);
    });
  });
});
