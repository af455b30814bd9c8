/**
 * The whole loop in real Chromium: the demo shop's checkout, the extension detecting
 * and filling it, the shop's backend validating with the provider, and — per mode —
 * a notification, the confirmation window (approve, decline, no answer), a security
 * key, or recurring charges. Then the misuses a card must refuse.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { TestClock } from '../support/harness';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { eachBrowser, OUTPUT_DIR, tabIdOf, type ExtensionBrowser, type Tab } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { PASSWORD } from './support/wallet';
import { attachSecurityKey, copyCredentials, type VirtualKey } from './support/authenticator';
import type { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';
import { ConfirmWindow } from './pages/confirm-window';

const CONFIRM_WINDOW_S = 12;

eachBrowser('shopping with Veil on the demo shop', (browser) => {
  let e2e: E2e;
  const clock = new TestClock();
  let shop: DemoShop;
  let otherShop: DemoShop;
  let ext: ExtensionBrowser;
  let options: OptionsPage;
  let shopPage: Tab;

  // The shop declares its hosted payment fields, as a shop must for Veil to fill them.
  const shopFor = (name: string) => e2e.shop({ name, paymentFrame: true, maxWaitS: 60 });

  /** Opens the checkout, lets the extension fill a new Veil card from the popup, types the address. */
  async function checkoutWithNewCard(opts: { iframe?: boolean; cartTotal?: string } = {}): Promise<CheckoutPage> {
    const checkout = await CheckoutPage.open(shopPage, shop.origin, opts.iframe ? { iframe: true } : {});
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.untilCheckoutDetected();
    // The card is bound to the order total the popup offers: wait for it, so its cap never depends on timing.
    await popup.untilCartShown(/^Card for \$/);
    if (opts.cartTotal) await popup.setCartTotal(opts.cartTotal);
    await popup.useCardHere();
    await popup.page.close();
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    await checkout.typeAddress();
    return checkout;
  }

  async function kinds(): Promise<string[]> {
    await options.page.reload();
    await options.show('Activity');
    await options.historyRows().first().waitFor();
    return (await options.historyRows().attributeAll('data-kind')).map((k) => k ?? '');
  }

  beforeAll(async () => {
    e2e = await bootE2e({
      browser,
      provider: { clock: clock.now, sweepMs: 1000, policy: { defaultConfirmWindowS: CONFIRM_WINDOW_S } },
      wallet: { email: 'modes@example.com' },
    });
    ext = e2e.ext;
    options = e2e.options!;
    shop = await shopFor('Lumen & Co.');
    otherShop = await shopFor('Other Shop');
    shopPage = await ext.newTab();
  });

  afterAll(() => e2e?.close());

  it('declines 51 while the balance is too low, then approves once topped up', async () => {
    const checkout = await checkoutWithNewCard();
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'declined', reason: '51' });
    await options.page.reload();
    await options.topUp('500');
    await expect.poll(() => options.balance().textContent()).toBe('$500.00');
  });

  it('notification mode: approved at once, captured by the shop, and the shopper is notified', async () => {
    const checkout = await checkoutWithNewCard();
    await checkout.pay();
    const outcome = await checkout.outcome();
    expect(outcome).toMatchObject({ status: 'captured', reason: '00' });
    expect(outcome.text).toMatch(/Reason 00: Approved/);
    await shopPage.screenshot(join(OUTPUT_DIR, `${browser}-shop-approved.png`));
    const notes = await ext.inExtension(() => chrome.notifications.getAll(), null);
    expect(Object.keys(notes).some((k) => k.startsWith('veil-'))).toBe(true);
    expect(await kinds()).toEqual(expect.arrayContaining(['authorization.approved', 'authorization.captured']));
  });

  /** Opens the checkout and fills an existing card from the popup. */
  async function checkoutWithCard(last4: string): Promise<CheckoutPage> {
    const checkout = await CheckoutPage.open(shopPage, shop.origin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.untilCheckoutDetected();
    await popup.fill(last4);
    await popup.page.close();
    await expect.poll(async () => (await checkout.card()).number.replace(/\D/g, '').slice(-4)).toBe(last4);
    await checkout.typeAddress();
    return checkout;
  }

  it('refuses the same single-use card a second time (62)', async () => {
    const used = shop.orders.at(-1)!;
    const checkout = await checkoutWithCard(used.cardLast4);
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'declined', reason: '62' });
  });

  it('refuses the card at another shop (57): it is locked to the merchant it was issued for', async () => {
    const filled = await (await checkoutWithNewCard()).card();
    const elsewhere = await CheckoutPage.open(shopPage, otherShop.origin);
    await elsewhere.typeAddress();
    await elsewhere.typeCard(filled);
    await elsewhere.pay();
    expect(await elsewhere.outcome()).toMatchObject({ status: 'declined', reason: '57' });
  });

  it('declines a wrong CVC (82) and blocks the card on the fifth wrong try (75)', async () => {
    const checkout = await checkoutWithNewCard();
    const card = await checkout.card();
    const wrong = card.cvc === '000' ? '001' : '000';
    const reasons: string[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await CheckoutPage.open(shopPage, shop.origin);
      await page.typeAddress();
      await page.typeCard({ ...card, cvc: wrong });
      await page.pay();
      reasons.push((await page.outcome()).reason);
    }
    expect(reasons).toEqual(['82', '82', '82', '82', '75']);
    expect(await kinds()).toContain('card.blocked');
  });

  it('declines over the cap (61) and after the validity ends (54)', async () => {
    // A card for a 10.00 cart is capped at 15.00 (the 5.00 minimum margin): the shop's 49.00 charge is over it.
    const over = await checkoutWithNewCard({ cartTotal: '10' });
    await over.pay();
    expect(await over.outcome()).toMatchObject({ status: 'declined', reason: '61' });

    const late = await checkoutWithNewCard();
    clock.advance(25 * 3600);
    try {
      await late.pay();
      expect(await late.outcome()).toMatchObject({ status: 'declined', reason: '54' });
    } finally {
      clock.advance(-25 * 3600);
    }
  });

  it('confirmation mode: the shopper sees merchant, amount, card and purchasing ID and approves', async () => {
    await options.setDefaults({ mode: 'Ask me to confirm' });
    const checkout = await checkoutWithNewCard();
    const { number } = await checkout.card();
    await checkout.pay();
    const confirm = await ConfirmWindow.waitFor(ext);
    const charge = confirm.charges().first();
    await charge.waitFor();
    const text = await charge.innerText();
    expect(text).toMatch(/Lumen & Co\./);
    expect(text).toMatch(/\$49\.00/);
    expect(text).toContain(`•••• ${number.replace(/\D/g, '').slice(-4)}`);
    expect(text).toMatch(/VL-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await confirm.page.screenshot(join(OUTPUT_DIR, `${browser}-confirm.png`));
    await confirm.approve();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    await expect.poll(() => confirm.decisions().textContent()).toMatch(/Approved \$49\.00/);
    const k = await kinds();
    expect(k).toEqual(
      expect.arrayContaining(['authorization.pending', 'authorization.approved', 'authorization.captured']),
    );
  });

  it('confirmation mode: the shopper declines (05)', async () => {
    const checkout = await checkoutWithNewCard();
    await checkout.pay();
    const confirm = await ConfirmWindow.waitFor(ext);
    await expect.poll(() => confirm.charges().count()).toBe(1);
    await confirm.decline();
    const outcome = await checkout.outcome();
    expect(outcome).toMatchObject({ status: 'declined', reason: '05' });
    expect(outcome.text).toMatch(/shopper declined/);
  });

  it('confirmation mode: no answer in time declines (91)', async () => {
    const checkout = await checkoutWithNewCard();
    await checkout.pay();
    const confirm = await ConfirmWindow.waitFor(ext);
    await expect.poll(() => confirm.charges().count()).toBe(1);
    // The window passes unanswered on the provider's clock, not the wall's: the next sweep
    // finds the deadline gone by and declines 91, without the test sitting out the window.
    clock.advance(CONFIRM_WINDOW_S);
    try {
      expect(await checkout.outcome((CONFIRM_WINDOW_S + 30) * 1000)).toMatchObject({
        status: 'declined',
        reason: '91',
      });
    } finally {
      clock.advance(-CONFIRM_WINDOW_S);
    }
    await expect.poll(() => confirm.charges().count()).toBe(0);
  });

  // In both browsers: Chromium's DevTools virtual authenticator, Firefox's nsIWebAuthnService one (support/authenticator.ts).
  it('card-reader mode: approving needs the registered security key', async () => {
    const optionsKey: VirtualKey = await attachSecurityKey(ext, options.page);
    await options.page.reload();
    // WebAuthn needs the document focused, as it is when a person clicks in it.
    await options.page.bringToFront();
    await options.registerSecurityKey('Test key', PASSWORD);
    await options.setDefaults({ mode: 'Security key' });
    const checkout = await checkoutWithNewCard();
    const last4 = (await checkout.card()).number.replace(/\D/g, '').slice(-4);
    await checkout.pay();
    const confirm = await ConfirmWindow.waitFor(ext);
    const confirmKey = await attachSecurityKey(ext, confirm.page);
    // Registered under the provider's host (an RP ID Firefox accepts too), not the extension's own id.
    expect(await copyCredentials(optionsKey, confirmKey)).toEqual(['localhost']);
    await expect.poll(() => confirm.charges().count()).toBe(1);
    await expect.poll(() => confirm.approveButton().textContent()).toBe('Approve with security key');
    await confirm.page.bringToFront();
    await confirm.approve();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });

    // Switching the protection off asks for the account password, in the popup and on the options page.
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.setMode(last4, 'Notify me', PASSWORD);
    await expect.poll(() => popup.mode(last4)).toBe('notification');
    await popup.page.close();
    await options.page.bringToFront();
    await options.removeSecurityKey('Test key', PASSWORD);
  }, 180_000);

  it('recurring mode: the same merchant charges again; closing the card stops it (57)', async () => {
    await options.setDefaults({ mode: 'Recurring' });
    // A subscription's monthly limit is the cart plus the margin: room for two 49.00 charges this month.
    const first = await checkoutWithNewCard({ cartTotal: '120' });
    const details = await first.card();
    const last4 = details.number.replace(/\D/g, '').slice(-4);
    await first.pay();
    expect(await first.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    const second = await checkoutWithCard(last4);
    await second.pay();
    expect(await second.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.act(last4, 'Close');
    await expect.poll(() => popup.card(last4).textContent()).toMatch(/closed/);
    await popup.page.close();
    const third = await CheckoutPage.open(shopPage, shop.origin);
    await third.typeAddress();
    await third.typeCard(details);
    await third.pay();
    expect(await third.outcome()).toMatchObject({ status: 'declined', reason: 'R1' });
  });

  it('fills hosted payment fields in a cross-origin iframe and pays', async () => {
    await options.setDefaults({ mode: 'Notify me' });
    const checkout = await checkoutWithNewCard({ iframe: true });
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
  });
});
