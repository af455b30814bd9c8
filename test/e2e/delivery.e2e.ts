/**
 * Anonymous delivery end to end: the checkout's shipping form gets Veil's forwarding
 * address and the purchasing ID; the shop's order holds nothing of the real address;
 * after capture a courier resolves the reference; the shopper's history shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openPglite, type Db } from '../../src/provider/db/db';
import { startProvider, type RunningProvider } from '../../src/provider/start';
import { createVendor } from '../../src/provider/vendors/vendors';
import { createCourier } from '../../src/provider/delivery/couriers';
import { freePort } from '../support/ports';
import { startDemoShop, type DemoShop } from '../fixtures/demo-shop/server';
import { browserAvailable, launchWithExtension, OUTPUT_DIR, tabIdOf, type ExtensionBrowser } from './support/browser';
import { setUpWallet } from './support/wallet';
import type { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';

const HOME = { name: 'Robin Private', line1: '7 Hidden Lane', city: 'Eugene', region: 'OR', postal: '97401', country: 'US', phone: '+1 541 555 0123' };

describe.skipIf(!browserAvailable())('private delivery in a real browser', () => {
  let db: Db;
  let provider: RunningProvider;
  let shop: DemoShop;
  let ext: ExtensionBrowser;
  let options: OptionsPage;

  beforeAll(async () => {
    db = await openPglite();
    provider = await startProvider({ db, masterKey: randomBytes(32), sweepMs: 0 });
    const port = await freePort();
    const { key } = await db.tx((sql) => createVendor(sql, 'Lumen & Co.', `http://127.0.0.1:${port}`, new Date()));
    shop = await startDemoShop({ providerUrl: provider.url, vendorKey: key, port });
    ext = await launchWithExtension();
    options = await setUpWallet(ext, provider.url, { email: 'private@example.com', topUp: '200' });
    await options.addDeliveryAddress(HOME);
  });

  afterAll(async () => {
    await ext?.close();
    await shop?.close();
    await provider?.close();
    await db?.close();
  });

  it('ships to the forwarding address under the purchasing ID; only the courier learns the real address', async () => {
    const page = await ext.context.newPage();
    const checkout = await CheckoutPage.open(page, shop.origin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.checkoutStatus().filter({ hasText: 'Checkout detected' }).waitFor();
    await popup.useCardHere();
    await expect.poll(() => popup.page.getByRole('status').textContent()).toMatch(/forwarding address \(Ref VL-/);
    const shopView = popup.page.getByRole('region', { name: 'What this shop sees' });
    await expect.poll(() => shopView.textContent()).toMatch(/Veil VL-[0-9A-Z]{4}-[0-9A-Z]{4}, Ref VL-/);
    await popup.page.screenshot({ path: join(OUTPUT_DIR, 'popup-delivery.png'), fullPage: true });
    await popup.page.close();

    const f = provider.ctx.policy.forwarding;
    await expect.poll(() => page.inputValue('#ship-line2')).toMatch(/^Ref VL-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const reference = (await page.inputValue('#ship-line2')).slice(4);
    expect(await page.inputValue('#ship-name')).toBe(`Veil ${reference}`);
    expect(await page.inputValue('#ship-line1')).toBe(f.line1);
    expect(await page.inputValue('#ship-city')).toBe(f.city);
    expect(await page.inputValue('#ship-state')).toBe(f.region);
    expect(await page.inputValue('#ship-zip')).toBe(f.postal_code);
    expect(await page.inputValue('#ship-country')).toBe(f.country);
    expect(await page.inputValue('#email')).toBe(''); // left to the shopper
    await page.fill('#email', 'robin@example.com');
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });

    const order = JSON.stringify(shop.orders.at(-1));
    expect(order).toContain(reference);
    for (const part of [HOME.name, HOME.line1, HOME.city, HOME.postal, HOME.phone, 'Robin Private']) expect(order).not.toContain(part);

    const { key } = await db.tx((sql) => createCourier(sql, 'Parcel Co', new Date()));
    const res = await fetch(`${provider.url}/v1/deliveries/resolve`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ reference: `Ref ${reference}` }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ reference, name: HOME.name, line1: HOME.line1, city: HOME.city, postal_code: HOME.postal, country: 'US' });

    await options.page.reload();
    await expect.poll(() => options.purchaseRows().first().textContent()).toMatch(/read by Parcel Co/);
    expect(await options.historyRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).toContain('delivery.resolved');
    await options.page.screenshot({ path: join(OUTPUT_DIR, 'options-purchases.png'), fullPage: true });
  });
});
