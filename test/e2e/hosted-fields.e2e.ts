/**
 * Payment frames judged together (issue 17, class 5), in real Chromium with the built
 * extension: the demo shop's checkout puts each card field in a cross-origin frame of
 * its own (the shop's declared payment provider), with no autocomplete token — only
 * "Card number", "Expiration Date" and "CVV" as label and placeholder. An expiry-only or
 * CVC-only frame cannot tell on its own that it belongs to a card form; the background,
 * which knows every frame of the tab, completes them with the number's frame. So all
 * three frames are filled, the charge goes through, and once the shop's payment frames
 * are known the number frame shows the inline button and the others are told they count.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { eachBrowser, tabIdOf, type ExtensionBrowser } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { CheckoutPage } from './pages/checkout-page';
import { PopupPage } from './pages/popup-page';

interface Report {
  cardFields: number;
  held?: string[];
  completed?: boolean;
}

eachBrowser('hosted card fields, one frame each, judged together', (browser) => {
  let e2e: E2e;
  let ext: ExtensionBrowser;
  let shop: DemoShop;

  /** What each frame of the shop's tab reported to the background, with the tab's verdict on its held fields. */
  const reports = async (): Promise<Report[]> => {
    const tabId = await tabIdOf(ext, shop.origin);
    return ext.inExtension(
      async (prefix: string) =>
        Object.entries(await chrome.storage.session.get(null))
          .filter(([k]) => k.startsWith(prefix))
          .map(([, v]) => v as Report),
      `frame:${tabId}:`,
    );
  };
  const summary = async () =>
    (await reports())
      .filter((r) => r.cardFields > 0 || r.held?.length)
      .map((r) => `${r.cardFields}:${(r.held ?? []).join('+')}:${r.completed === true}`)
      .sort();

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'hosted@example.com', topUp: '200' } });
    ext = e2e.ext;
    shop = await e2e.shop({ name: 'Lumen & Co.', paymentFrame: true, maxWaitS: 60 });
  });

  afterAll(() => e2e?.close());

  it('the expiry and CVC frames are filled beside the number frame, and the payment goes through', async () => {
    const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin, { fields: true });
    // The number frame counts on its own; the expiry and CVC frames report held parts.
    await expect.poll(summary, { timeout: 15_000 }).toEqual(['0:csc:false', '0:expiry:false', '1::false']);

    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.useCardHere();
    await popup.page.close();
    const card = await checkout.fieldCard();
    expect(card.number).toMatch(/^[\d ]{16,19}$/);
    expect(card.exp).toMatch(/^\d\d \/ \d\d$/);
    expect(card.cvc).toMatch(/^\d{3,4}$/);

    await checkout.typeAddress();
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    await checkout.page.close();
  });

  it("with the shop's payment frames known, the number frame shows the button and the others are told they count", async () => {
    const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin, { fields: true });
    // A card for this shop is cached since the first test: it carries the declared frame origin.
    await expect.poll(summary, { timeout: 15_000 }).toEqual(['0:csc:true', '0:expiry:true', '1::false']);
    await checkout.fillButton(await checkout.fieldFrame('number')).waitFor({ state: 'attached' });
    expect(await checkout.fillButton(await checkout.fieldFrame('exp')).count()).toBe(0);
    await checkout.page.close();
  });
});
