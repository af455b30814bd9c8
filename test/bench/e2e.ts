/**
 * `npm run bench -- e2e`: the shopper's waits, measured in real Chromium and Firefox
 * (`--browsers=chromium,firefox`, the default) with the built extension, the provider
 * on loopback and the demo shop (run `npm run build` first). Per browser, over
 * `--runs=N` (default 20) each:
 * - click_to_filled_ms: "Use a Veil card here" clicked → every card field filled
 *   (includes issuing the card at the provider);
 * - confirm_popup_ms: the vendor's validation request sent → the charge visible in
 *   the confirmation window;
 * - approve_to_vendor_ms: Approve clicked → the vendor's long-poll has its answer.
 */
import { randomBytes } from 'node:crypto';
import type { Authorization, IssuedCard } from '../../src/protocol';
import { openPglite } from '../../src/provider/db/db';
import { startProvider } from '../../src/provider/start';
import { createVendor } from '../../src/provider/vendors/vendors';
import { freePort } from '../support/ports';
import { startDemoShop } from '../fixtures/demo-shop/server';
import { launchWithExtension, tabIdOf, browserAvailable, type BrowserName } from '../e2e/support/browser';
import { sleep } from '../e2e/driver/driver';
import { setUpWallet, PASSWORD } from '../e2e/support/wallet';
import { PopupPage } from '../e2e/pages/popup-page';
import { CheckoutPage } from '../e2e/pages/checkout-page';
import { ConfirmWindow } from '../e2e/pages/confirm-window';
import { option, type BenchPart, type Metric } from './metric';

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i]! * 10) / 10;
}

function summary(metric: string, samples: number[]): Metric {
  const s = [...samples].sort((a, b) => a - b);
  return {
    metric,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    value: percentile(s, 50),
    runs: s.length,
    unit: 'ms',
  };
}

export async function run(args: string[]): Promise<Metric[]> {
  const runs = Number(option(args, 'runs', '20'));
  const browsers = option(args, 'browsers', 'chromium,firefox').split(',') as BrowserName[];
  const figures: Metric[] = [];
  for (const browser of browsers) {
    if (!browserAvailable(browser)) throw new Error(`needs ${browser} and a built extension (npm run build)`);
    for (const m of await measure(browser, runs)) figures.push({ ...m, browser });
  }
  return figures;
}

async function measure(browser: BrowserName, runs: number): Promise<Metric[]> {
  const db = await openPglite();
  // One 100,000.00 top-up funds every run: far above the sandbox's default limits, which this bench does not measure.
  const roomy = { perTopUp: 100_000_00, perDay: 100_000_00, perAccount30Days: 100_000_00 };
  const provider = await startProvider({
    db,
    masterKey: randomBytes(32),
    sweepMs: 1000,
    policy: { topUpLimits: { sandbox: roomy } },
  });
  const port = await freePort();
  const shopOrigin = `http://127.0.0.1:${port}`;
  const { key: vendorKey } = await db.tx((sql) => createVendor(sql, 'Lumen & Co.', shopOrigin, new Date()));
  const shop = await startDemoShop({ providerUrl: provider.url, vendorKey, port });
  const ext = await launchWithExtension(browser);
  try {
    const email = `bench-${randomBytes(3).toString('hex')}@example.com`;
    await setUpWallet(ext, provider.url, { email, topUp: '100000' });

    // 1. Toolbar click → card fields filled.
    const clickToFilled: number[] = [];
    const shopPage = await ext.newTab();
    for (let i = 0; i < runs; i++) {
      const checkout = await CheckoutPage.open(shopPage, shop.origin);
      const popup = await PopupPage.open(ext, await tabIdOf(ext, shop.origin));
      await popup.untilCheckoutDetected();
      const button = popup.page.getByRole('button', { name: 'Use a Veil card here' });
      await button.waitFor();
      // Watched in the page (every frame paint), so the figure does not include the driver's polling.
      await checkout.page.evaluate(() => {
        const g = globalThis as { __veilFilledAt?: Promise<number> };
        g.__veilFilledAt = new Promise((resolve) => {
          const check = () =>
            ['#cc-number', '#cc-exp', '#cc-csc'].every(
              (s) => (document.querySelector(s) as HTMLInputElement | null)?.value,
            )
              ? resolve(performance.timeOrigin + performance.now())
              : requestAnimationFrame(check);
          check();
        });
      });
      const t0 = Date.now();
      await button.click();
      const filledAt = await checkout.page.evaluate(
        () => (globalThis as { __veilFilledAt?: Promise<number> }).__veilFilledAt!,
      );
      clickToFilled.push(filledAt - t0);
      await popup.page.close();
      process.stderr.write('.');
    }

    // 2 and 3. Confirmation: vendor request → window shows it; Approve → vendor answered.
    const signin = await fetch(`${provider.url}/v1/shopper/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD, device_name: 'bench' }),
    });
    const token = ((await signin.json()) as { device_token: string }).device_token;
    const vendor = (method: string, path: string, body?: unknown) =>
      fetch(provider.url + path, {
        method,
        headers: { authorization: `Bearer ${vendorKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }).then((r) => r.json() as Promise<Authorization>);
    const confirmPopup: number[] = [];
    const approveToVendor: number[] = [];
    let window: ConfirmWindow | undefined;
    for (let i = 0; i < runs; i++) {
      const card = (await (
        await fetch(`${provider.url}/v1/shopper/cards`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ merchant: { origin: shop.origin }, mode: 'confirmation' }),
        })
      ).json()) as IssuedCard;
      const amount = 10_00 + i;
      const label = `$${(amount / 100).toFixed(2)}`;
      const t0 = performance.now();
      const pending = await vendor('POST', '/v1/authorizations', {
        card: {
          number: card.secrets.number,
          exp_month: card.secrets.exp_month,
          exp_year: card.secrets.exp_year,
          cvc: card.secrets.cvc,
        },
        amount,
        currency: 'USD',
        merchant: { name: 'Lumen & Co.', origin: shop.origin },
      });
      window ??= await ConfirmWindow.waitFor(ext);
      const charge = window.charge(label);
      await charge.waitFor({ timeout: 20_000 });
      confirmPopup.push(performance.now() - t0);

      const answered = vendor('GET', `/v1/authorizations/${pending.id}?wait=25`);
      await sleep(50); // the long-poll is parked before the click
      const t1 = performance.now();
      await charge.getByRole('button', { name: 'Approve' }).click();
      const final = await answered;
      approveToVendor.push(performance.now() - t1);
      if (final.status !== 'approved') throw new Error(`expected approval, got ${final.status} ${final.reason}`);
      process.stderr.write('+');
    }
    process.stderr.write('\n');
    return [
      summary('click_to_filled_ms', clickToFilled),
      summary('confirm_popup_ms', confirmPopup),
      summary('approve_to_vendor_ms', approveToVendor),
    ];
  } finally {
    await ext.close();
    await shop.close();
    await provider.close();
    await db.close();
  }
}

const part: BenchPart = { run };
export default part;
