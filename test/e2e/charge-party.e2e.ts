/**
 * A vendor sends whatever merchant name it likes with a charge: another brand's name,
 * bidi overrides, line breaks. The confirmation window leads with the vendor as
 * registered with the provider (name and origin) and shows the sent name second,
 * labelled, with those characters gone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { eachBrowser, OUTPUT_DIR, tabIdOf } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';
import { ConfirmWindow } from './pages/confirm-window';

const HOSTILE_NAME = '\u202EknaB ruoY\u202C PayPal\n\u2066Approve now\u2069';
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

eachBrowser('who the confirmation window says is charging', (browser) => {
  let e2e: E2e;
  let shop: DemoShop;

  beforeAll(async () => {
    e2e = await bootE2e({ browser, provider: { sweepMs: 1000 }, wallet: { email: 'party@example.com', topUp: '100' } });
    shop = await e2e.shop({ name: 'Lumen & Co.', maxWaitS: 60, merchantName: HOSTILE_NAME });
    await e2e.options!.setDefaults({ mode: 'Ask me to confirm' });
  });

  afterAll(() => e2e?.close());

  it('leads with the registered vendor and origin; the sent name is secondary and cleaned', async () => {
    const { ext } = e2e;
    const shopPage = await ext.newTab();
    const checkout = await CheckoutPage.open(shopPage, shop.origin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.untilCheckoutDetected();
    await popup.useCardHere();
    await popup.page.close();
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    await checkout.typeAddress();
    await checkout.pay();

    const confirm = await ConfirmWindow.waitFor(ext);
    const party = await confirm.party();
    expect(party.headline).toBe('Lumen & Co.');
    expect(party.origin).toBe(shop.origin);
    expect(party.sentName).toBe('Sent with this charge as “knaB ruoY PayPal Approve now”');
    const text = await confirm.charges().first().innerText();
    expect(text).not.toMatch(BIDI);
    await confirm.page.screenshot(join(OUTPUT_DIR, `${browser}-confirm-hostile-name.png`));

    await confirm.approve();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    await expect.poll(() => confirm.decisions().textContent()).toMatch(/Approved \$\d+\.\d{2} at Lumen & Co\./);
  });
});
