/**
 * The digital-goods opener measured where the shopper runs it: the built extension in
 * Chromium, its options page, "Save" on a delivered file. The click runs the real path
 * (ui/save-digital-file.ts): the background hands the page the file's address and key,
 * the page's worker fetches the sealed file from the provider, opens it chunk by chunk into
 * a private file, and the page saves that through the downloads API; the time is from the
 * click to the file opened into the private file (the page's User Timing mark: download
 * from the provider, every chunk verified and written), and from the click to the page
 * saying "Saved" (the downloads API has copied it out and reports it complete). Both are
 * taken on the page's clock (click event to the mark, to the notice in the DOM); the
 * driver's view, its round trips included, is reported beside it. Memory is the peak of the
 * extension's renderer process (the page and the service worker live there) above its
 * resident size just before the click, its peak reset then (`/proc/PID/clear_refs`, as for
 * the provider); the browser process, which holds what the page hands to the downloads
 * API, is reported beside it the same way.
 *
 * The purchase is made as the extension makes one: its background issues the card (with a
 * fresh delivery key pair, the private half sealed in its vault); the bench, as the shop,
 * authorizes and captures with the card's details, seals the file to the delivery key the
 * provider returns and uploads it.
 */
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Authorization, CardSecrets } from '../../../src/protocol';
import { launchWithExtension, tabIdOf, type ChromiumExtensionBrowser } from '../../e2e/support/browser';
import { setUpWallet } from '../../e2e/support/wallet';
import { memoryMiB, resetPeak } from './process-memory';
import { OPENED_MARK } from '../../../src/extension/ui/digital-save-marks';

export interface PageOpen {
  /** Click to the file opened into the extension's private file (fetched, verified, written), on the page's clock. */
  openSeconds: number;
  /** Click to "Saved" on the page's clock: the opening, then the downloads API's copy. */
  seconds: number;
  /** The same as the bench's driver saw it, its round trips included. */
  driverSeconds: number;
  rendererAddedMiB: number;
  rendererPeakMiB: number;
  browserAddedMiB: number;
}

/** The shop's side of the purchase: authorize and capture; returns the authorization (with its delivery key). */
export type Checkout = (card: CardSecrets) => Promise<Authorization>;
/** The shop's delivery: seals the file to the purchase's key and uploads it. */
export type Deliver = (auth: Authorization) => Promise<void>;

/**
 * This browser's processes, found in /proc (other sessions may run browsers too): the
 * browser is this process's Chromium child (the provider is a child too), and the extension's renderer
 * is the one below it started with --extension-process.
 */
async function chromiumProcesses(): Promise<{ browser: number; extension: number }> {
  const procs: { pid: number; ppid: number; args: string[] }[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const [stat, cmd] = await Promise.all([
      readFile(`/proc/${name}/stat`, 'utf8').catch(() => ''),
      readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => ''),
    ]);
    // The command name in (…) may hold spaces: the parent pid is the second field after it.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    // Split on spaces too: Chromium's zygote children rewrite their command line as one string.
    procs.push({ pid: Number(name), ppid, args: cmd.split(/[\0 ]/) });
  }
  const browser = procs.find(
    (p) => p.ppid === process.pid && /chrom/.test(p.args[0] ?? '') && !p.args.some((a) => a.startsWith('--type=')),
  );
  if (!browser) throw new Error('could not find the browser process below this one');
  const below = new Set([browser.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (below.has(p.ppid) && !below.has(p.pid)) grew = below.add(p.pid).size > 0;
  }
  const extension = procs.filter(
    (p) => below.has(p.pid) && p.args.includes('--type=renderer') && p.args.includes('--extension-process'),
  );
  if (extension.length !== 1) throw new Error(`expected one extension renderer, found ${extension.length}`);
  return { browser: browser.pid, extension: extension[0]!.pid };
}

export async function measurePageOpen(
  providerUrl: string,
  shopOrigin: string,
  checkout: Checkout,
  deliver: Deliver,
  log: (s: string) => void,
): Promise<PageOpen> {
  const ext = (await launchWithExtension('chromium')) as ChromiumExtensionBrowser;
  try {
    log('page: setting up the wallet in the extension');
    const options = await setUpWallet(ext, providerUrl, { email: `page${Date.now()}@example.com`, topUp: '100' });
    const shopTab = await ext.newTab();
    await shopTab.goto(shopOrigin);
    const tabId = await tabIdOf(ext, shopOrigin);
    // As the popup does on "Use a Veil card here", then the details a shop's form would receive.
    // (No named functions inside: the page function is sent as source, without tsx's helpers.)
    const secrets = await ext.pageOf(options.page).evaluate(async (tabId) => {
      type Result = { ok: true; value: unknown } | { ok: false; error: string };
      const issued = (await chrome.runtime.sendMessage({ kind: 'cards.issueForTab', tabId, cart: null })) as Result;
      if (!issued.ok) throw new Error(issued.error);
      const { card } = issued.value as { card: { id: string } };
      const revealed = (await chrome.runtime.sendMessage({ kind: 'cards.reveal', id: card.id })) as Result;
      if (!revealed.ok) throw new Error(revealed.error);
      return revealed.value;
    }, tabId);
    const auth = await checkout(secrets as CardSecrets);
    if (!auth.delivery) throw new Error('the extension issued a card without digital delivery');
    await deliver(auth);

    await options.page.reload();
    await options.show('Delivery');
    const section = options.downloads();
    await section.files().first().waitFor();
    const name = (await section.files().first().textContent()) ?? '';
    const fileName = /bench-page\.bin/.exec(name)?.[0];
    if (!fileName) throw new Error(`the options page lists ${name}, not the bench's file`);

    // Timed on the page's own clock, from the click event to the "Saved" notice entering the DOM:
    // what the shopper waits for, without the driver's round trips (the click's dispatch and the
    // polling for the notice), which took ~1.9 s of a 3.9 s save of 64 MiB at load ~8.7.
    // (No named functions inside: the page function is sent as source.)
    await options.page.evaluate(() => {
      const mark: { clicked?: number; saved?: number } = {};
      (window as unknown as { veilBench: typeof mark }).veilBench = mark;
      document.addEventListener('click', () => (mark.clicked ??= performance.now()), { capture: true });
      const observer = new MutationObserver(() => {
        const notices = [...document.querySelectorAll('[role=status]')];
        if (mark.saved === undefined && notices.some((e) => e.textContent?.startsWith('Saved'))) {
          mark.saved = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    }, undefined);
    const pids = await chromiumProcesses();
    const rendererBefore = await resetPeak(pids.extension);
    const browserBefore = await resetPeak(pids.browser);
    log('page: saving from the options page');
    const t = performance.now();
    await section.save(fileName);
    await section
      .notice()
      .filter({ hasText: `Saved “${fileName}”` })
      .waitFor({ timeout: 10 * 60_000 });
    const driverSeconds = (performance.now() - t) / 1000;
    const mark = await options.page.evaluate(
      (opened) => ({
        ...(window as unknown as { veilBench: { clicked?: number; saved?: number } }).veilBench,
        opened: performance.getEntriesByName(opened, 'mark').at(-1)?.startTime,
      }),
      OPENED_MARK,
    );
    if (mark.clicked === undefined || mark.saved === undefined || mark.opened === undefined)
      throw new Error('the page did not record the save');
    const seconds = (mark.saved - mark.clicked) / 1000;
    const openSeconds = (mark.opened - mark.clicked) / 1000;
    const rendererPeakMiB = await memoryMiB(pids.extension, 'VmHWM');
    const browserPeak = await memoryMiB(pids.browser, 'VmHWM');
    return {
      openSeconds,
      seconds,
      driverSeconds,
      rendererAddedMiB: rendererPeakMiB - rendererBefore,
      rendererPeakMiB,
      browserAddedMiB: browserPeak - browserBefore,
    };
  } finally {
    await ext.close();
  }
}

/** A page at its own origin for the extension to issue the card for (the shop's origin; nothing else is served). */
export async function startShopPage(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>Bench shop</title><p>Bench shop</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
