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
import { CONTENT_PARTS, contentBuild } from '../../vite.config';
import { launchWithExtension } from '../e2e/support/browser';
import { REPO, listPages, pagesDir, serve } from './runner';

const SHIPPED = join(REPO, 'dist/chrome');

/** dist/chrome with the content script rebuilt with the timing flag, in a temp dir. */
async function timingExtension(): Promise<{ dir: string; remove: () => void }> {
  if (!existsSync(join(SHIPPED, 'manifest.json')))
    await build({ configFile: join(REPO, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  const dir = mkdtempSync(join(tmpdir(), 'veil-timing-ext-'));
  cpSync(SHIPPED, dir, { recursive: true });
  for (const part of CONTENT_PARTS)
    await build({ ...contentBuild(part, dir, true, { scanTiming: true }), logLevel: 'silent' });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ExtensionTiming {
  /** First detection per page (ms), for every page whose bootstrap loaded the engine. */
  ms: number[];
  /** The same by page file. */
  byPage: Record<string, number>;
  /** Pages whose bootstrap found nothing form-like (never loaded the engine). */
  idle: number;
}

/** Opens the pages one at a time (a timing pass: two at once on two cores measure each other). */
export async function extensionTimingPass(
  corpus: string,
  opts: { pages?: string[]; log?: (line: string) => void } = {},
): Promise<ExtensionTiming> {
  const files = opts.pages ?? listPages(corpus);
  const ext = await timingExtension();
  const server = await serve(pagesDir(corpus), { 'content-security-policy': "script-src 'none'" });
  const result: ExtensionTiming = { ms: [], byPage: {}, idle: 0 };
  try {
    const browser = await launchWithExtension('chromium', ext.dir);
    try {
      for (const [i, file] of files.entries()) {
        const page = await browser.context.newPage();
        try {
          await page
            .goto(`${server.origin}/${encodeURIComponent(file)}`, { waitUntil: 'load', timeout: 20_000 })
            .catch(() => undefined);
          // The bootstrap detects at idle time (at most ~1.4 s after load, scheduler.ts), and
          // looks into shadow roots once after load: 5 s covers both on a loaded machine.
          const ms = await page
            .waitForFunction(() => document.documentElement.getAttribute('data-veil-scan-ms'), null, {
              timeout: 5_000,
              polling: 100,
            })
            .then(
              async (h) => Number(await h.jsonValue()),
              () => null,
            );
          if (ms === null) result.idle++;
          else {
            result.ms.push(ms);
            result.byPage[file] = ms;
          }
        } finally {
          await page.close();
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
