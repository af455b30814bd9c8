/**
 * Which frames of a shop's page receive a Veil card, in real Chromium with the built
 * extension: the shop's checkout carries an advertiser's iframe (another site, never
 * declared) showing card fields of its own. It gets no inline button and no card —
 * not when the shopper fills the shop's form, not when something in the ad frame asks
 * the background for a fill — while the shop's declared hosted-fields frame (another
 * origin, declared with the provider) still gets the card and the payment goes
 * through.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { asChromium, eachBrowser, tabIdOf, type ExtensionBrowser, type Frame } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { CheckoutPage } from './pages/checkout-page';
import { PopupPage } from './pages/popup-page';

eachBrowser('payment frames: a card reaches the shop and its payment provider, never an ad frame', (browser) => {
  let e2e: E2e;
  let ext: ExtensionBrowser;
  let adOrigin: string;
  let shop: DemoShop;

  /** How many frames of the shop's tab reported card fields to the background: by then their content scripts have had the background's answer. */
  const framesWithCardFields = async () => {
    const tabId = await tabIdOf(ext, shop.origin);
    return ext.inExtension(
      async (prefix: string) =>
        Object.entries(await chrome.storage.session.get(null)).filter(
          ([k, v]) => k.startsWith(prefix) && (v as { cardFields: number }).cardFields > 0,
        ).length,
      `frame:${tabId}:`,
    );
  };
  const issuedCards = async () => Number((await e2e.db.query<{ n: string }>('SELECT count(*) AS n FROM cards'))[0]!.n);

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'frames@example.com', topUp: '200' } });
    ext = e2e.ext;
    const ads = await e2e.pages();
    // Another site than the shop's (localhost, not 127.0.0.1): ads come from elsewhere, in their own process.
    adOrigin = ads.origin.replace('127.0.0.1', 'localhost');
    shop = await e2e.shop({
      name: 'Lumen & Co.',
      paymentFrame: true,
      maxWaitS: 60,
      adFrameUrl: `${adOrigin}/ad-card-fields.html`,
    });
  });

  afterAll(() => e2e?.close());

  it("the ad frame shows no button and gets no card when the shopper fills the shop's own form", async () => {
    const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin);
    // The shop's form and the ad frame detected their card fields and reported them.
    await expect.poll(framesWithCardFields, { timeout: 15_000 }).toBe(2);

    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.useCardHere();
    await popup.page.close();
    // The popup has its answer: every frame the background chose was filled by then.
    expect((await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    expect(await checkout.adCard()).toEqual({ number: '', exp: '', cvc: '' });
    // The shop's form has Veil's button; the ad frame never had one.
    await checkout.fillButton().waitFor({ state: 'attached' });
    expect(await checkout.fillButton(await checkout.adFrame()).count()).toBe(0);
    await checkout.page.close();
  });

  // Chromium only: the message is sent from the content script's isolated world through CDP, which Firefox lacks.
  it.skipIf(browser === 'firefox')(
    'a fill request from the ad frame is refused, and no card is issued or filled',
    async () => {
      const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin);
      await expect.poll(framesWithCardFields, { timeout: 15_000 }).toBe(2);
      const before = await issuedCards();
      // What a disguised button, or a compromised content script, would send from the ad frame.
      const reply = await sendFromContentScript(await checkout.adFrame(), { kind: 'content.fillRequested' });
      expect(reply).toEqual({
        ok: false,
        error: expect.stringMatching(new RegExp(`does not fill from this frame: ${adOrigin} is not a payment frame`)),
      });
      expect(await issuedCards()).toBe(before);
      expect(await checkout.adCard()).toEqual({ number: '', exp: '', cvc: '' });
      await checkout.page.close();
    },
  );

  it("the shop's declared hosted-fields frame still gets the card (with its button), and the payment goes through", async () => {
    const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin, { iframe: true });
    // The hosted fields and the ad frame (the page itself has address fields only).
    await expect.poll(framesWithCardFields, { timeout: 15_000 }).toBe(2);
    const payFrame = await checkout.cardFrame();
    // A card for this shop is cached since the first test: it carries the declared frame.
    await checkout.fillButton(payFrame).waitFor({ state: 'attached' });
    expect(await checkout.fillButton(await checkout.adFrame()).count()).toBe(0);

    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.useCardHere();
    await popup.page.close();
    expect((await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    expect(await checkout.adCard()).toEqual({ number: '', exp: '', cvc: '' });
    await checkout.typeAddress();
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
  });

  /**
   * Sends `message` to the background from the extension's content script in `frame`
   * (its isolated world, through the DevTools protocol): the sender the background sees
   * is that frame, exactly as for the real content script.
   */
  async function sendFromContentScript(frame: Frame, message: unknown): Promise<unknown> {
    const chromium = asChromium(ext);
    const cdp = await chromium.context.newCDPSession(chromium.frameOf(frame));
    const contexts: { id: number; name: string; auxData?: { type?: string } }[] = [];
    cdp.on(
      'Runtime.executionContextCreated',
      (e: { context: { id: number; name: string; auxData?: { type?: string } } }) => contexts.push(e.context),
    );
    await cdp.send('Runtime.enable');
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Veil');
    if (!world) throw new Error(`no Veil content-script world in ${await frame.url()}: ${JSON.stringify(contexts)}`);
    const { result } = (await cdp.send('Runtime.evaluate', {
      expression: `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: unknown } };
    await cdp.detach();
    return result.value;
  }
});
