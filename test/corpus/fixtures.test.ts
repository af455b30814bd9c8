/**
 * The crafted fixture pages in real Chromium, filled through the content script's own
 * fill path: a React-style form keeps its values after submit, split and formatted
 * expiry fields get what they ask for, a web component's shadow root is reached, a
 * payment provider's iframe gets the card and nothing else, and the attack page's
 * hidden card fields get nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import type { FillValues } from '../../src/extension/messages';
import type { FixtureApi } from './fixture-entry';
import { MIN_STILL_MS } from '../../src/extension/content/engine/button-guard';
import { MAY_HOST } from '../../src/extension/content/form-like';
import { CHROMIUM, REPO, builtContentPart, bundle, launch, loopbackContext, serve } from './runner';

const CARD = { number: '4999920123456789', exp_month: 3, exp_year: 2027, cvc: '123', name: 'Ada Lovelace' };
const BILLING = {
  name: 'Ada Lovelace',
  'address-line1': '9 Billing Road',
  'address-level2': 'Springfield',
  'postal-code': '12345',
  email: 'ada@example.com',
};

let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let context: BrowserContext;
let code: string;

const available = existsSync(CHROMIUM);

beforeAll(async () => {
  if (!available) return;
  code = await bundle(join(REPO, 'test/corpus/fixture-entry.ts'));
  server = await serve(join(REPO, 'test/fixtures/pages'));
  browser = await launch();
  // Fixture pages run their own scripts (the React-like form, the iframe's address).
  context = await loopbackContext(browser, { javaScriptEnabled: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(file: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.origin}/${file}`, { waitUntil: 'load' });
  for (const frame of page.frames()) await frame.evaluate(code);
  return page;
}

const fill = (frame: Frame, values: FillValues, merchant = server.origin, paymentOrigins: string[] = []) =>
  frame.evaluate(([m, v, p]) => (globalThis as unknown as { __veilFixture: FixtureApi }).__veilFixture.fill(m, v, p), [
    merchant,
    values,
    paymentOrigins,
  ] as const);
const value = (frame: Frame, selector: string) => frame.locator(selector).inputValue();

describe.skipIf(!available)('fixtures in Chromium', () => {
  it('a React-style controlled form keeps the values after submit', async () => {
    const page = await open('react-form.html');
    expect(await fill(page.mainFrame(), { card: CARD, billing: BILLING })).toEqual({ filled: 5 });
    await page.click('button[type=submit]');
    const state = JSON.parse((await page.locator('#state').textContent()) ?? '{}') as Record<string, string>;
    expect(state).toEqual({ name: 'Ada Lovelace', number: CARD.number, exp: '03 / 27', cvc: '123', zip: '12345' });
    expect(await value(page.mainFrame(), '#number')).toBe(CARD.number);
    await page.close();
  });

  it('the attack page: no card field a person cannot see is filled, the visible ones beside them are', async () => {
    const page = await open('attack.html');
    const detected = await page.evaluate(() =>
      (globalThis as unknown as { __veilFixture: FixtureApi }).__veilFixture.tokens(),
    );
    const recipes = await page
      .locator('input[data-recipe]')
      .evaluateAll((els) => els.map((e) => `${e.id}: ${e.getAttribute('data-recipe')}`));
    // The hidden ones are all detected as card fields — and still none is filled.
    expect(detected.filter((t) => t.includes(':cc-')).length).toBeGreaterThanOrEqual(recipes.length);
    expect(await fill(page.mainFrame(), { card: CARD, billing: { 'postal-code': '12345' } })).toEqual({ filled: 4 });
    const values = async (selector: string) =>
      Object.fromEntries(
        await page
          .locator(selector)
          .evaluateAll((els) =>
            els.map((e) => [`${e.id}: ${e.getAttribute('data-recipe') ?? 'visible'}`, (e as HTMLInputElement).value]),
          ),
      );
    expect(await values('input[data-recipe]')).toEqual(Object.fromEntries(recipes.map((r) => [r, ''])));
    // The check is not simply refusing everything: the visible fields of the same page are filled.
    expect(await values('input[data-visible]')).toEqual({
      'v-number: visible': CARD.number,
      'v-exp: visible': '03/27',
      'v-cvc: visible': '123',
      'v-name: visible': 'Ada Lovelace',
    });
    expect(await fill(page.mainFrame(), { billing: { email: 'ada@example.com' } })).toEqual({ filled: 1 });
    await page.close();
  });

  it('a card number split over four boxes, month names, two-digit years', async () => {
    const page = await open('split-card.html');
    const f = page.mainFrame();
    expect(await fill(f, { card: CARD })).toEqual({ filled: 7 });
    expect(await Promise.all(['#p1', '#p2', '#p3', '#p4', '#m', '#y', '#cvc'].map((s) => value(f, s)))).toEqual([
      '4999',
      '9201',
      '2345',
      '6789',
      'mar',
      '27',
      '123',
    ]);
    await page.close();
  });

  it('expiry fields in each format', async () => {
    const page = await open('expiry-formats.html');
    const f = page.mainFrame();
    await fill(f, { card: CARD });
    expect(await Promise.all(['#e1', '#e2', '#e3', '#m4', '#y4', '#m5', '#y5'].map((s) => value(f, s)))).toEqual([
      '03 / 27',
      '03/2027',
      '0327',
      '3',
      '2027',
      'c',
      'x27',
    ]);
    await page.close();
  });

  it("a web component's open shadow root", async () => {
    const page = await open('shadow-dom.html');
    expect(await fill(page.mainFrame(), { card: CARD })).toEqual({ filled: 3 });
    // Playwright's CSS locators pierce open shadow roots.
    expect(await value(page.mainFrame(), 'payment-card #number')).toBe(CARD.number);
    expect(await value(page.mainFrame(), 'payment-card #exp')).toBe('03/27');
    await page.close();
  });

  it('the shadow-host selector takes every element the browser lets host a shadow root, and none of the commonest others', async () => {
    // The browser is the judge: an element may host when attachShadow on it succeeds.
    // HTML's element names (current and obsolete), SVG's and MathML's common ones, custom and unknown names.
    const html =
      'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark marquee menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section select selectedcontent slot small source spacer span strike strong style sub summary sup table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp';
    const custom = 'pay-card x-y card-number-field-2 vwc-text-field';
    const page = await context.newPage();
    const result = await page.evaluate(
      ([selector, names]) => {
        const mayHost: string[] = [];
        const matched: string[] = [];
        for (const name of names) {
          const el = document.createElement(name);
          document.body.append(el);
          try {
            el.attachShadow({ mode: 'open' });
            mayHost.push(name);
          } catch {
            /* not a host */
          }
          if (el.matches(selector)) matched.push(name);
        }
        const svg = ['svg', 'path', 'g', 'circle', 'rect', 'linearGradient', 'clipPath', 'foreignObject'].map((n) =>
          document.createElementNS('http://www.w3.org/2000/svg', n),
        );
        const math = ['math', 'mi', 'mrow'].map((n) =>
          document.createElementNS('http://www.w3.org/1998/Math/MathML', n),
        );
        document.body.append(...svg, ...math);
        return {
          mayHost,
          matched,
          otherMatched: [...svg, ...math].filter((el) => el.matches(selector)).map((el) => el.localName),
        };
      },
      [MAY_HOST, [...html.split(' '), ...custom.split(' ')]] as const,
    );
    await page.close();
    expect(result.mayHost).toContain('div');
    expect(result.mayHost).toContain('pay-card');
    // Every possible host is taken; the elements pages have most of that host nothing are not.
    expect(result.mayHost.filter((n) => !result.matched.includes(n))).toEqual([]);
    const common =
      'a b br button dd dl dt em fieldset form hr i iframe img input label legend li option script select small strong table tbody td textarea th tr ul';
    expect(result.matched.filter((n) => common.split(' ').includes(n))).toEqual([]);
    expect(
      result.otherMatched.filter((n) => ['svg', 'path', 'g', 'circle', 'rect', 'linearGradient'].includes(n)),
    ).toEqual([]);
  });

  /** react-form.html with the built content script, and a stand-in for chrome.runtime that records what it sends and answers as the background would. */
  async function withContentScript(
    inlineButton: boolean,
  ): Promise<{ page: Page; sent: () => Promise<{ kind: string }[]> }> {
    const page = await context.newPage();
    // The bootstrap imports the engine by URL; here the page's server stands in for the extension's files.
    const engine = await builtContentPart('content-main.js');
    await page.route('**/__veil/content-main.js', (route) =>
      route.fulfill({ contentType: 'text/javascript', body: engine }),
    );
    await page.goto(`${server.origin}/react-form.html`, { waitUntil: 'load' });
    await page.evaluate((allowed) => {
      const sent: { kind: string }[] = [];
      Object.assign(globalThis, {
        __sent: sent,
        chrome: {
          runtime: {
            getURL: (path: string) => `${location.origin}/__veil/${path}`,
            sendMessage: async (m: { kind: string }) => (
              sent.push(m),
              { ok: true, value: m.kind === 'content.detected' ? { inlineButton: allowed } : { filled: 0 } }
            ),
            onMessage: { addListener() {}, removeListener() {} },
          },
        },
      });
    }, inlineButton);
    await page.evaluate(await builtContentPart('content.js'));
    return { page, sent: () => page.evaluate(() => (globalThis as unknown as { __sent: { kind: string }[] }).__sent) };
  }

  it('the content script shows no button in a frame the background does not allow', async () => {
    const { page, sent } = await withContentScript(false);
    await expect
      .poll(sent)
      .toContainEqual({ kind: 'content.detected', cardFields: 4, addressFields: 1, checkout: true });
    // The answer is handled in the same task as the reply: by this next round trip it has been.
    expect(await page.locator('veil-fill-button').count()).toBe(0);
    await page.close();
  });

  it('the content script shows its button in the card-number field; a real click asks the background to fill', async () => {
    const { page, sent } = await withContentScript(true);
    const host = page.locator('veil-fill-button');
    await host.waitFor({ state: 'attached' });
    expect(await sent()).toContainEqual({ kind: 'content.detected', cardFields: 4, addressFields: 1, checkout: true });
    // The button sits inside the card-number field's box.
    const field = (await page.locator('#number').boundingBox())!;
    const button = (await host.boundingBox())!;
    expect(button.x).toBeGreaterThanOrEqual(field.x);
    expect(button.x + button.width).toBeLessThanOrEqual(field.x + field.width + 1);
    expect(button.y + button.height / 2).toBeGreaterThan(field.y);
    expect(button.y + button.height / 2).toBeLessThan(field.y + field.height);
    // A script's click is not the shopper's; a real click is, once the button has sat still.
    await host.dispatchEvent('click');
    expect((await sent()).filter((m) => m.kind === 'content.fillRequested')).toHaveLength(0);
    await page.waitForTimeout(MIN_STILL_MS + 250);
    await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    expect((await sent()).filter((m) => m.kind === 'content.fillRequested')).toHaveLength(1);
    await page.close();
  });

  it("a payment provider's iframe gets the card only, and only when it is on the card's list; the wrong merchant gets nothing", async () => {
    const page = await open('iframe-checkout.html');
    const psp = page.frames().find((fr) => fr.url().includes('payment-frame'));
    expect(psp).toBeDefined();
    const pspOrigin = new URL(psp!.url()).origin;
    const values = { card: CARD, billing: BILLING };
    expect(await fill(page.mainFrame(), values, 'https://other-shop.example', [pspOrigin])).toEqual({
      error: expect.stringContaining('not filled'),
    });
    expect(await fill(psp!, values, 'https://other-shop.example', [pspOrigin])).toEqual({
      error: expect.stringContaining('not filled'),
    });
    // A cross-origin frame the shop did not declare (an ad showing card fields) refuses by itself too.
    expect(await fill(psp!, values, server.origin, ['https://js.stripe.com'])).toEqual({
      error: `not filled: ${pspOrigin} is not a payment frame of ${server.origin}`,
    });
    expect(await value(psp!, '#number')).toBe('');

    expect(await fill(page.mainFrame(), values)).toEqual({ filled: 4 });
    expect(await fill(psp!, values, server.origin, [pspOrigin])).toEqual({ filled: 3 });
    expect(await Promise.all(['#number', '#exp', '#cvc', '#zip'].map((s) => value(psp!, s)))).toEqual([
      CARD.number,
      '03 / 27',
      '123',
      '',
    ]);
    expect(await value(page.mainFrame(), '#zip')).toBe('12345');
    await page.close();
  });
});
