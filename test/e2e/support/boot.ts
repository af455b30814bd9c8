/**
 * One boot for every end-to-end suite: an embedded database, a real provider over
 * HTTP, the built extension in Chromium or Firefox and, when asked, a shopper's wallet
 * set up through the options page; shops and static pages are added on demand and
 * closed with the rest. This is the only e2e file that reaches into the provider's
 * modules, so a move there is one import to change here.
 *
 * Usage (every spec runs once per browser):
 *
 *   eachBrowser('the thing', (browser) => {
 *     let e2e: E2e;
 *     beforeAll(async () => (e2e = await bootE2e({ browser, wallet: { email: 'a@b.example', topUp: '100' } })));
 *     afterAll(() => e2e?.close());
 *     it('…', async () => {
 *       const tab = await e2e.ext.newTab();            // a Tab (test/e2e/driver/driver.ts)
 *       await tab.goto(`${shop.origin}/checkout`);
 *       await tab.getByRole('button', { name: 'Pay' }).click();
 *       const confirm = await ConfirmWindow.waitFor(e2e.ext);
 *     });
 *   });
 *
 * Page objects take a Tab and use only its Locator (Playwright-shaped: getByRole,
 * getByLabel, getByText, locator(css), click, fill, textContent…). Elements are found by
 * one query of ours run in the page (test/e2e/driver/query.ts), so both browsers find
 * the same ones. `ext.inExtension(fn, arg)` runs with the extension's APIs. What only
 * Chromium has (the DevTools virtual authenticator, CDP): `asChromium(e2e.ext)`, and
 * skip in Firefox with `it.skipIf(browser === 'firefox')` and a reason in the title.
 * VEIL_E2E_BROWSERS=firefox narrows a run to one browser.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../src/provider/db/db';
import { openFreshPglite } from '../../support/pglite-template';
import { startProvider, type ProviderOptions, type RunningProvider } from '../../../src/provider/start';
import { createVendor } from '../../../src/provider/vendors/vendors';
import { createCourier } from '../../../src/provider/delivery/couriers';
import { freePort } from '../../support/ports';
import { startDemoShop, type DemoShop, type DemoShopOptions } from '../../fixtures/demo-shop/server';
import { serveFixtures, type StaticServer } from '../../fixtures/shop-server';
import {
  EXTENSION_DIRS,
  launchWithExtension,
  OUTPUT_DIR,
  type BrowserName,
  type ExtensionBrowser,
  type LaunchOptions,
} from './browser';
import { setUpWallet } from './wallet';
import type { OptionsPage } from '../pages/options-page';

export interface BootOptions {
  /** The browser to drive (default Chromium). */
  browser?: BrowserName;
  /** Extra Firefox preferences (e.g. a shorter background idle timeout). */
  firefoxPrefs?: LaunchOptions['firefoxPrefs'];
  /** Provider settings beyond the database and key (clock, sweep, policy). The sweep is off unless set. */
  provider?: Omit<Partial<ProviderOptions>, 'db' | 'masterKey'>;
  /** Set up a shopper's vault, account and funding source (and top up) through the options page. */
  wallet?: { email: string; topUp?: string };
  /**
   * Host permissions the shopper granted beyond the manifest's (the optional ones a real
   * shopper grants when asked, e.g. http://shop.test/*): the built extension is copied
   * with them added, since a test cannot answer the browser's permission prompt.
   */
  grantHosts?: string[];
}

/** A copy of the built extension whose manifest also holds `hosts` as host permissions. */
function withHosts(browser: BrowserName, hosts: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'veil-ext-'));
  cpSync(EXTENSION_DIRS[browser], dir, { recursive: true });
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...hosts];
  writeFileSync(file, JSON.stringify(manifest, null, 2));
  return dir;
}

/** A demo shop registered with the provider as a vendor. */
export interface ShopOptions extends Omit<DemoShopOptions, 'providerUrl' | 'vendorKey' | 'port' | 'payPort'> {
  /** The vendor's registered name (what the confirmation window heads with). */
  name: string;
  /** Serve hosted payment fields from a second origin, declared by the vendor (Veil fills only declared frames). */
  paymentFrame?: boolean;
}

export interface E2e {
  db: Db;
  provider: RunningProvider;
  ext: ExtensionBrowser;
  /** The options page the wallet was set up on (only with `wallet`). */
  options: OptionsPage | undefined;
  /** Starts a demo shop registered as a vendor (with its vendor key, for tests that call the vendor API as the shop); closed with the rest. */
  shop(opts: ShopOptions): Promise<DemoShop & { vendorKey: string }>;
  /** Serves test/fixtures/pages (or `root`) on loopback; closed with the rest. */
  pages(root?: string): Promise<StaticServer>;
  /** Registers a vendor at `origin` (with declared payment-frame origins) without starting a shop. */
  registerVendor(name: string, origin: string, paymentFrames?: string[]): Promise<{ key: string }>;
  /** Registers a courier; its key resolves delivery references. */
  registerCourier(name: string): Promise<{ key: string }>;
  close(): Promise<void>;
}

export async function bootE2e(opts: BootOptions = {}): Promise<E2e> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const db = await openFreshPglite();
  closers.push(() => db.close());
  const provider = await startProvider({ sweepMs: 0, ...opts.provider, db, masterKey: randomBytes(32) });
  closers.push(() => provider.close());
  const browser = opts.browser ?? 'chromium';
  const dir = opts.grantHosts ? withHosts(browser, opts.grantHosts) : undefined;
  if (dir) closers.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  const ext = await launchWithExtension(browser, dir, { firefoxPrefs: opts.firefoxPrefs });
  // Not in `closers`: the browser closes first (close() below), before the shops and pages
  // added after it, so no tab holds a connection open to a server that is closing.
  const options = opts.wallet ? await setUpWallet(ext, provider.url, opts.wallet) : undefined;

  const registerVendor = (name: string, origin: string, paymentFrames: string[] = []) =>
    db.tx((sql) => createVendor(sql, name, origin, new Date(), paymentFrames));
  return {
    db,
    provider,
    ext,
    options,
    registerVendor,
    registerCourier: (name) => db.tx((sql) => createCourier(sql, name, new Date())),
    async shop({ name, paymentFrame, ...rest }) {
      const [port, payPort] = [await freePort(), await freePort()];
      const host = rest.publicHost ?? '127.0.0.1';
      const { key } = await registerVendor(
        name,
        `http://${host}:${port}`,
        paymentFrame ? [`http://${host}:${payPort}`] : [],
      );
      const shop = await startDemoShop({ ...rest, providerUrl: provider.url, vendorKey: key, port, payPort });
      closers.push(() => shop.close());
      return Object.assign(shop, { vendorKey: key });
    },
    async pages(root) {
      const server = await serveFixtures(root);
      closers.push(() => server.close());
      return server;
    },
    async close() {
      // The browser before the servers it talks to; then last started, first closed: the database last.
      const rest = closers.splice(0).reverse();
      try {
        if (rest.length > 0) await ext.close();
      } finally {
        for (const close of rest) await close();
      }
    },
  };
}
