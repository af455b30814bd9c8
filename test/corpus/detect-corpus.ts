/**
 * npm run detect:corpus -- --corpus <dir> [--out <file.json>] [--pages a.html,b.html] [--why]
 *
 * Any corpus directory in the format (pages/ + labels.json): the development corpus,
 * test/corpus/veil-dev/tune or …/check. Runs the content script's detector over its
 * saved pages in Chromium, writes (with --out)
 * what it would fill as {"pages/<file>.html": {"<control_index>": "<token>"}}, and
 * prints precision/recall/F1 per token and micro-averaged over card and address tokens,
 * detection time per page (in the built extension, extension-timing.ts, and with the
 * detector injected) and the content script's size; the figures are repeated as
 * JSON lines at the end for machines.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extensionTimingPass } from './extension-timing';
import { contentScriptSizes, readLabels, runCorpus } from './runner';
import { corpusMetrics } from './metrics';
import { percentile, score, type Figures } from './score';
import { signalLine, wordsIn } from './explain';
import { isToken } from '../../src/extension/content/detect/tokens';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    out: { type: 'string' },
    pages: { type: 'string' },
    why: { type: 'boolean', default: false },
    errors: { type: 'boolean', default: false },
    'skip-timing': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '2' },
  },
});
if (!values.corpus) {
  console.error(
    'usage: npm run detect:corpus -- --corpus <dir> [--out <file.json>] [--pages a.html,b.html] [--errors] [--why] [--explain] [--skip-timing] [--concurrency N]',
  );
  process.exit(2);
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(6);
const row = (name: string, f: Figures) =>
  `${name.padEnd(16)}${pct(f.precision)}${pct(f.recall)}${pct(f.f1)}   ${String(f.tp).padStart(4)} ${String(f.fp).padStart(4)} ${String(f.fn).padStart(4)}`;

const pages = values.pages?.split(',');
const run = await runCorpus(values.corpus, { pages, concurrency: Number(values.concurrency) });
// Timing through the built extension: one page at a time, after the scoring pass.
const inExtension = values['skip-timing']
  ? { ms: [], idle: 0, byPage: {} }
  : await extensionTimingPass(values.corpus, { pages });
if (values.out) writeFileSync(values.out, JSON.stringify(run.predictions, null, 1) + '\n');
if (values.out && values.why)
  writeFileSync(values.out.replace(/\.json$/, '') + '.why.json', JSON.stringify(run.why, null, 1) + '\n');

// Without labels there is nothing to score against: the predictions, times and size still count.
const labelled = existsSync(join(values.corpus, 'labels.json'));
if (!labelled)
  console.log(
    `\nno labels.json in ${values.corpus}: nothing scored${values.out ? `; predictions in ${values.out}` : ''}`,
  );
const s = score(labelled ? readLabels(values.corpus) : new Map(), run.predictions);
const size = await contentScriptSizes();
const timing = (samples: number[]) =>
  `median ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms`;

console.log(
  `\n${Object.keys(run.predictions).length} pages, ${run.failures.length} failed to load${run.failures.length ? ':\n  ' + run.failures.join('\n  ') : ''}`,
);
console.log(`\n${'token'.padEnd(16)}  prec   rec    F1     tp   fp   fn`);
for (const [token, f] of Object.entries(s.perToken)) console.log(row(token, f));
console.log(row('card (micro)', s.card));
console.log(row('address (micro)', s.address));
console.log(
  `\npredictions on controls labelled "unknown": ${s.unknownHits.length}${s.unknownHits.length ? ' (' + s.unknownHits.join(', ') + ')' : ''}`,
);
console.log(
  `predictions of tokens the labels cannot express, on unlabelled controls (not scored): ${s.unscorable.length}${s.unscorable.length ? ' (' + s.unscorable.join(', ') + ')' : ''}`,
);
if (labelled)
  console.log(
    `card tokens on card-less pages: ${s.cardOnCardless.length}${s.cardOnCardless.length ? ' (' + s.cardOnCardless.join(', ') + ')' : ''}`,
  );
console.log(`bootstrap check per frame:                       ${timing(run.bootMs)}`);
console.log(
  `detection per page, first, in the built extension: ${timing(inExtension.ms)} (${inExtension.ms.length} pages; ${inExtension.idle} never loaded the engine)`,
);
console.log(`detection per page, first, injected via DevTools:  ${timing(run.injectedMs)} (cold code compiled lazily)`);
console.log(`detection per page, again (warm):                  ${timing(run.warmMs)}`);
console.log(`detector bundle evaluated (parse), injected:       ${timing(run.loadMs)}`);
console.log(
  `content script (${size.bootstrap.file}, every frame): ${size.bootstrap.bytes} bytes minified, ${size.bootstrap.gzip} bytes gzip`,
);
console.log(
  `engine (${size.engine.file}, loaded where there is a form): ${size.engine.bytes} bytes minified, ${size.engine.gzip} bytes gzip`,
);
if (values.errors) {
  console.log('\nfalse positives:\n  ' + s.falsePositives.join('\n  '));
  console.log('\nfalse negatives:\n  ' + s.falseNegatives.join('\n  '));
}

if (values.explain) explainAll();

console.log('');
for (const m of corpusMetrics(run, s, size, inExtension)) console.log(JSON.stringify(m));

/**
 * --explain: every control predicted and every labelled control missed, with the
 * signals that decided (source:token, context rules with what they mean) and the rule
 * words that fired on each text the detector read.
 */
function explainAll(): void {
  const labels = labelled ? readLabels(values.corpus!) : new Map<string, Map<number, string>>();
  console.log('\nexplanations (predicted, and labelled but missed):');
  for (const [page, predicted] of Object.entries(run.predictions)) {
    const gold = labels.get(page) ?? new Map<number, string>();
    const fillable = (l: string) => l.split('|').some((t) => isToken(t) || t.startsWith('x-gift-'));
    const missed = [...gold].filter(([i, l]) => !predicted[String(i)] && fillable(l));
    const indices = [...new Set([...Object.keys(predicted).map(Number), ...missed.map(([i]) => i)])].sort(
      (a, b) => a - b,
    );
    for (const i of indices) {
      const p = predicted[String(i)];
      const l = gold.get(i);
      const texts = run.texts[page]?.[String(i)];
      console.log(
        `\n${page}#${i}: ${p ? `predicted ${p}` : 'not predicted'}${l ? `, labelled ${l}` : ''}${p && l && !l.split('|').includes(p) ? '  ✗' : ''}${texts?.held ? '  (held for the tab)' : ''}`,
      );
      for (const s of run.why[page]?.[String(i)] ?? ['(no signal)']) console.log(`    ${signalLine(s)}`);
      for (const [source, text] of Object.entries(texts ?? {})) {
        if (source === 'held' || typeof text !== 'string' || !text) continue;
        const words = wordsIn(text);
        console.log(`    ${source} "${text.slice(0, 70)}"${words.length ? ' → ' + words.join(', ') : ''}`);
      }
    }
  }
}
