/**
 * A free trial end to end, in real browsers: the shopper marks the card as a trial in
 * the popup when issuing it at the demo shop; the shop verifies the card ($1, reversed)
 * and takes a first charge before the end; the shopper then moves the end to today
 * from the card's row (a moment already past: the provider ends the trial at once,
 * no waiting); the shop's next charge is declined R1 with retry: false, and its refund
 * of the first charge still lands on the shopper's balance.
 *
 * From the inline button: on the demo shop's membership checkout ("Free for 7 days, then
 * $9.99/month") a click asks in Veil's own window, which quotes the page and proposes the
 * end day; closing it issues nothing; confirming issues a trial card with that day and fills.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DemoShop } from '../fixtures/demo-shop/server';
import { eachBrowser, tabIdOf, type ExtensionBrowser, type Tab } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';
import { InlineButtonPage } from './pages/inline-button-page';
import { TrialChoiceWindow } from './pages/trial-choice-window';
import { sleep } from './driver/driver';

const day = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

eachBrowser('a free trial card', (browser) => {
  let e2e: E2e;
  let shop: DemoShop & { vendorKey: string };
  let ext: ExtensionBrowser;
  let shopPage: Tab;

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'trials@example.com', topUp: '100' } });
    ext = e2e.ext;
    shop = await e2e.shop({ name: 'Trial Streams' });
    shopPage = await ext.newTab();
  }, 180_000);
  afterAll(() => e2e?.close());

  /** The shop's backend calling the vendor API with the card the shopper filled. */
  async function vendor(path: string, body: unknown) {
    const res = await fetch(e2e.provider.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${shop.vendorKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('charges before its end, declines R1 after it, and takes the refund after closing', async () => {
    const checkout = await CheckoutPage.open(shopPage, shop.origin);
    const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await popup.untilCheckoutDetected();
    const inAWeek = day(new Date(Date.now() + 7 * 24 * 3600 * 1000));
    await popup.setTrialDay(inAWeek);
    await popup.useCardHere();
    await popup.page.close();
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    const details = await checkout.card();
    const last4 = details.number.replace(/\D/g, '').slice(-4);
    const [month, year] = details.exp.split('/').map((s) => Number(s.trim()));
    const card = {
      number: details.number.replace(/\D/g, ''),
      exp_month: month!,
      exp_year: year! < 100 ? 2000 + year! : year!,
      cvc: details.cvc,
    };
    const charge = (amount: number) =>
      vendor('/v1/authorizations', {
        card,
        amount,
        currency: 'USD',
        merchant: { name: 'Trial Streams', origin: shop.origin },
      });

    // Before the end: the card check ($1, reversed), then the shopper's own checkout.
    const verification = await charge(1_00);
    expect(verification.body).toMatchObject({ status: 'approved', reason: '00' });
    expect((await vendor(`/v1/authorizations/${String(verification.body.id)}/reverse`, {})).status).toBe(200);
    await checkout.typeAddress();
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    const first = shop.orders.find((o) => o.cardLast4 === last4 && o.status === 'captured');
    expect(first?.authorizationId).toBeTruthy();

    // The shopper ends the trial today from the card's row: its start is already past.
    const row = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
    await expect.poll(() => row.trialRow(last4).textContent()).toMatch(/Free trial: stops charging on/);
    await row.setCardTrialDay(last4, day(new Date()));
    await expect.poll(() => row.trialRow(last4).textContent()).toMatch(/Free trial ended .*: refunds only/);
    await expect.poll(() => row.card(last4).textContent()).toMatch(/closed/);
    await row.page.close();

    expect((await charge(9_99)).body).toMatchObject({ status: 'declined', reason: 'R1', retry: false });
    const refund = await vendor('/v1/refunds', { authorization_id: first!.authorizationId, amount: first!.amount });
    expect(refund).toMatchObject({ status: 200, body: { amount: first!.amount } });
  });

  /** Until the background holds the trial wording the tab's top page reported (trials/trial-offers.ts). */
  async function untilTrialOffer(tabId: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    const held = () =>
      ext.inExtension(async (key: string) => key in (await chrome.storage.session.get(null)), `trial:${tabId}`);
    while (!(await held())) {
      if (Date.now() > deadline) throw new Error('the trial wording never reached the background');
      await sleep(100);
    }
  }

  it('from the inline button: asks in its own window, issues nothing when closed, a trial card when confirmed', async () => {
    const club = await e2e.shop({ name: 'Lumen Club' });
    const page = await ext.newTab();
    const inline = await InlineButtonPage.open(page, ext, `${club.origin}/checkout?item=lumen-club`, {
      form: 'form#checkout',
      field: '#cc-number',
    });
    const tabId = await tabIdOf(ext, club.origin);
    await untilTrialOffer(tabId);
    const inAWeek = day(new Date(Date.now() + 7 * 24 * 3600 * 1000));

    await inline.letSettle();
    await inline.click();
    const first = await TrialChoiceWindow.waitFor(ext);
    expect(await first.origin()).toBe(club.origin);
    expect(await first.wording()).toBe('“free for 7 days”, then $9.99/month');
    expect(await first.endDay()).toBe(inAWeek);
    await first.page.close();

    await page.bringToFront();
    await inline.letSettle();
    await inline.click();
    const second = await TrialChoiceWindow.waitFor(ext);
    await second.issueAsTrial();
    const checkout = new CheckoutPage(page);
    await expect.poll(async () => (await checkout.card()).number).toMatch(/^[\d ]{16,19}$/);
    const last4 = (await checkout.card()).number.replace(/\D/g, '').slice(-4);

    // The provider's cards for the shop, as the popup lists them: one card (the closed window issued none), a trial to that day.
    const popup = await PopupPage.open(ext, tabId);
    await expect.poll(() => popup.cards().count()).toBe(1);
    await expect.poll(() => popup.trialRow(last4).textContent()).toMatch(/Free trial: stops charging on/);
    expect(await popup.page.getByLabel(`Trial end for card ending ${last4}`).inputValue()).toBe(inAWeek);
    await popup.page.close();

    // The shop's sign-up checks the trial card ($1.00, reversed) and starts the trial.
    await page.bringToFront();
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({
      status: 'reversed',
      text: expect.stringMatching(/free trial started/),
    });
    await page.close();
  });
});
