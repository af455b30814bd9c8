/**
 * Issue 19 end to end: a card issued for the cart the checkout shows, in the shop's
 * currency. On the demo shop's EUR storefront ("Gesamtsumme 49,00 €") the popup offers
 * "Card for €49.00 at …", the card is capped near it (49.00 + the 5.00 minimum margin),
 * the shop's 49.00 charge is captured and a later 490.00 charge declined 61. A shopper
 * holding only USD is declined 51 (no rate: nothing to convert with), and paid once the
 * operator sets a rate and the shopper opts in to paying from USD at that rate.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Authorization } from '../../src/protocol';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { setRate } from '../../src/provider/fx/rates';
import { eachBrowser, OUTPUT_DIR, tabIdOf } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';

eachBrowser('cards for the cart, in the shop’s currency', (browser) => {
  let e2e: E2e;
  let shop: DemoShop;

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'cart@example.com', topUp: '100' } });
    shop = await e2e.shop({ name: 'Lumen & Co.' });
    // Bounds, not expectations: setting up a vault and account drives the options page, slow on a loaded machine.
  }, 600_000);

  afterAll(() => e2e?.close());

  /** Opens the EUR checkout and its popup once the popup shows the order total. */
  let open: { close(): Promise<void> }[] = [];
  async function eurCheckout() {
    // One checkout tab at a time: the popup is opened for the tab at this URL.
    for (const t of open) await t.close().catch(() => undefined);
    const tab = await e2e.ext.newTab();
    open = [tab];
    const checkout = await CheckoutPage.openEur(tab, shop.origin);
    const popup = await PopupPage.open(e2e.ext, await tabIdOf(e2e.ext, `${shop.origin}/eu/checkout`));
    // Bounds for a loaded machine: the content script reports at idle time, then reads the total.
    await popup.untilCheckoutDetected(120_000);
    await popup.untilCartShown(/Card for €49\.00 at /, 60_000);
    return { checkout, popup };
  }

  /** The one shopper's spendable balance in `currency`, as the ledger holds it. */
  const available = async (currency: string) =>
    (
      await e2e.db.query<{ balance: number }>(
        "SELECT balance FROM ledger_accounts WHERE kind = 'available' AND currency = $1 AND owner_id LIKE 'shp%'",
        [currency],
      )
    )[0]?.balance;

  const latestCard = async () =>
    (
      await e2e.db.query<{
        currency: string;
        cap_amount: number;
        cart_amount: number;
        funding_currency: string | null;
      }>('SELECT currency, cap_amount, cart_amount, funding_currency FROM cards ORDER BY created_at DESC, id LIMIT 1')
    )[0]!;

  it('a shopper holding no EUR is declined 51 without a rate, and paid from USD at the rate once set and chosen', async () => {
    // No rate: the opt-in says why, and a EUR card without conversion has no EUR to draw on.
    let { checkout, popup } = await eurCheckout();
    await popup.payFromHomeBalance('USD');
    await expect.poll(() => popup.error().textContent()).toMatch(/no exchange rate from EUR to USD/i);
    await popup.payFromHomeBalance('USD'); // opt out again
    await popup.useCardHere();
    await popup.page.close();
    expect(await latestCard()).toMatchObject({ currency: 'EUR', cart_amount: 49_00, funding_currency: null });
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'declined', reason: '51' });

    // The operator sets a rate (as `npm run provider -- fx set EUR USD 1.0842` does); the shopper opts in.
    await setRate(e2e.db, 'EUR', 'USD', '1.0842', 'e2e operator', new Date());
    ({ checkout, popup } = await eurCheckout());
    await popup.payFromHomeBalance('USD');
    // The cap (54.00 EUR) at 1.0842, rounded down: 58.54 USD at most.
    await expect
      .poll(() => popup.fxQuote().textContent())
      .toBe('At 1 EUR = 1.0842 USD, locked for this card: at most $58.54 from your USD balance.');
    await popup.page.screenshot(join(OUTPUT_DIR, `${browser}-popup-cart-fx.png`));
    await popup.useCardHere();
    await popup.page.close();
    expect(await latestCard()).toMatchObject({ currency: 'EUR', cap_amount: 54_00, funding_currency: 'USD' });
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    // 49.00 EUR × 1.0842 = 53.1258 USD: 53.12 taken from the USD balance.
    expect(await available('USD')).toBe(100_00 - 53_12);
  }, 300_000);

  it('issues a card capped near the 49.00 EUR cart: the shop’s 49.00 is captured, a later 490.00 declined 61', async () => {
    const { checkout, popup } = await eurCheckout();
    // Now the shopper holds EUR: the card draws on it, no conversion.
    await popup.send({ kind: 'balance.topUp', amount: 100_00, currency: 'EUR' });
    expect(await available('EUR')).toBe(100_00);
    await popup.page.screenshot(join(OUTPUT_DIR, `${browser}-popup-cart.png`));
    await popup.useCardHere();
    await popup.page.close();
    expect(await latestCard()).toMatchObject({
      currency: 'EUR',
      cart_amount: 49_00,
      cap_amount: 54_00,
      funding_currency: null,
    });
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    const order = shop.orders.at(-1)!;
    expect(order).toMatchObject({ amount: 49_00, currency: 'EUR', status: 'captured' });

    // The shop charges the card on file again, ten times the cart: over the cap.
    const res = await fetch(`${shop.origin}/eu/orders/${order.id}/charge?amount=49000`, { method: 'POST' });
    const again = (await res.json()) as Authorization;
    expect(again).toMatchObject({
      status: 'declined',
      reason: '61',
      currency: 'EUR',
      cart: { amount: 49_00, currency: 'EUR' },
    });
  }, 300_000);
});
