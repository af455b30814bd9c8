/**
 * The browsers the e2e suite runs in, each with the built extension in a fresh profile
 * and no network beyond loopback: Chromium (Debian's) through Playwright, Firefox ESR
 * through puppeteer-core over WebDriver BiDi. Specs and page objects see only the
 * driver interface (test/e2e/driver/driver.ts).
 */
import { existsSync } from 'node:fs';
import { describe } from 'vitest';
import { join, resolve } from 'node:path';
import type { BrowserName, ExtensionBrowser } from '../driver/driver';
import { launchChromium, type ChromiumExtensionBrowser } from '../driver/playwright';
import { launchFirefox } from '../driver/puppeteer';

export { tabIdOf, type BrowserName, type ExtensionBrowser, type Tab, type Frame, type Locator } from '../driver/driver';
export type { ChromiumExtensionBrowser };

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const EXTENSION_DIRS: Record<BrowserName, string> = {
  chromium: resolve(import.meta.dirname, '../../../dist/chrome'),
  firefox: resolve(import.meta.dirname, '../../../dist/firefox'),
};
export const OUTPUT_DIR = resolve(import.meta.dirname, '../../../test-results');

const EXECUTABLES: Record<BrowserName, string> = { chromium: CHROMIUM, firefox: FIREFOX };

export function browserAvailable(name: BrowserName = 'chromium'): boolean {
  return existsSync(EXECUTABLES[name]) && existsSync(join(EXTENSION_DIRS[name], 'manifest.json'));
}

/**
 * The browsers every spec runs in (`describe.each(BROWSERS)`). VEIL_E2E_BROWSERS=chromium
 * (or firefox) narrows a local run to one.
 */
export const BROWSERS: BrowserName[] = (process.env.VEIL_E2E_BROWSERS?.split(',') ?? ['chromium', 'firefox']).filter(
  (b): b is BrowserName => b === 'chromium' || b === 'firefox',
);

/**
 * A describe block once per browser, titled "<browser>: <title>"; skipped (not failed)
 * where the browser or the build is missing.
 */
export function eachBrowser(title: string, body: (browser: BrowserName) => void): void {
  for (const browser of BROWSERS)
    describe.skipIf(!browserAvailable(browser))(`${browser}: ${title}`, () => body(browser));
}

export interface LaunchOptions {
  /** Extra Firefox preferences for this profile (ignored by Chromium). */
  firefoxPrefs?: Record<string, string | number | boolean>;
}

export function launchWithExtension(name: 'chromium', dir?: string): Promise<ChromiumExtensionBrowser>;
export function launchWithExtension(name?: BrowserName, dir?: string, opts?: LaunchOptions): Promise<ExtensionBrowser>;
export function launchWithExtension(
  name: BrowserName = 'chromium',
  dir = EXTENSION_DIRS[name],
  opts: LaunchOptions = {},
) {
  return name === 'chromium' ? launchChromium(CHROMIUM, dir) : launchFirefox(FIREFOX, dir, opts.firefoxPrefs);
}

/** Chromium-only capabilities (the DevTools protocol): the Chromium browser, or a clear failure. */
export function asChromium(ext: ExtensionBrowser): ChromiumExtensionBrowser {
  if (ext.name !== 'chromium') throw new Error(`${ext.name} has no DevTools protocol: this step is Chromium-only`);
  return ext as ChromiumExtensionBrowser;
}
