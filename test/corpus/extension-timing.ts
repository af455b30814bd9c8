/**
 * The corpus timing pass through the extension as it ships: the built extension loaded
 * in Chromium, each saved page opened, and the content script left to do what it does
 * on a shopper's page — the bootstrap sees a form, Chrome streams in the engine module
 * (compiled off the main thread, see vite.config.ts), and the engine detects at idle
 * time. The only difference from dist/chrome is a build flag that has the engine leave
 * its first detection's duration on the root element (engine.ts, `__VEIL_SCAN_TIMING__`).
 *
 * The page's own scripts stay off, as in the runner (a `script-src 'none'` policy:
 * extension content scripts are exempt from a page's CSP, and page scripts of saved
 * snapshots cannot load their remote parts anyway).
 */
import { build } from 'vite';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchWithExtension, type ChromiumExtensionBrowser } from '../e2e/support/browser';
import { launchChromium } from '../e2e/driver/playwright';
import { REPO, listPages, pagesDir, serve } from './runner';

/**
 * `repo`'s dist/chrome with the content script rebuilt with the timing flag, in a temp dir.
 * Another checkout (`repo`) is built with its own vite.config, so two versions can be compared.
 */
export async function timingExtension(repo = REPO): Promise<{ dir: string; remove: () => void }> {
  const shipped = join(repo, 'dist/chrome');
  if (!existsSync(join(shipped, 'manifest.json')))
    await build({ configFile: join(repo, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  const config = (await import(pathToFileURL(join(repo, 'vite.config.ts')).href)) as typeof import('../../vite.config');
  const dir = mkdtempSync(join(tmpdir(), 'veil-timing-ext-'));
  cpSync(shipped, dir, { recursive: true });
  for (const part of config.CONTENT_PARTS)
    await build({ ...config.contentBuild(part, dir, true, { scanTiming: true }), logLevel: 'silent' });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Page scripts off: saved snapshots' scripts cannot load their remote parts anyway, and content scripts are exempt. */
const PAGE_HEADERS = { 'content-security-policy': "script-src 'none'" };

export interface ExtensionTiming {
  /** First detection per page (ms), for every page whose bootstrap loaded the engine. */
  ms: number[];
  /** The same by page file. */
  byPage: Record<string, number>;
  /** Pages whose bootstrap found nothing form-like (never loaded the engine). */
  idle: number;
}

/** The first detection's duration in one freshly opened page, or null when the engine never loaded there. */
async function firstScanMs(browser: ChromiumExtensionBrowser, origin: string, file: string): Promise<number | null> {
  const page = await browser.context.newPage();
  try {
    await page
      .goto(`${origin}/${encodeURIComponent(file)}`, { waitUntil: 'load', timeout: 20_000 })
      .catch(() => undefined);
    // The bootstrap detects at idle time (at most ~1.4 s after load, scheduler.ts), and
    // looks into shadow roots once after load: 5 s covers both on a loaded machine.
    return await page
      .waitForFunction(() => document.documentElement.getAttribute('data-veil-scan-ms'), null, {
        timeout: 5_000,
        polling: 100,
      })
      .then(
        async (h) => Number(await h.jsonValue()),
        () => null,
      );
  } finally {
    await page.close();
  }
}

/** Opens the pages one at a time (a timing pass: two at once on two cores measure each other). */
export async function extensionTimingPass(
  corpus: string,
  opts: { pages?: string[]; log?: (line: string) => void } = {},
): Promise<ExtensionTiming> {
  const files = opts.pages ?? listPages(corpus);
  const ext = await timingExtension();
  const server = await serve(pagesDir(corpus), PAGE_HEADERS);
  const result: ExtensionTiming = { ms: [], byPage: {}, idle: 0 };
  try {
    const browser = await launchWithExtension('chromium', ext.dir);
    try {
      for (const [i, file] of files.entries()) {
        const ms = await firstScanMs(browser, server.origin, file);
        if (ms === null) result.idle++;
        else {
          result.ms.push(ms);
          result.byPage[file] = ms;
        }
        opts.log?.(`${i + 1}/${files.length} ${file}`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
    ext.remove();
  }
  return result;
}

/** One side of a paired comparison: a checkout (its timing build) in a Chromium binary. */
export interface TimingSide {
  repo: string;
  chromium: string;
}

/**
 * The same pages timed in two builds (or two browsers), each page opened in A and in B
 * one right after the other, the order alternating page by page: load on a shared
 * machine then weighs on both alike, and the per-page differences show changes that
 * two separate passes, minutes apart, cannot.
 */
export async function pairedTimingPass(
  corpus: string,
  a: TimingSide,
  b: TimingSide,
  opts: { pages?: string[]; log?: (line: string) => void } = {},
): Promise<{ file: string; a: number; b: number }[]> {
  const files = opts.pages ?? listPages(corpus);
  const [extA, extB] = [await timingExtension(a.repo), await timingExtension(b.repo)];
  const server = await serve(pagesDir(corpus), PAGE_HEADERS);
  const pairs: { file: string; a: number; b: number }[] = [];
  try {
    const browserA = await launchChromium(a.chromium, extA.dir);
    const browserB = await launchChromium(b.chromium, extB.dir).catch(async (err) => {
      await browserA.close();
      throw err;
    });
    try {
      for (const [i, file] of files.entries()) {
        const first = i % 2 === 0 ? 'a' : 'b';
        const one = await firstScanMs(first === 'a' ? browserA : browserB, server.origin, file);
        const other = await firstScanMs(first === 'a' ? browserB : browserA, server.origin, file);
        if (one !== null && other !== null)
          pairs.push(first === 'a' ? { file, a: one, b: other } : { file, a: other, b: one });
        opts.log?.(`${i + 1}/${files.length} ${file}`);
      }
    } finally {
      await Promise.all([browserA.close(), browserB.close()]);
    }
  } finally {
    await server.close();
    extA.remove();
    extB.remove();
  }
  return pairs;
}
