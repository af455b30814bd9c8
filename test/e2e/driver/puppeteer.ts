/**
 * Firefox (Debian's ESR) driven by puppeteer-core over Firefox's built-in WebDriver BiDi
 * server, behind the suite's driver interface (driver.ts). Playwright cannot drive stock
 * Firefox and geckodriver is not available; BiDi needs neither.
 *
 * - The extension is installed as a temporary add-on (BiDi webExtension.install) and
 *   gets the UUID chosen here (pref extensions.webextensions.uuids), so its pages have
 *   a known moz-extension:// address.
 * - `--remote-allow-system-access` lets BiDi open and script moz-extension:// pages.
 *   Those pages send no load event over BiDi and Puppeteer keeps their old URL: a tab's
 *   address is read from `location.href` in the page, and navigation waits on it.
 * - Every non-loopback request goes to a proxy on a closed port (Firefox never proxies
 *   loopback), so nothing leaves the machine, the background's requests included.
 */
import puppeteer, {
  type Browser,
  type ElementHandle,
  type Frame as PpFrame,
  type KeyInput,
  type Page,
} from 'puppeteer-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  callExpression,
  Frame,
  sleep,
  type ExtensionBrowser,
  type FrameDriver,
  type PageFunction,
  type Tab,
} from './driver';
import { TEST_NAMES } from './network';

/** The add-on id in the Firefox manifest (vite.config.ts firefoxManifest). */
export const GECKO_ID = 'veil@veil.example';

/** Nothing listens on the discard port: a proxied request fails at once. */
const NO_PROXY = { host: '127.0.0.1', port: 9 };

/** Loopback and the test names (network.ts) direct; everything else to the dead proxy. */
const HARNESS_PAC = `function FindProxyForURL(url, host) {
  if (host === 'localhost' || /^127\./.test(host) || ${JSON.stringify([...TEST_NAMES])}.indexOf(host) >= 0) return 'DIRECT';
  return 'PROXY ${NO_PROXY.host}:${NO_PROXY.port}';
}`;

class PuppeteerFrame implements FrameDriver {
  constructor(readonly frame: PpFrame) {}
  async url() {
    return this.frame.evaluate(() => location.href).catch(() => this.frame.url());
  }
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
    return this.evaluateExpression(callExpression(fn.toString(), arg));
  }
  evaluateExpression<R>(expression: string): Promise<R> {
    return this.frame.evaluate(expression) as Promise<R>;
  }
  private async element(expression: string): Promise<ElementHandle<Element>> {
    const el = (await this.frame.evaluateHandle(expression)).asElement();
    if (!el) throw new Error('no element');
    return el as ElementHandle<Element>;
  }
  async boundingBox(expression: string) {
    return (await this.element(expression)).boundingBox();
  }
  async click(expression: string) {
    await (await this.element(expression)).click();
  }
  /** As Playwright's fill: empty the field (with the input event a user's delete fires), then type. */
  async type(expression: string, text: string) {
    const el = await this.element(expression);
    await el.evaluate((e) => {
      const input = e as HTMLInputElement;
      input.focus();
      if (input.value !== '') {
        input.value = '';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }
    });
    if (text !== '') await el.type(text);
  }
}

class PuppeteerTab extends Frame implements Tab {
  readonly browser = 'firefox' as const;
  constructor(readonly page: Page) {
    super(new PuppeteerFrame(page.mainFrame()));
  }
  async goto(url: string) {
    if (!url.startsWith('moz-extension://')) {
      await this.page.goto(url, { waitUntil: 'load' });
      return;
    }
    // No load event from extension pages: start the navigation, then watch the document.
    void this.page.goto(url).catch(() => undefined);
    // A page may write its own hash on load (the options page names its landing view): asked
    // without a hash, any hash of that address counts as arrived.
    const at = JSON.stringify(url);
    await this.settled(
      url.includes('#')
        ? `location.href === ${at}`
        : `(location.href === ${at} || location.href.startsWith(${at} + '#'))`,
    );
  }
  async reload() {
    await this.page.evaluate(() => {
      (globalThis as { __veilOld?: boolean }).__veilOld = true;
      setTimeout(() => location.reload(), 0);
    });
    await this.settled('!globalThis.__veilOld');
  }
  /**
   * Polls until the expression `ready` holds in a complete document (evaluation fails
   * while a page is being replaced). An expression, not a function: the page's CSP
   * forbids eval, but what the driver evaluates is not the page's script.
   */
  private async settled(ready: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ok = await this.page.evaluate(`document.readyState === 'complete' && (${ready})`).catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`navigation did not settle within ${timeoutMs} ms`);
      await sleep(100);
    }
  }
  frames() {
    return Promise.resolve(this.page.frames().map((f) => new Frame(new PuppeteerFrame(f))));
  }
  mainFrame() {
    return new Frame(this.driver);
  }
  mouseClick(x: number, y: number) {
    return this.page.mouse.click(x, y);
  }
  async press(key: string) {
    // Puppeteer names one key per call: hold the modifiers of a chord like 'Shift+Tab' around it.
    const keys = key.split('+') as KeyInput[];
    const last = keys.pop()!;
    for (const k of keys) await this.page.keyboard.down(k);
    await this.page.keyboard.press(last);
    for (const k of keys.reverse()) await this.page.keyboard.up(k);
  }
  setViewport(width: number, height: number) {
    return this.page.setViewport({ width, height });
  }
  bringToFront() {
    return this.page.bringToFront();
  }
  async screenshot(path: string, opts: { fullPage?: boolean } = {}) {
    await this.page.screenshot({ path: path as `${string}.png`, fullPage: opts.fullPage ?? false });
  }
  close() {
    return this.page.close();
  }
}

/** What only the Firefox adapter offers: code in the browser's own (chrome) realm, as BiDi allows with system access. */
export interface FirefoxExtensionBrowser extends ExtensionBrowser {
  readonly name: 'firefox';
  /**
   * Evaluates `expression` in the browser window's privileged realm (Cc, Ci and Services
   * are in scope): how tests reach nsIWebAuthnService's virtual authenticators, since
   * WebDriver BiDi has no WebAuthn module.
   */
  inChrome<R>(expression: string): Promise<R>;
}

/** Firefox with the extension built at `dir` installed as a temporary add-on, in a fresh profile. */
export async function launchFirefox(
  executablePath: string,
  dir: string,
  prefs: Record<string, string | number | boolean> = {},
): Promise<FirefoxExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'veil-firefox-'));
  const uuid = randomUUID();
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width: 1100, height: 800 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // Notifications without a desktop notification daemon.
      'alerts.useSystemBackend': false,
      // A PAC script, not manual settings with network.proxy.no_proxies_on: Firefox applies no
      // extension proxy (proxy.onRequest) to hosts on that list, and the private-connection
      // tests need the test names direct by default yet proxied by the extension.
      'network.proxy.type': 2,
      'network.proxy.autoconfig_url': `data:text/javascript,${encodeURIComponent(HARNESS_PAC)}`,
      'network.proxy.share_proxy_settings': true,
      'network.proxy.http': NO_PROXY.host,
      'network.proxy.http_port': NO_PROXY.port,
      'network.proxy.ssl': NO_PROXY.host,
      'network.proxy.ssl_port': NO_PROXY.port,
      'network.proxy.socks': NO_PROXY.host,
      'network.proxy.socks_port': NO_PROXY.port,
      'network.proxy.socks_remote_dns': true,
      'network.proxy.allow_hijacking_localhost': false,
      // WebAuthn goes to virtual authenticators only (test/e2e/support/authenticator.ts adds them), never to a USB key.
      'security.webauth.webauthn_enable_softtoken': true,
      'security.webauth.webauthn_enable_usbtoken': false,
      // The test names are loopback (network.ts): resolved to 127.0.0.1 and, like loopback, not sent to the dead proxy.
      'network.dns.localDomains': TEST_NAMES.join(','),
      ...prefs,
    },
  });
  await browser.installExtension(dir);
  const tabs = new WeakMap<Page, PuppeteerTab>();
  const tabOf = (p: Page) => tabs.get(p) ?? (tabs.set(p, new PuppeteerTab(p)), tabs.get(p)!);
  const url = (path: string) => `moz-extension://${uuid}/${path.replace(/^\//, '')}`;
  let realm: Promise<PuppeteerTab> | undefined;
  const hrefOf = (p: Page) => p.evaluate(() => location.href).catch(() => p.url());
  const bidi = (
    browser as unknown as { connection: { send(method: string, params: object): Promise<{ result: unknown }> } }
  ).connection;
  return {
    name: 'firefox',
    async inChrome<R>(expression: string): Promise<R> {
      const tree = await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const context = (tree.result as { contexts: { context: string }[] }).contexts[0]?.context;
      if (!context) throw new Error('no chrome window to evaluate in');
      const { result } = await bidi.send('script.evaluate', {
        expression,
        target: { context },
        awaitPromise: true,
      });
      const r = result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } };
      if (r.type !== 'success') throw new Error(`chrome evaluation failed: ${r.exceptionDetails?.text ?? 'unknown'}`);
      return r.result?.value as R;
    },
    extensionId: uuid,
    url,
    newTab: async () => tabOf(await browser.newPage()),
    tabs: async () => (await browser.pages()).map(tabOf),
    async waitForTab(part, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const p of await browser.pages())
          if (
            (await hrefOf(p)).includes(part) &&
            (await p.evaluate(() => document.readyState).catch(() => '')) !== 'loading'
          )
            return tabOf(p);
        if (Date.now() > deadline) throw new Error(`no tab at *${part}* within ${timeoutMs} ms`);
        await sleep(100);
      }
    },
    async inExtension<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R> {
      // An extension page of the harness's own (the options page, which changes nothing by being open).
      if (realm && (await realm).page.isClosed()) realm = undefined;
      realm ??= (async () => {
        const tab = tabOf(await browser.newPage());
        await tab.goto(url('options/index.html'));
        return tab;
      })();
      return (await realm).evaluate(fn, arg);
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
