/**
 * `npm run bench -- detect [--corpus=DIR] [--veil-dev=DIR] [--concurrency=N]`: checkout
 * detection in Chromium, through the same runner as `npm run detect:corpus`, on three sets
 * (each figure labelled `set`): the development corpus (default
 * ../shared/corpus/checkout-dev) and the two halves of the veil-dev set written for issue
 * 17 (test/corpus/veil-dev/tune, the half the detector may be tuned on, and …/check, the
 * half it is judged on; README there).
 * - detect_card_f1 / _precision / _recall, detect_address_f1 / …: micro-averaged over
 *   card and over address tokens, against the hand labels;
 * - detect_unknown_filled: predictions on controls labelled "must not be filled";
 * - detect_card_on_cardless: controls given a card token on pages with no card form;
 * and, on the development corpus only (one timing figure per part, not per set):
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
import { corpusMetrics, scoreMetrics } from '../corpus/metrics';
import { CHROMIUM, REPO, contentScriptSizes, readLabels, runCorpus } from '../corpus/runner';
import { score } from '../corpus/score';
import { extensionTimingPass } from '../corpus/extension-timing';
import { option, type Metric } from './metric';

function labelled(corpus: string): string {
  if (!existsSync(join(corpus, 'labels.json'))) throw new Error(`no labelled corpus at ${corpus}`);
  return corpus;
}

async function scored(corpus: string, concurrency: number) {
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
  return { result, score: score(readLabels(corpus), result.predictions) };
}

export async function run(args: string[]): Promise<Metric[]> {
  const corpus = labelled(option(args, 'corpus', join(REPO, '../shared/corpus/checkout-dev')));
  const veilDev = option(args, 'veil-dev', join(REPO, 'test/corpus/veil-dev'));
  const halves = (['tune', 'check'] as const).map((half) => ({
    set: `veil-dev/${half}`,
    dir: labelled(join(veilDev, half)),
  }));
  if (!existsSync(CHROMIUM)) throw new Error(`needs Chromium at ${CHROMIUM}`);
  const concurrency = Number(option(args, 'concurrency', '1'));

  const dev = await scored(corpus, concurrency);
  let done = 0;
  const inExtension = await extensionTimingPass(corpus, {
    log: () => {
      if (++done % 20 === 0) process.stderr.write(':');
    },
  });
  process.stderr.write('\n');
  const metrics: Metric[] = corpusMetrics(dev.result, dev.score, await contentScriptSizes(), inExtension).map((m) => ({
    ...m,
    set: 'development',
    corpus,
  }));
  for (const { set, dir } of halves) {
    const half = await scored(dir, concurrency);
    metrics.push(...scoreMetrics(half.score).map((m) => ({ ...m, set, corpus: dir })));
  }
  return metrics;
}
