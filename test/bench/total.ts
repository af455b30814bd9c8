/**
 * `npm run bench -- total [--totals=DIR] [--halves=tune]`: the order-total reader in Chromium on both
 * halves of the totals set (test/corpus/totals: `tune`, which the reader may be tuned
 * on, and `check`, which it is judged on; README there). Figures, each labelled `set`:
 * - total_accuracy: pages read right (exact amount AND currency; null on a page with no
 *   total) / pages, with total_pages_with_total_right the same over pages that show one;
 * - total_false_reports: pages without a total where one was read (must be 0);
 * and over both halves together:
 * - total_read_ms: first reading per page (cold code), p50 (`value`) and p95;
 *   total_reread_ms: a second reading (each re-read after a page change);
 * - total_reader_bytes: the reader as it ships (`content-total.js`, minified), a module of
 *   its own: the bootstrap loads it only in the top frame of a tab where some frame
 *   reported card fields (the background asks). A page without card fields never loads
 *   or runs it; the bootstrap every frame gets grew by the one message handler.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, REPO, builtContentPart, bundle, launch, loopbackContext, serve } from '../corpus/runner';
import type { TotalResult } from '../corpus/total-entry';
import { readTotalLabels, type Expected } from '../corpus/totals-set';
import { option, type Metric } from './metric';

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

interface Reading {
  page: string;
  expected: Expected;
  result: TotalResult;
}

async function readHalf(dir: string, code: string): Promise<Reading[]> {
  const labels = readTotalLabels(dir).pages;
  const server = await serve(join(dir, 'pages'));
  const browser = await launch();
  const out: Reading[] = [];
  try {
    const context = await loopbackContext(browser);
    for (const [path, expected] of Object.entries(labels)) {
      const page = await context.newPage();
      try {
        await page.goto(`${server.origin}/${encodeURIComponent(path.slice('pages/'.length))}`, { waitUntil: 'load' });
        await page.evaluate((c) => (0, eval)(c), code);
        const result = await page.evaluate(() =>
          (globalThis as unknown as { __veilTotal: { run(): TotalResult } }).__veilTotal.run(),
        );
        out.push({ page: path, expected, result });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

const right = (r: Reading) =>
  r.expected === null
    ? r.result.total === null
    : r.result.total?.amount === r.expected.amount && r.result.total.currency === r.expected.currency;

export async function run(args: string[]): Promise<Metric[]> {
  const totals = option(args, 'totals', join(REPO, 'test/corpus/totals'));
  if (!existsSync(CHROMIUM)) throw new Error(`needs Chromium at ${CHROMIUM}`);
  const code = await bundle(join(REPO, 'test/corpus/total-entry.ts'));
  const metrics: Metric[] = [];
  const all: Reading[] = [];
  // `--halves=tune` while tuning: the check half is read once, at the end.
  const halves = option(args, 'halves', 'tune,check').split(',');
  for (const half of (['tune', 'check'] as const).filter((h) => halves.includes(h))) {
    const dir = join(totals, half);
    const readings = await readHalf(dir, code);
    all.push(...readings);
    const wrong = readings.filter((r) => !right(r));
    for (const r of wrong)
      console.error(
        `[bench] total ${half} miss: ${r.page} expected ${JSON.stringify(r.expected)} read ${JSON.stringify(r.result.total)}`,
      );
    const withTotal = readings.filter((r) => r.expected !== null);
    const set = `totals/${half}`;
    metrics.push(
      {
        metric: 'total_accuracy',
        value: round(1 - wrong.length / readings.length),
        set,
        pages: readings.length,
        wrong: wrong.length,
      },
      {
        metric: 'total_pages_with_total_right',
        value: round(withTotal.filter(right).length / withTotal.length),
        set,
        pages: withTotal.length,
      },
      {
        metric: 'total_false_reports',
        value: readings.filter((r) => r.expected === null && r.result.total !== null).length,
        set,
        pages: readings.length - withTotal.length,
      },
    );
  }
  const ms = all.map((r) => r.result.ms);
  const warm = all.map((r) => r.result.warmMs);
  metrics.push(
    {
      metric: 'total_read_ms',
      value: round(percentile(ms, 50)),
      p95: round(percentile(ms, 95)),
      pages: all.length,
      browser: 'chromium',
    },
    {
      metric: 'total_reread_ms',
      value: round(percentile(warm, 50)),
      p95: round(percentile(warm, 95)),
      pages: all.length,
      browser: 'chromium',
    },
  );
  const reader = await builtContentPart('content-total.js');
  metrics.push({
    metric: 'total_reader_bytes',
    value: reader.length,
    gzip: gzipSync(reader).length,
    file: 'content-total.js',
  });
  return metrics;
}
