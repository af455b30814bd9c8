/**
 * The extension end to end in real Chromium and Firefox: set up the vault and account, fund the
 * balance, issue a card for a shop page from the popup, manage it, lock and unlock,
 * and read the history — against a real provider over real HTTP.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Card } from '../../src/protocol';
import { eachBrowser, OUTPUT_DIR, tabIdOf, type ExtensionBrowser } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import type { StaticServer } from '../fixtures/shop-server';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';

const PASSPHRASE = 'correct horse battery staple';
const EMAIL = 'shopper@example.com';
const PASSWORD = 'a long enough password';

eachBrowser('the wallet in a real browser', (browser) => {
  let e2e: E2e;
  let shop: StaticServer;
  let ext: ExtensionBrowser;
  let options: OptionsPage;

  // No wallet from the helper: setting it up is what this suite tests.
  beforeAll(async () => {
    e2e = await bootE2e({ browser });
    ext = e2e.ext;
    shop = await e2e.pages();
  });

  afterAll(() => e2e?.close());

  it('sets up a vault, signs up, adds funding sources with checks, and tops up', async () => {
    options = await OptionsPage.open(ext);
    await options.vaultPrompt().waitFor();
    await options.createVault(PASSPHRASE);
    await options.setProvider(e2e.provider.url);
    await options.signUp(EMAIL, PASSWORD);

    await options.addCard('4242 4242 4242 4241', '12/30', 'Sam Shopper');
    await expect.poll(() => options.error().textContent()).toMatch(/not valid/);
    await options.addCard('4242 4242 4242 4242', '01/20', 'Sam Shopper');
    await expect.poll(() => options.error().textContent()).toMatch(/expired/);
    await options.addCard('4242 4242 4242 4242', '12/30', 'Sam Shopper');
    await expect.poll(() => options.sources().count()).toBe(1);
    await options.addBank('123456789', '000123456789', 'Sam Shopper');
    await expect.poll(() => options.error().textContent()).toMatch(/routing number/);
    await options.addBank('011000015', '000123456789', 'Sam Shopper');
    await expect.poll(() => options.sources().count()).toBe(2);
    await expect.poll(() => options.sources().first().textContent()).toMatch(/Visa •••• 4242.*default/);

    expect(await options.testMoney().count()).toBe(0);
    await options.topUp('100');
    await expect.poll(() => options.balance().textContent()).toBe('$100.00');
    // The provider's sandbox rail settled it: spendable, and plainly not real money.
    await expect.poll(() => options.testMoney().textContent()).toBe('Test money');
    // Above the sandbox's per-top-up limit (1,000.00): refused, the balance unchanged.
    await options.topUp('1000.01');
    await expect.poll(() => options.error().textContent()).toMatch(/at most 1000\.00/);
    await expect.poll(() => options.balance().textContent()).toBe('$100.00');
    await options.page.screenshot(join(OUTPUT_DIR, `${browser}-options.png`), { fullPage: true });
  });

  it('keeps secrets sealed in IndexedDB: no device token or card number in the clear', async () => {
    const dump = await options.page.evaluate(async () => {
      const open = indexedDB.open('veil');
      const idb: IDBDatabase = await new Promise((res, rej) => {
        open.onsuccess = () => res(open.result);
        open.onerror = () => rej(open.error);
      });
      const tx = idb.transaction('secrets', 'readonly');
      const all: unknown[] = await new Promise((res) => {
        const r = tx.objectStore('secrets').getAll();
        r.onsuccess = () => res(r.result);
      });
      return JSON.stringify(all);
    });
    expect(dump).toContain('device-token');
    expect(dump).not.toMatch(/vd_[A-Za-z0-9_-]{20}/);
  });

  it('issues a card locked to the shop from the popup, shows it, pauses and closes it', async () => {
    const shopPage = await ext.newTab();
    await shopPage.goto(`${shop.origin}/simple-checkout.html`);
    const tabId = await tabIdOf(ext, shop.origin);
    const popup = await PopupPage.open(ext, tabId);
    await popup.untilCheckoutDetected();
    await expect.poll(() => popup.testMoney().textContent()).toBe('Test money');

    await popup.useCardHere();
    await expect.poll(() => popup.cards().count()).toBe(1);
    const cards = (await (
      await fetch(`${e2e.provider.url}/v1/shopper/cards`, {
        headers: { authorization: `Bearer ${await deviceToken()}` },
      })
    ).json()) as { cards: Card[] };
    expect(cards.cards).toHaveLength(1);
    const card = cards.cards[0]!;
    expect(card.merchant.origin).toBe(shop.origin);
    expect(card.mode).toBe('notification');
    await expect.poll(() => popup.card(card.last4).textContent()).toMatch(/active/);
    await popup.page.screenshot(join(OUTPUT_DIR, `${browser}-popup.png`), { fullPage: true });

    await popup.act(card.last4, 'Pause');
    await expect.poll(() => popup.card(card.last4).textContent()).toMatch(/paused/);
    await popup.act(card.last4, 'Resume');
    await expect.poll(() => popup.card(card.last4).textContent()).toMatch(/active/);
    await popup.act(card.last4, 'Close');
    await expect.poll(() => popup.card(card.last4).textContent()).toMatch(/closed/);
    await shopPage.close();
    await popup.page.close();
  });

  it('locks and unlocks: locked, the popup asks for the passphrase and shows no cards', async () => {
    const shopPage = await ext.newTab();
    await shopPage.goto(`${shop.origin}/simple-checkout.html`);
    const tabId = await tabIdOf(ext, shop.origin);
    const popup = await PopupPage.open(ext, tabId);
    await popup.lock();
    await popup.lockedPrompt().waitFor();
    expect(await popup.cards().count()).toBe(0);
    // Locked means locked for every part: the background refuses secret work too.
    const refused = await popup.send({ kind: 'cards.issueForTab', tabId });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/locked/) });

    await popup.unlock('wrong passphrase!');
    await expect.poll(() => popup.error().textContent()).toMatch(/does not unlock/);
    await popup.unlock(PASSPHRASE);
    await expect.poll(() => popup.cards().count()).toBe(1);
    await shopPage.close();
  });

  it('shows the history with the events of the session', async () => {
    await options.reload();
    await options.show('Activity');
    await expect.poll(() => options.historyRows().count()).toBeGreaterThanOrEqual(6);
    const kinds = await options.historyRows().attributeAll('data-kind');
    expect(kinds).toEqual(
      expect.arrayContaining([
        'card.issued',
        'card.paused',
        'card.resumed',
        'card.closed',
        'balance.topped_up',
        'funding.added',
        'device.enrolled',
      ]),
    );
    await options.filterHistory('card.');
    const filtered = await options.historyRows().attributeAll('data-kind');
    expect(filtered.every((k) => k?.startsWith('card.'))).toBe(true);
    await options.page.screenshot(join(OUTPUT_DIR, `${browser}-options-history.png`), { fullPage: true });
  });

  /** Tests do not read the vault: a second device of the same account checks the provider's view. */
  async function deviceToken(): Promise<string> {
    const res = await fetch(`${e2e.provider.url}/v1/shopper/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD, device_name: 'test reader' }),
    });
    return ((await res.json()) as { device_token: string }).device_token;
  }
});
