/**
 * Chromium (Debian's) driven by Playwright over the DevTools protocol, behind the suite's
 * driver interface (driver.ts). The extension loads unpacked; its service worker is the
 * privileged realm; every request that is not loopback, the extension or data: is aborted.
 */
import { chromium, type BrowserContext, type ElementHandle, type Frame as PwFrame, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACTION_TIMEOUT_MS,
  callExpression,
  Frame,
  sleep,
  type ExtensionBrowser,
  type FrameDriver,
  type PageFunction,
  type Tab,
} from './driver';
import { LOOPBACK, TEST_NAMES } from './network';

class PlaywrightFrame implements FrameDriver {
  constructor(readonly frame: PwFrame) {}
  url() {
    return Promise.resolve(this.frame.url());
  }
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
    return this.evaluateExpression(callExpression(fn.toString(), arg));
  }
  evaluateExpression<R>(expression: string): Promise<R> {
    return this.frame.evaluate(expression) as Promise<R>;
  }
  private async element(expression: string): Promise<ElementHandle> {
    const el = (await this.frame.evaluateHandle(expression)).asElement();
    if (!el) throw new Error('no element');
    return el as ElementHandle;
  }
  async boundingBox(expression: string) {
    return (await this.element(expression)).boundingBox();
  }
  async click(expression: string) {
    await (await this.element(expression)).click({ noWaitAfter: true, timeout: ACTION_TIMEOUT_MS });
  }
  async type(expression: string, text: string) {
    await (await this.element(expression)).fill(text, { timeout: ACTION_TIMEOUT_MS });
  }
}

class PlaywrightTab extends Frame implements Tab {
  readonly browser = 'chromium' as const;
  constructor(readonly page: Page) {
    super(new PlaywrightFrame(page.mainFrame()));
  }
  async goto(url: string) {
    await this.page.goto(url, { waitUntil: 'load' });
  }
  async reload() {
    await this.page.reload();
  }
  frames() {
    return Promise.resolve(this.page.frames().map((f) => new Frame(new PlaywrightFrame(f))));
  }
  mainFrame() {
    return new Frame(this.driver);
  }
  mouseClick(x: number, y: number) {
    return this.page.mouse.click(x, y);
  }
  press(key: string) {
    return this.page.keyboard.press(key);
  }
  setViewport(width: number, height: number) {
    return this.page.setViewportSize({ width, height });
  }
  bringToFront() {
    return this.page.bringToFront();
  }
  async screenshot(path: string, opts: { fullPage?: boolean } = {}) {
    await this.page.screenshot({ path, fullPage: opts.fullPage ?? false });
  }
  close() {
    return this.page.close();
  }
}

export interface ChromiumExtensionBrowser extends ExtensionBrowser {
  /** Playwright's context, for what only Chromium has (the DevTools virtual authenticator, CDP sessions). */
  readonly context: BrowserContext;
  /** The Playwright page under a tab of this browser. */
  pageOf(tab: Tab): Page;
  /** The Playwright frame under a frame of this browser. */
  frameOf(frame: Frame): PwFrame;
}

/** Chromium with the extension built at `dir` loaded unpacked, in a fresh profile. */
export async function launchChromium(executablePath: string, dir: string): Promise<ChromiumExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'veil-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-sync',
      '--no-sandbox',
      `--host-resolver-rules=${TEST_NAMES.map((n) => `MAP ${n} 127.0.0.1`).join(', ')}`,
    ],
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    return LOOPBACK.test(url) || url.startsWith('chrome-extension://') || url.startsWith('data:')
      ? route.continue()
      : route.abort('blockedbyclient');
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  const tabs = new WeakMap<Page, PlaywrightTab>();
  const tabOf = (p: Page) => tabs.get(p) ?? (tabs.set(p, new PlaywrightTab(p)), tabs.get(p)!);
  return {
    name: 'chromium',
    context,
    extensionId,
    pageOf: (tab) => (tab as PlaywrightTab).page,
    frameOf: (frame) => (frame.driver as PlaywrightFrame).frame,
    url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    newTab: async () => tabOf(await context.newPage()),
    tabs: () => Promise.resolve(context.pages().map(tabOf)),
    async waitForTab(part, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const page = context.pages().find((p) => p.url().includes(part));
        if (page) {
          await page.waitForLoadState('domcontentloaded');
          return tabOf(page);
        }
        if (Date.now() > deadline) throw new Error(`no tab at *${part}* within ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    async inExtension<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
      // The worker may have been stopped and restarted since launch: ask for the live one.
      const live = context.serviceWorkers().find((w) => w.url().includes(extensionId)) ?? worker;
      return live.evaluate(callExpression(fn.toString(), arg)) as Promise<R>;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
