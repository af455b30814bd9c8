/**
 * The corpus figures as one flat JSON object each — what `npm run detect:corpus` ends
 * with and what `npm run bench -- detect` returns. Every object has a `value` (for a
 * timing, its median), so a benchmark store can chart any of them.
 */
import type { ExtensionTiming } from './extension-timing';
import type { CorpusRun, ScriptSize } from './runner';
import { percentile, type Score } from './score';

export interface CorpusMetric {
  metric: string;
  value: number;
  [label: string]: string | number;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

function timing(metric: string, samples: number[]): CorpusMetric {
  const p50 = round(percentile(samples, 50));
  return { metric, value: p50, p50, p95: round(percentile(samples, 95)), pages: samples.length, unit: 'ms' };
}

/** What the labels judge: card and address figures, and the fills that must not happen. */
export function scoreMetrics(s: Score): CorpusMetric[] {
  return [
    { metric: 'detect_card_f1', value: round(s.card.f1) },
    { metric: 'detect_card_precision', value: round(s.card.precision) },
    { metric: 'detect_card_recall', value: round(s.card.recall) },
    { metric: 'detect_address_f1', value: round(s.address.f1) },
    { metric: 'detect_address_precision', value: round(s.address.precision) },
    { metric: 'detect_address_recall', value: round(s.address.recall) },
    { metric: 'detect_unknown_filled', value: s.unknownHits.length },
    // Controls given a card token on pages with no card form (sign-ins, gift and loyalty cards, bookings).
    { metric: 'detect_card_on_cardless', value: s.cardOnCardless.length },
  ];
}

export function corpusMetrics(
  run: CorpusRun,
  s: Score,
  size: { bootstrap: ScriptSize; engine: ScriptSize },
  inExtension: ExtensionTiming,
): CorpusMetric[] {
  return [
    ...scoreMetrics(s),
    // First detection in a page as the built extension runs it (what a shopper gets), the
    // same with the detector injected through DevTools (cold code compiled lazily on the
    // main thread), a rescan (warm), and the bootstrap's check every frame pays.
    timing('detect_ms', inExtension.ms),
    timing('detect_injected_ms', run.injectedMs),
    timing('detect_bundle_eval_ms', run.loadMs),
    timing('detect_warm_ms', run.warmMs),
    timing('detect_boot_ms', run.bootMs),
    {
      metric: 'content_script_bytes',
      value: size.bootstrap.bytes,
      gzip: size.bootstrap.gzip,
      file: size.bootstrap.file,
    },
    { metric: 'content_engine_bytes', value: size.engine.bytes, gzip: size.engine.gzip, file: size.engine.file },
  ];
}
