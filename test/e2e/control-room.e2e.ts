/**
 * The options page as the shopper's control room, in real Chromium and Firefox: views
 * addressed by hash (typed, and back/forward), reached by keyboard with the focus on the
 * view's heading; a card issued at the demo shop appears in Cards, a charge on it shows
 * there without a reload, and it is closed from there. Saves a screenshot of each view.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { eachBrowser, OUTPUT_DIR, tabIdOf } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import type { OptionsPage, OptionsView } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';

const VIEWS: OptionsView[] = ['Cards', 'Subscriptions', 'Activity', 'Funding', 'Delivery', 'Security', 'Settings'];

eachBrowser('the control room in a real browser', (browser) => {
  let e2e: E2e;
  let shop: DemoShop;
  let options: OptionsPage;

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'control@example.com', topUp: '200' } });
    shop = await e2e.shop({ name: 'Lumen & Co.' });
    options = e2e.options!;
  });

  afterAll(() => e2e?.close());

  it('opens the view a hash names, follows back and forward, and moves by keyboard with the focus on the heading', async () => {
    await options.goToHash(e2e.ext, 'funding');
    await options.viewHeading('Funding').waitFor();
    await options.show('Security');
    expect((await options.where()).hash).toBe('#security');
    await options.page.evaluate(() => history.back());
    await options.viewHeading('Funding').waitFor();
    await options.page.evaluate(() => history.forward());
    await options.viewHeading('Security').waitFor();

    await options.moveByKeyboard('Activity');
    await expect.poll(() => options.where()).toEqual({ hash: '#activity', focused: 'Activity', tag: 'H1' });
  });

  it('shows a card issued at the demo shop, follows a charge on it live, and closes it', async () => {
    const { ext } = e2e;
    await options.show('Cards');
    const checkout = await CheckoutPage.open(await ext.newTab(), shop.origin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.untilCheckoutDetected();
    await popup.useCardHere();
    await popup.page.close();
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    const last4 = (await checkout.card()).number.replace(/\D/g, '').slice(-4);

    // The card made in the popup appears without reloading the options page.
    await options.page.bringToFront();
    const row = options.cardRow(last4);
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toMatch(/active/);
    expect(await row.textContent()).toMatch(/spent \$0\.00/);

    await checkout.typeAddress();
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ reason: '00' });
    await options.page.bringToFront();
    await expect.poll(() => row.textContent(), { timeout: 60_000 }).toMatch(/0 of 1 uses left/);
    expect(await row.textContent()).not.toMatch(/spent \$0\.00/);

    await options.actOnCard(last4, 'Close');
    await expect.poll(() => row.textContent()).toMatch(/closed/);
    const cards = await e2e.provider.ctx.db.query<{ state: string }>('SELECT state FROM cards WHERE last4 = $1', [
      last4,
    ]);
    expect(cards.map((c) => c.state)).toEqual(['closed']);
  });

  it('saves a screenshot of each view, and of Cards at 360 px', async () => {
    for (const view of VIEWS) {
      await options.show(view);
      await options.page.screenshot(join(OUTPUT_DIR, `${browser}-options-${view.toLowerCase()}.png`), {
        fullPage: true,
      });
    }
    await options.page.setViewport(360, 800);
    await options.show('Cards');
    await options.page.screenshot(join(OUTPUT_DIR, `${browser}-options-cards-360.png`), { fullPage: true });
  });
});
