/**
 * `npm run bench -- detect [--corpus=DIR] [--concurrency=N]`: checkout detection on the
 * real-world corpus (default: the development half, ../shared/corpus/checkout-dev), in
 * Chromium, through the same runner as `npm run detect:corpus`:
 * - detect_card_f1 / _precision / _recall, detect_address_f1 / …: micro-averaged over
 *   card and over address tokens, against the hand labels;
 * - detect_unknown_filled: predictions on controls labelled "must not be filled";
 * - detect_ms: first detection per page in the built extension (as a shopper gets it),
 *   p50 (also `value`) and p95; detect_injected_ms the same with the detector injected
 *   through DevTools (cold, compiled lazily); detect_warm_ms a rescan; detect_boot_ms
 *   the bootstrap's check every frame pays;
 * - content_script_bytes: the bootstrap injected into every frame (minified);
 *   content_engine_bytes: the detector + filler it loads where there is a form.
 * Pages run one at a time by default: two at once on a two-core machine measure each other.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusMetrics } from '../corpus/metrics';
import { CHROMIUM, REPO, contentScriptSizes, readLabels, runCorpus } from '../corpus/runner';
import { score } from '../corpus/score';
import { extensionTimingPass } from '../corpus/extension-timing';
import { option, type Metric } from './metric';

export async function run(args: string[]): Promise<Metric[]> {
  const corpus = option(args, 'corpus', join(REPO, '../shared/corpus/checkout-dev'));
  if (!existsSync(join(corpus, 'labels.json'))) throw new Error(`no labelled corpus at ${corpus} (--corpus=DIR)`);
  if (!existsSync(CHROMIUM)) throw new Error(`needs Chromium at ${CHROMIUM}`);
  const concurrency = Number(option(args, 'concurrency', '1'));
  let done = 0;
  const result = await runCorpus(corpus, {
    concurrency,
    log: () => {
      if (++done % 20 === 0) process.stderr.write('.');
    },
  });
  process.stderr.write('\n');
  if (result.failures.length)
    console.error(`[bench] ${result.failures.length} pages failed to load:\n  ${result.failures.join('\n  ')}`);
  done = 0;
  const inExtension = await extensionTimingPass(corpus, {
    log: () => {
      if (++done % 20 === 0) process.stderr.write(':');
    },
  });
  process.stderr.write('\n');
  const metrics = corpusMetrics(
    result,
    score(readLabels(corpus), result.predictions),
    await contentScriptSizes(),
    inExtension,
  );
  return metrics.map((m) => ({ ...m, corpus }));
}
