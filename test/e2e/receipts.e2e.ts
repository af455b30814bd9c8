/**
 * Signed receipts end to end: a purchase at the demo shop, whose backend keeps the
 * receipts the provider sent with its answers; they verify against the provider's
 * published keys and a tampered one does not; the extension's dispute pack for the
 * purchase holds the same receipts and shows them verified.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fromBase64url, base64url, RECEIPTS_JWKS_PATH, verifyReceipt, type ReceiptJwks } from '../../src/protocol';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { eachBrowser, tabIdOf, type ExtensionBrowser, type Tab } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';
import { DisputePage } from './pages/dispute-page';

eachBrowser('signed receipts and the dispute pack', (browser) => {
  let e2e: E2e;
  let shop: DemoShop;
  let ext: ExtensionBrowser;
  let shopPage: Tab;

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'receipts@example.com', topUp: '100' } });
    ext = e2e.ext;
    shop = await e2e.shop({ name: 'Lumen & Co.', paymentFrame: true, maxWaitS: 60 });
    shopPage = await ext.newTab();
  });
  afterAll(() => e2e?.close());

  it("the shop's receipts verify against the provider's keys, a tampered one does not, and the dispute pack holds them", async () => {
    const checkout = await CheckoutPage.open(shopPage, shop.origin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.untilCheckoutDetected();
    await popup.useCardHere();
    await popup.page.close();
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    await checkout.typeAddress();
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });

    const order = shop.orders.at(-1)!;
    expect(order.receipts).toHaveLength(2); // approved, then captured
    const jwks = (await (await fetch(e2e.provider.url + RECEIPTS_JWKS_PATH)).json()) as ReceiptJwks;
    const checks = await Promise.all(order.receipts.map((r) => verifyReceipt(r, jwks)));
    expect(checks).toMatchObject([
      {
        ok: true,
        claims: { authorization_id: order.authorizationId, status: 'approved', merchant_origin: shop.origin },
      },
      { ok: true, claims: { authorization_id: order.authorizationId, status: 'captured', amount: order.amount } },
    ]);

    // The shop (or anyone) raising the amount breaks the signature.
    const [h, p, s] = order.receipts[1]!.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(p))) as { amount: number };
    const raised = base64url(new TextEncoder().encode(JSON.stringify({ ...claims, amount: claims.amount * 10 })));
    expect(await verifyReceipt(`${h}.${raised}.${s}`, jwks)).toMatchObject({ ok: false, error: 'bad_signature' });

    const pack = await DisputePage.open(ext, order.authorizationId!);
    expect(await pack.shopOrigin()).toBe(shop.origin);
    await expect.poll(async () => (await pack.receipts()).map((r) => r.verified)).toEqual(['true', 'true']);
    expect((await pack.receipts()).map((r) => r.jws)).toEqual(order.receipts);
  });
});
