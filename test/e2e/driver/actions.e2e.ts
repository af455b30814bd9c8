/**
 * The driver's actions wait for a control a person could use: in both browsers, a click
 * or typing aimed at a disabled control waits until it is enabled, instead of sending
 * input the browser drops without a word (a trusted click on a disabled button does
 * nothing). Which look enables the control is decided by the test, not by a clock: the
 * frame driver below enables it on its second look, and records what each action met.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveFixtures, type StaticServer } from '../../fixtures/shop-server';
import { eachBrowser, launchWithExtension, type ExtensionBrowser, type Tab } from '../support/browser';
import { Locator, type FrameDriver } from './driver';

const PAGE = `<!doctype html><meta charset="utf-8"><title>Late controls</title>
<button id="go" disabled onclick="window.clicks = (window.clicks || 0) + 1">Go</button>
<label>Name <input id="name" disabled></label>`;

/** The tab's own driver, except that the control is enabled just before the driver's second look at the page. */
function enablingOnSecondLook(inner: FrameDriver, css: string) {
  let looks = 0;
  const disabledAtAction: boolean[] = [];
  const disabled = () => inner.evaluateExpression<boolean>(`document.querySelector(${JSON.stringify(css)}).disabled`);
  const driver: FrameDriver = {
    url: () => inner.url(),
    evaluate: (fn, arg) => inner.evaluate(fn, arg),
    async evaluateExpression<R>(expression: string): Promise<R> {
      if (++looks === 2)
        await inner.evaluateExpression(`document.querySelector(${JSON.stringify(css)}).disabled = false`);
      return inner.evaluateExpression<R>(expression);
    },
    async click(expression) {
      disabledAtAction.push(await disabled());
      return inner.click(expression);
    },
    async type(expression, text) {
      disabledAtAction.push(await disabled());
      return inner.type(expression, text);
    },
    boundingBox: (expression) => inner.boundingBox(expression),
  };
  return { driver, disabledAtAction };
}

eachBrowser('the e2e driver', (browser) => {
  let dir: string;
  let server: StaticServer;
  let ext: ExtensionBrowser;
  let tab: Tab;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veil-driver-'));
    writeFileSync(join(dir, 'late.html'), PAGE);
    server = await serveFixtures(dir);
    ext = await launchWithExtension(browser);
    tab = await ext.newTab();
  });

  afterAll(async () => {
    await ext?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a click waits until its button is enabled, and lands', async () => {
    await tab.goto(`${server.origin}/late.html`);
    const { driver, disabledAtAction } = enablingOnSecondLook(tab.driver, '#go');
    await new Locator(driver, []).getByRole('button', { name: 'Go' }).click();
    expect(disabledAtAction).toEqual([false]);
    await expect.poll(() => tab.evaluate(() => (globalThis as { clicks?: number }).clicks ?? 0)).toBe(1);
  });

  it('typing waits until its field is enabled, and every character arrives', async () => {
    await tab.goto(`${server.origin}/late.html`);
    const { driver, disabledAtAction } = enablingOnSecondLook(tab.driver, '#name');
    const field = new Locator(driver, []).getByLabel('Name');
    await field.fill('Sam Shopper');
    expect(disabledAtAction).toEqual([false]);
    expect(await field.inputValue()).toBe('Sam Shopper');
  });

  it('a control that stays disabled is reported, not clicked', async () => {
    await tab.goto(`${server.origin}/late.html`);
    const go = tab.getByRole('button', { name: 'Go' });
    await expect(go.waitFor({ state: 'enabled', timeout: 300 })).rejects.toThrow(/to be enabled/);
    await go.waitFor({ state: 'visible' });
  });
});
