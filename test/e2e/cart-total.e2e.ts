/**
 * The order total, end to end in the built extension (issue 19): the demo shop's
 * checkout shows an order summary; the content script of the top page reads its total
 * once the tab has card fields, the background keeps it per tab and `tab.checkout`
 * answers it, and it follows the page when the total changes (a coupon, a shipping
 * choice). With the card fields in the payment provider's frame the total is still read
 * from the top page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DemoShop } from '../fixtures/demo-shop/server';
import type { TabCheckout } from '../../src/extension/messages';
import { eachBrowser, tabIdOf, type ExtensionBrowser } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { CheckoutPage } from './pages/checkout-page';
import { PopupPage } from './pages/popup-page';

eachBrowser('the order total of the checkout', (browser) => {
  let e2e: E2e;
  let ext: ExtensionBrowser;
  let shop: DemoShop;

  /** `tab.checkout` for the shop's tab, sent from the popup's page as the popup sends it. */
  const totalOf = (popup: PopupPage, tabId: number) => async (): Promise<TabCheckout['total']> => {
    const reply = (await popup.send({ kind: 'tab.checkout', tabId })) as {
      ok: boolean;
      value?: TabCheckout;
      error?: string;
    };
    if (!reply.ok) throw new Error(reply.error);
    return reply.value!.total;
  };

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'total@example.com' } });
    ext = e2e.ext;
    shop = await e2e.shop({ name: 'Lumen & Co.' });
  });

  afterAll(() => e2e?.close());

  it("answers the summary's total, and its new value when the page changes it", async () => {
    const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin);
    expect(await checkout.orderTotal().textContent()).toBe('$49.00');
    const tabId = await tabIdOf(ext, shop.origin);
    const popup = await PopupPage.open(ext, tabId);
    await expect
      .poll(totalOf(popup, tabId), { timeout: 15_000 })
      .toEqual({ amount: 4900, currency: 'USD', text: '$49.00' });

    await checkout.showTotal('$44.10');
    await expect
      .poll(totalOf(popup, tabId), { timeout: 15_000 })
      .toEqual({ amount: 4410, currency: 'USD', text: '$44.10' });
    await popup.page.close();
    await checkout.page.close();
  });

  it('reads the total from the top page when the card fields are in a payment frame', async () => {
    const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin, { iframe: true });
    const tabId = await tabIdOf(ext, shop.origin);
    const popup = await PopupPage.open(ext, tabId);
    await expect
      .poll(totalOf(popup, tabId), { timeout: 15_000 })
      .toEqual({ amount: 4900, currency: 'USD', text: '$49.00' });
    await popup.page.close();
    await checkout.page.close();
  });
});
