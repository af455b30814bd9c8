/**
 * Digital goods end to end: the shopper buys the demo shop's e-book with a Veil card, the
 * shop seals it to the purchase's key and uploads it after capture, the extension lists
 * it (popup and options), opens it in its page and saves it through the downloads API;
 * the saved file is the original byte for byte. The provider's storage and database hold
 * no plaintext, the shop's order nothing of the shopper; a file altered at rest is
 * refused with a message and nothing is saved.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoShop } from '../fixtures/demo-shop/server';
import {
  DIGITAL_PRODUCTS,
  PLAINTEXT_MARKER,
  productBytes,
  sha256,
  type DigitalProduct,
} from '../fixtures/demo-shop/digital-goods';
import { eachBrowser, OUTPUT_DIR, tabIdOf } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import type { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { CheckoutPage } from './pages/checkout-page';

const EMAIL = 'reader@example.com';
const [EBOOK, ALBUM] = DIGITAL_PRODUCTS as [DigitalProduct, DigitalProduct];

eachBrowser('digital goods in a real browser', (browser) => {
  let e2e: E2e;
  let shop: DemoShop;
  let options: OptionsPage;

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: EMAIL, topUp: '200' } });
    shop = await e2e.shop({ name: 'Lumen & Co.' });
    options = e2e.options!;
  });

  afterAll(() => e2e?.close());

  /** Buys `p` with a new Veil card from the popup; returns the shop's order. */
  async function buy(p: DigitalProduct) {
    const tab = await e2e.ext.newTab();
    await tab.goto(`${shop.origin}/checkout?item=${p.sku}`);
    const checkout = new CheckoutPage(tab);
    const popup = await PopupPage.open(e2e.ext, await tabIdOf(e2e.ext, shop.origin));
    await popup.untilCheckoutDetected();
    await popup.useCardHere();
    await popup.page.close();
    await checkout.pay();
    expect(await checkout.outcome()).toMatchObject({ status: 'captured', reason: '00' });
    const order = shop.orders.at(-1)!;
    expect(order.deliveredFileId).toMatch(/^file_/);
    return { order, tab };
  }

  /** What the browser's downloads list holds, as the extension sees it. */
  const downloads = () =>
    e2e.ext.inExtension(
      async () => (await chrome.downloads.search({})).map((d) => ({ filename: d.filename, state: d.state })),
      undefined,
    );

  /** Every blob file's bytes, and the database's rows as text. */
  async function providerStorage(): Promise<string[]> {
    const dir = e2e.provider.ctx.blobs.dir;
    const blobs = (await readdir(dir)).filter((n) => n !== 'tmp');
    const texts = await Promise.all(blobs.map(async (n) => (await readFile(join(dir, n))).toString('latin1')));
    const tables = await e2e.db.query<{ t: string | null }>(
      `SELECT string_agg(x::text, '') AS t FROM (
         SELECT to_jsonb(f)::text AS x FROM digital_files f UNION ALL SELECT to_jsonb(e)::text FROM events e
         UNION ALL SELECT to_jsonb(a)::text FROM authorizations a UNION ALL SELECT to_jsonb(c)::text FROM cards c) rows`,
    );
    return [...texts, tables[0]?.t ?? ''];
  }

  it('buys the e-book, lists it, opens and saves it: the saved file is the original', async () => {
    const { order, tab } = await buy(EBOOK);

    // The shop's order: what it sells and its own ids, nothing of the shopper.
    const record = JSON.stringify(order);
    for (const part of [EMAIL, 'reader', 'Test Shopper']) expect(record).not.toContain(part);
    expect(order.email).toBe('');
    expect(order.shipping).toEqual({});

    // The provider holds ciphertext only.
    for (const text of await providerStorage()) expect(text).not.toContain(PLAINTEXT_MARKER);

    // The popup, on the shop's tab, lists the shop's file.
    const popup = await PopupPage.open(e2e.ext, await tabIdOf(e2e.ext, shop.origin));
    await expect.poll(() => popup.downloads().files().count()).toBe(1);
    expect(await popup.downloads().file(EBOOK.fileName).textContent()).toContain(shop.origin);
    await popup.page.screenshot(join(OUTPUT_DIR, `${browser}-popup-downloads.png`), { fullPage: true });
    await popup.page.close();
    await tab.close();

    await options.page.reload();
    await options.show('Delivery');
    const section = options.downloads();
    await section.file(EBOOK.fileName).waitFor();
    const before = await downloads();
    await section.save(EBOOK.fileName);
    await expect.poll(() => section.notice().textContent(), { timeout: 60_000 }).toContain(`Saved “${EBOOK.fileName}”`);
    await options.page.screenshot(join(OUTPUT_DIR, `${browser}-options-downloads.png`), { fullPage: true });

    // The one new download (the driver may store it under a name of its own, e.g. Playwright's GUIDs).
    const saved = (await downloads()).filter((d) => !before.some((b) => b.filename === d.filename));
    expect(saved).toEqual([{ filename: expect.any(String), state: 'complete' }]);
    expect(sha256(await readFile(saved[0]!.filename))).toBe(sha256(productBytes(EBOOK)));

    // Confirmed: the provider deleted its copy; the shopper's trail has the upload, download and deletion.
    expect(await section.files().count()).toBe(0);
    const [row] = await e2e.db.query<{ deleted_why: string }>('SELECT deleted_why FROM digital_files WHERE id = $1', [
      order.deliveredFileId,
    ]);
    expect(row?.deleted_why).toBe('downloaded');
    expect(await readdir(e2e.provider.ctx.blobs.dir)).toEqual(['tmp']);
    const kinds = await e2e.db.query<{ kind: string }>(
      "SELECT kind FROM events WHERE kind LIKE 'digital.%' ORDER BY id",
    );
    expect(kinds.map((k) => k.kind)).toEqual(['digital.uploaded', 'digital.downloaded', 'digital.deleted']);
    // The private file the page opened it into is gone: the downloads folder holds the one copy.
    expect(await options.privateFiles()).toEqual([]);
  });

  it('refuses a file altered at rest: a message, nothing saved, the file still offered', async () => {
    const { order, tab } = await buy(ALBUM);
    await tab.close();
    const path = join(e2e.provider.ctx.blobs.dir, order.deliveredFileId!);
    const bytes = await readFile(path);
    bytes[bytes.length - 100]! ^= 0x01;
    await writeFile(path, bytes);
    const before = await downloads();

    await options.page.reload();
    await options.show('Delivery');
    const section = options.downloads();
    await section.file(ALBUM.fileName).waitFor();
    await section.save(ALBUM.fileName);
    await expect
      .poll(() => section.error().textContent(), { timeout: 60_000 })
      .toMatch(/did not open: it was altered or cut short on its way\. Nothing was saved/);
    expect(await downloads()).toEqual(before);
    expect(await options.privateFiles()).toEqual([]);
    expect(await section.files().count()).toBe(1);
  });
});
