/**
 * A vendor sends whatever merchant name it likes with a charge: another brand's name,
 * bidi overrides, line breaks. The confirmation window leads with the vendor as
 * registered with the provider (name and origin) and shows the sent name second,
 * labelled, with those characters gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openPglite, type Db } from '../../src/provider/db/db';
import { startProvider, type RunningProvider } from '../../src/provider/start';
import { createVendor } from '../../src/provider/vendors/vendors';
import { freePort } from '../support/ports';
import { startDemoShop, type DemoShop } from '../fixtures/demo-shop/server';
import { browserAvailable, launchWithExtension, OUTPUT_DIR, tabIdOf, type ExtensionBrowser } from './support/browser';
import { setUpWallet } from './support/wallet';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';
import { ConfirmWindow } from './pages/confirm-window';

const HOSTILE_NAME = '\u202EknaB ruoY\u202C PayPal\n\u2066Approve now\u2069';
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe.skipIf(!browserAvailable())('who the confirmation window says is charging', () => {
  let db: Db;
  let provider: RunningProvider;
  let shop: DemoShop;
  let ext: ExtensionBrowser;

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    db = await openPglite();
    provider = await startProvider({ db, masterKey: randomBytes(32), sweepMs: 1000 });
    const port = await freePort();
    const { key } = await db.tx((sql) => createVendor(sql, 'Lumen & Co.', `http://127.0.0.1:${port}`, new Date()));
    shop = await startDemoShop({ providerUrl: provider.url, vendorKey: key, port, maxWaitS: 60, merchantName: HOSTILE_NAME });
    ext = await launchWithExtension();
    const options = await setUpWallet(ext, provider.url, { email: 'party@example.com', topUp: '100' });
    await options.setDefaults({ mode: 'Ask me to confirm' });
  });

  afterAll(async () => {
    await ext?.close();
    await shop?.close();
    await provider?.close();
    await db?.close();
  });

  it('leads with the registered vendor and origin; the sent name is secondary and cleaned', async () => {
    const shopPage = await ext.context.newPage();
    const checkout = await CheckoutPage.open(shopPage, shop.origin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await expect.poll(() => popup.checkoutStatus().textContent()).toMatch(/Checkout detected/);
    await popup.useCardHere();
    await popup.page.close();
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    await checkout.typeAddress();
    await checkout.pay();

    const confirm = await ConfirmWindow.waitFor(ext.context);
    const party = await confirm.party();
    expect(party.headline).toBe('Lumen & Co.');
    expect(party.origin).toBe(shop.origin);
    expect(party.sentName).toBe('Sent with this charge as “knaB ruoY PayPal Approve now”');
    const text = await confirm.charges().first().innerText();
    expect(text).not.toMatch(BIDI);
    await confirm.page.screenshot({ path: join(OUTPUT_DIR, 'confirm-hostile-name.png') });

    await confirm.approve();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    await expect.poll(() => confirm.decisions().textContent()).toMatch(/Approved \$\d+\.\d{2} at Lumen & Co\./);
  });
});
