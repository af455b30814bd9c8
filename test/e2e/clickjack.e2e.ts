/**
 * The inline button against a hostile page, with the built extension in real Chromium
 * and Firefox and a real provider: an honest click on the untouched button fills the visible card
 * fields and none of the hidden ones (test/fixtures/pages/attack.html, one recipe per
 * field); a real click (Playwright's mouse, an isTrusted input event) on a button the
 * page has faded, magnified, moved off its field, covered or filtered asks for nothing,
 * as does one in a payment frame its parent page covers (which only the browser's
 * IntersectionObserver v2 can see); and the page cannot keep its own styles on the
 * button's host.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StaticServer } from '../fixtures/shop-server';
import { eachBrowser, type ExtensionBrowser, type Tab } from './support/browser';
import { bootE2e, type E2e } from './support/boot';
import { InlineButtonPage } from './pages/inline-button-page';

eachBrowser('the inline button on a hostile page', (browser) => {
  let e2e: E2e;
  let pages: StaticServer;
  let ext: ExtensionBrowser;
  let page: Tab;

  beforeAll(async () => {
    e2e = await bootE2e({ browser, wallet: { email: 'clickjack@example.com', topUp: '100' } });
    ext = e2e.ext;
    await e2e.options!.page.close();
    pages = await e2e.pages();
    // iframe-checkout.html embeds its payment frame from localhost (another origin): the shop declares it.
    const paymentFrame = pages.origin.replace('127.0.0.1', 'localhost');
    await e2e.registerVendor('Prize Page', pages.origin, [paymentFrame]);
  });

  afterAll(() => e2e?.close());

  async function open(): Promise<InlineButtonPage> {
    await page?.close();
    page = await ext.newTab();
    return InlineButtonPage.open(page, ext, `${pages.origin}/attack.html`);
  }

  it('an honest click on the untouched button fills the visible card fields and none of the hidden ones', async () => {
    const attack = await open();
    // The button sits inside the card-number field (whole pixels of tolerance: no font metrics involved).
    const field = await attack.fieldBox();
    const button = await attack.hostBox();
    expect(button.x).toBeGreaterThanOrEqual(field.x - 1);
    expect(button.x + button.width).toBeLessThanOrEqual(field.x + field.width + 1);
    expect(button.y + button.height / 2).toBeGreaterThan(field.y);
    expect(button.y + button.height / 2).toBeLessThan(field.y + field.height);

    await attack.letSettle();
    await attack.click();
    await expect.poll(async () => (await attack.values()).visible['v-number'], { timeout: 30_000 }).toMatch(/^\d{16}$/);
    const { hidden, visible } = await attack.values();
    expect(Object.keys(hidden).length).toBeGreaterThanOrEqual(20);
    expect(Object.entries(hidden).filter(([, v]) => v !== '')).toEqual([]);
    expect(visible).toEqual({
      'v-number': expect.stringMatching(/^\d{16}$/),
      'v-exp': expect.stringMatching(/^\d\d\/\d\d$/),
      'v-cvc': expect.stringMatching(/^\d{3}$/),
      'v-name': expect.any(String),
    });
    expect(await attack.fillRequests()).toBe(1);
  });

  /** Each recipe: what the page does, then a real click where the button is, which lands on the host and asks for nothing. */
  const recipes: Record<string, (p: Tab) => Promise<unknown>> = {
    'the host faded to opacity 0 as the shopper presses': (p) =>
      p.evaluate(() =>
        addEventListener(
          'pointerdown',
          () => document.querySelector<HTMLElement>('veil-fill-button')!.style.setProperty('opacity', '0', 'important'),
          true,
        ),
      ),
    'the host magnified with transform: scale(80) as the shopper presses': (p) =>
      p.evaluate(() =>
        addEventListener(
          'pointerdown',
          () =>
            document
              .querySelector<HTMLElement>('veil-fill-button')!
              .style.setProperty('transform', 'scale(80)', 'important'),
          true,
        ),
      ),
    'the whole page magnified around the button (transform: scale(80) on an ancestor)': (p) =>
      p.evaluate(() => {
        const r = document.querySelector('veil-fill-button')!.getBoundingClientRect();
        document.body.style.transformOrigin = `${r.left + r.width / 2}px ${r.top + r.height / 2}px`;
        document.body.style.transform = 'scale(80)';
      }),
    'the card field moved away from under the button': (p) =>
      p.evaluate(() => (document.querySelector<HTMLElement>('#v-number')!.style.marginLeft = '40em')),
    'an opaque decoy laid over the button, letting clicks through (pointer-events: none)': (p) =>
      p.evaluate(() => {
        const r = document.querySelector('veil-fill-button')!.getBoundingClientRect();
        const decoy = document.createElement('div');
        decoy.textContent = 'Accept cookies';
        decoy.style.cssText = `position: fixed; left: ${r.left - 20}px; top: ${r.top - 10}px; width: ${r.width + 40}px; height: ${r.height + 20}px; background: #2a6; color: #fff; z-index: 2147483647; pointer-events: none`;
        document.body.append(decoy);
      }),
    // On the root: a filter makes its element the containing block of the fixed host, and <html> sits at the viewport's origin.
    'filter: opacity(0) on an ancestor': (p) =>
      p.evaluate(() => (document.documentElement.style.filter = 'opacity(0)')),
    'filter: blur(6px) on an ancestor': (p) => p.evaluate(() => (document.documentElement.style.filter = 'blur(6px)')),
    'opacity: 0.05 on an ancestor': (p) => p.evaluate(() => (document.documentElement.style.opacity = '0.05')),
    'visibility: hidden on an ancestor': (p) => p.evaluate(() => (document.body.style.visibility = 'hidden')),
  };

  for (const [name, restyle] of Object.entries(recipes)) {
    it(`a real click does not fill: ${name}`, async () => {
      const target = await open();
      const before = await target.hostBox();
      await target.letSettle();
      await restyle(target.page);
      await target.click({ x: before.x + before.width / 2, y: before.y + before.height / 2 });
      // The click reached the button (the page saw it land on the host) and was dropped there.
      expect(await target.clicks()).toEqual(['veil-fill-button']);
      expect(await target.fillRequests()).toBe(0);
      expect((await target.values()).visible['v-number']).toBe('');
    });
  }

  // Chromium only: Firefox has no IntersectionObserver v2, so a frame cannot see what its parent lays over it
  // (a known limit, README "Security").
  it.skipIf(browser === 'firefox')(
    'a payment frame its parent covers with a click-through decoy: only the browser can tell, and the click asks for nothing',
    async () => {
      await page?.close();
      page = await ext.newTab();
      const psp = await InlineButtonPage.open(page, ext, `${pages.origin}/iframe-checkout.html`, {
        frameUrl: 'payment-frame',
        form: 'form#card',
        field: '#number',
      });
      const box = await psp.hostBox();
      // The parent page (another origin) lays its own "button" over ours; nothing inside the frame can see it.
      await page.evaluate((r) => {
        const decoy = document.createElement('div');
        decoy.id = 'decoy';
        decoy.textContent = 'Accept cookies';
        decoy.style.cssText = `position: fixed; left: ${r.x - 20}px; top: ${r.y - 10}px; width: ${r.width + 40}px; height: ${r.height + 20}px; background: #2a6; z-index: 2147483647; pointer-events: none`;
        document.body.append(decoy);
      }, box);
      await psp.browserSees(false);
      await psp.letSettle();
      await psp.click();
      expect(await psp.clicks()).toEqual(['veil-fill-button']);
      expect(await psp.fillRequests()).toBe(0);
      expect(await psp.field().inputValue()).toBe('');
      // The decoy gone, the same click fills the card into the payment frame.
      await page.evaluate(() => document.getElementById('decoy')!.remove());
      await psp.browserSees(true);
      await psp.letSettle();
      await psp.click();
      await expect.poll(() => psp.field().inputValue(), { timeout: 30_000 }).toMatch(/^\d{16}$/);
    },
  );

  it('the page cannot restyle the host: its style attribute and attributes are put back, and style sheets lose', async () => {
    const attack = await open();
    await attack.letSettle();
    const pinned = await attack.hostStyle();
    expect(pinned).toMatch(/all: initial !important/);
    const box = await attack.hostBox();
    await attack.page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('veil-fill-button')!;
      host.setAttribute('style', 'opacity: 0; transform: scale(80)');
      host.className = 'faded';
    });
    await expect.poll(() => attack.hostStyle()).toBe(pinned);
    expect(await attack.host().getAttribute('class')).toBeNull();
    // Moved into a container of the page's (where its ancestors could fade it): put back in <body>.
    await attack.page.evaluate(() => {
      const trap = document.createElement('div');
      trap.style.opacity = '0';
      document.body.append(trap);
      trap.append(document.querySelector('veil-fill-button')!);
    });
    await expect
      .poll(() => attack.page.evaluate(() => document.querySelector('veil-fill-button')?.parentElement?.tagName))
      .toBe('BODY');
    // A style sheet rule, !important or not, is outranked by the pinned inline style.
    await attack.page.evaluate((css) => {
      const sheet = document.createElement('style');
      sheet.textContent = css;
      document.head.append(sheet);
    }, 'veil-fill-button, .x veil-fill-button { opacity: 0 !important; transform: scale(80) !important; filter: opacity(0) !important; }');
    const drawn = await attack.page.evaluate(() => {
      const s = getComputedStyle(document.querySelector('veil-fill-button')!);
      return { opacity: s.opacity, transform: s.transform, filter: s.filter };
    });
    expect(drawn).toEqual({ opacity: '1', transform: 'none', filter: 'none' });
    const after = await attack.hostBox();
    expect(Math.abs(after.width - box.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(after.x - box.x)).toBeLessThanOrEqual(1);
    // What the shopper sees is the button itself: a click, once it has sat still again, is honest.
    await attack.letSettle();
    await attack.click();
    await expect.poll(async () => (await attack.values()).visible['v-number'], { timeout: 30_000 }).toMatch(/^\d{16}$/);
  });
});
