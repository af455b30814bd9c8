/**
 * The content script's two halves in real Chromium with the built extension: the
 * bootstrap in every frame, the engine (detector + filler) imported only where there is
 * something to fill, into the content script's isolated world (the page never sees it),
 * and through a dynamic URL (use_dynamic_url) so a page cannot probe for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserAvailable, launchWithExtension, type ChromiumExtensionBrowser } from '../e2e/support/browser';
import { REPO, serve } from './runner';

// Chromium only: it watches the extension's own requests and Chrome's use_dynamic_url, which Firefox does not have.
describe.skipIf(!browserAvailable('chromium'))('lazy engine (built extension in Chromium)', () => {
  let ext: ChromiumExtensionBrowser;
  let server: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    server = await serve(join(REPO, 'test/fixtures/pages'));
    ext = await launchWithExtension('chromium');
  });
  afterAll(async () => {
    await ext?.close();
    await server?.close();
  });

  /** Opens a page and records every request for the extension's own files. */
  async function open(file: string): Promise<{ page: Page; engineLoads: () => number }> {
    const page = await ext.context.newPage();
    const urls: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith('chrome-extension://')) urls.push(r.url());
    });
    await page.goto(`${server.origin}/${file}`, { waitUntil: 'load' });
    return { page, engineLoads: () => urls.filter((u) => u.endsWith('/content-main.js')).length };
  }

  it('a page without a form never loads the engine', async () => {
    const { page, engineLoads } = await open('no-form.html');
    // Past the bootstrap's idle-time look into shadow roots after load.
    await page.waitForTimeout(2500);
    expect(engineLoads()).toBe(0);
    await page.close();
  });

  it('a form that appears later loads it, in the isolated world, from the dynamic URL', async () => {
    const { page, engineLoads } = await open('late-form.html');
    await expect.poll(engineLoads, { timeout: 10_000 }).toBeGreaterThan(0);
    // The engine ran: the inline button sits in the card-number field.
    await expect.poll(() => page.locator('veil-fill-button').count(), { timeout: 10_000 }).toBe(1);
    // Nothing of it is visible to the page's own scripts.
    expect(await page.evaluate(() => Object.keys(globalThis).filter((k) => /veil/i.test(k)))).toEqual([]);
    // The static URL (extension id) does not serve the file to the page; only the per-session one would.
    const status = await page.evaluate(
      (id) =>
        fetch(`chrome-extension://${id}/content-main.js`).then(
          (r) => r.status,
          () => 'blocked',
        ),
      ext.extensionId,
    );
    expect(status).toBe('blocked');
    await page.close();
  });
});
