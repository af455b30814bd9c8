/**
 * Anonymous delivery end to end: the checkout's shipping form gets Veil's forwarding
 * address and the purchasing ID; the shop's order holds nothing of the real address;
 * after capture a courier resolves the reference; the shopper's history shows it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { eachBrowser, OUTPUT_DIR, tabIdOf } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import type { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';

const HOME = {
  name: 'Robin Private',
  line1: '7 Hidden Lane',
  city: 'Eugene',
  region: 'OR',
  postal: '97401',
  country: 'US',
  phone: '+1 541 555 0123',
};

eachBrowser('private delivery in a real browser', (browser) => {
  let e2e: E2e;
  let shop: DemoShop;
  let options: OptionsPage;

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'private@example.com', topUp: '200' } });
    shop = await e2e.shop({ name: 'Lumen & Co.' });
    options = e2e.options!;
    await options.addDeliveryAddress(HOME);
  });

  afterAll(() => e2e?.close());

  it('ships to the forwarding address under the purchasing ID; only the courier learns the real address', async () => {
    const { ext, provider } = e2e;
    const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.untilCheckoutDetected();
    await popup.useCardHere();
    await expect.poll(() => popup.notice().textContent()).toMatch(/forwarding address \(Ref VL-/);
    const shopView = popup.shopView();
    await expect.poll(() => shopView.textContent()).toMatch(/Veil VL-[0-9A-Z]{4}-[0-9A-Z]{4}, Ref VL-/);
    await popup.page.screenshot(join(OUTPUT_DIR, `${browser}-popup-delivery.png`), { fullPage: true });
    await popup.page.close();

    const f = provider.ctx.policy.forwarding;
    await expect.poll(async () => (await checkout.shipping()).line2).toMatch(/^Ref VL-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const shipping = await checkout.shipping();
    const reference = shipping.line2.slice(4);
    expect(shipping).toEqual({
      name: `Veil ${reference}`,
      line1: f.line1,
      line2: `Ref ${reference}`,
      city: f.city,
      state: f.region,
      zip: f.postal_code,
      country: f.country,
      email: '',
    }); // email: left to the shopper
    await checkout.typeEmail('robin@example.com');
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });

    const order = JSON.stringify(shop.orders.at(-1));
    expect(order).toContain(reference);
    for (const part of [HOME.name, HOME.line1, HOME.city, HOME.postal, HOME.phone, 'Robin Private'])
      expect(order).not.toContain(part);

    const { key } = await e2e.registerCourier('Parcel Co');
    const res = await fetch(`${provider.url}/v1/deliveries/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reference: `Ref ${reference}` }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      reference,
      name: HOME.name,
      line1: HOME.line1,
      city: HOME.city,
      postal_code: HOME.postal,
      country: 'US',
    });

    await options.page.reload();
    await options.show('Activity');
    await expect.poll(() => options.purchaseRows().first().textContent()).toMatch(/read by Parcel Co/);
    expect(await options.historyRows().attributeAll('data-kind')).toContain('delivery.resolved');
    await options.page.screenshot(join(OUTPUT_DIR, `${browser}-options-purchases.png`), { fullPage: true });
  });
});
