/**
 * Real Chromium (Debian's) with the built extension loaded unpacked, driven by
 * Playwright. Every request that is not loopback or the extension itself is
 * aborted: tests never touch the internet.
 */
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(import.meta.dirname, '../../../dist/chrome');
export const OUTPUT_DIR = resolve(import.meta.dirname, '../../../test-results');

export function browserAvailable(): boolean {
  return existsSync(CHROMIUM) && existsSync(join(EXTENSION_DIR, 'manifest.json'));
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  url(path: string): string;
  close(): Promise<void>;
}

const LOOPBACK = /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//;

/** Chromium with the extension built at `dir` (default: dist/chrome) loaded unpacked, in a fresh profile. */
export async function launchWithExtension(dir = EXTENSION_DIR): Promise<ExtensionBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'veil-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
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
  return {
    context,
    worker,
    extensionId,
    url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The id of the tab showing `urlPrefix`, as the extension sees it. */
export async function tabIdOf(ext: ExtensionBrowser, urlPrefix: string): Promise<number> {
  return ext.worker.evaluate(async (prefix) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url?.startsWith(prefix));
    if (tab?.id === undefined) throw new Error(`no tab at ${prefix}`);
    return tab.id;
  }, urlPrefix);
}
