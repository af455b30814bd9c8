/**
 * The private connection (issue 21) in real browsers: with it on for the demo shop,
 * the shop's page loads, its checkout POST and the order it records come from the
 * provider's egress address (127.0.0.2 here), not the shopper's (127.0.0.1); with it
 * off, from the shopper's; and another site is never proxied. The shop is opened as
 * shop.test (a name the test browsers map to 127.0.0.1): browsers never proxy loopback
 * addresses. The proxy's test allowlist permits loopback destinations.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DemoShop, Order } from '../fixtures/demo-shop/server';
import { DEFAULT_PROXY_POLICY } from '../../src/provider/policy';
import { eachBrowser, tabIdOf, type ExtensionBrowser } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { CheckoutPage } from './pages/checkout-page';
import { PopupPage } from './pages/popup-page';

const EGRESS = '127.0.0.2';

eachBrowser("the private connection: the shop sees Veil's address", (browser) => {
  let e2e: E2e;
  let ext: ExtensionBrowser;
  let shop: DemoShop;
  let elsewhere: DemoShop;

  beforeAll(async () => {
    e2e = await bootE2e({
      browser,
      provider: {
        proxy: {
          host: '127.0.0.1',
          port: 0,
          egress: EGRESS,
          hosts: { 'shop.test': '127.0.0.1', 'elsewhere.test': '127.0.0.1' },
        },
        policy: { proxy: { ...DEFAULT_PROXY_POLICY, allow: ['127.0.0.0/8'], ports: [[1024, 65535]] } },
      },
      wallet: { email: 'private@example.com', topUp: '200' },
      // Granted by the shopper for the shop (not for elsewhere.test): the extension reads the tab's address and answers the proxy's 407 there.
      grantHosts: ['http://shop.test/*'],
    });
    ext = e2e.ext;
    shop = await e2e.shop({ name: 'Lumen & Co.', publicHost: 'shop.test', maxWaitS: 60 });
    elsewhere = await e2e.shop({ name: 'Elsewhere', publicHost: 'elsewhere.test', maxWaitS: 60 });
  });

  afterAll(() => e2e?.close());

  /** Loads the shop's front page and checkout, pays with a new Veil card: the order the shop recorded. */
  async function buy(): Promise<Order> {
    const tab = await ext.newTab();
    await tab.goto(`${shop.origin}/`);
    const checkout = await CheckoutPage.open(tab, shop.origin);
    const popup = await PopupPage.open(ext, await newestTabId());
    await expect.poll(() => popup.checkoutStatus().textContent()).toMatch(/Checkout detected/);
    await popup.useCardHere();
    await popup.page.close();
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    await checkout.typeAddress();
    const before = shop.orders.length;
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured' });
    await tab.close();
    expect(shop.orders).toHaveLength(before + 1);
    return shop.orders.at(-1)!;
  }

  const newestTabId = () => tabIdOf(ext, shop.origin);

  const peersSince = (s: DemoShop, mark: number) => [...new Set(s.visits.slice(mark).map((v) => v.peer))];
  const requests = (s: DemoShop, mark: number) => s.visits.slice(mark).map((v) => `${v.method} ${v.path}`);

  it("off: the shop sees the shopper's own address", async () => {
    const mark = shop.visits.length;
    const order = await buy();
    expect(requests(shop, mark)).toEqual(expect.arrayContaining(['GET /', 'GET /checkout', 'POST /orders']));
    expect(peersSince(shop, mark)).toEqual(['127.0.0.1']);
    expect(order.peer).toBe('127.0.0.1');
  });

  it("on: page loads, checkout POST and order come from Veil's egress address; the popup says so", async () => {
    const tab = await ext.newTab();
    await tab.goto(`${shop.origin}/`);
    const popup = await PopupPage.open(ext, await newestTabId());
    await expect.poll(() => popup.privateStatus().textContent()).toMatch(/the shop sees your address/);
    await popup.togglePrivate();
    await expect.poll(() => popup.privateStatus().textContent()).toMatch(/The shop sees Veil's address/);
    await popup.page.close();
    await tab.close();

    const mark = shop.visits.length;
    const order = await buy();
    expect(requests(shop, mark)).toEqual(expect.arrayContaining(['GET /', 'GET /checkout', 'POST /orders']));
    expect(peersSince(shop, mark)).toEqual([EGRESS]);
    expect(order.peer).toBe(EGRESS);
    // The shopper's audit trail counts it: "private connection used at shop.test".
    await expect
      .poll(async () =>
        (
          await e2e.db.query<{ host: string }>("SELECT detail->>'host' AS host FROM events WHERE kind = 'proxy.used'")
        ).map((r) => r.host),
      )
      .toEqual(['shop.test']);
  });

  it('another site is not proxied', async () => {
    const mark = elsewhere.visits.length;
    const tab = await ext.newTab();
    await tab.goto(`${elsewhere.origin}/`);
    await tab.close();
    expect(requests(elsewhere, mark)).toContain('GET /');
    expect(peersSince(elsewhere, mark)).toEqual(['127.0.0.1']);
  });
});
