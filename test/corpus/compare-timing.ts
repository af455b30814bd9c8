/**
 * npm run detect:compare -- --b <checkout> [--a <checkout>] [--chromium-a <path>] [--chromium-b <path>]
 *                           [--corpus <dir>] [--every N]
 *
 * Is one version's first detection faster than another's? Times both in the built
 * extension, page by page in turn (extension-timing.ts, `pairedTimingPass`), and prints
 * each side's median and p95 and the median of the per-page differences (B − A), which
 * on a shared machine tells changes of ~0.1 ms that two separate runs cannot. A checkout
 * is a directory with the repository at some commit and its node_modules (for example
 * `git worktree add /tmp/base HEAD~1`, then `cp -al node_modules /tmp/base/`); `--a`
 * defaults to this one. The same checkout in two Chromium binaries compares browsers.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pairedTimingPass } from './extension-timing';
import { CHROMIUM, REPO, listPages } from './runner';
import { percentile } from './score';

const { values } = parseArgs({
  options: {
    a: { type: 'string', default: REPO },
    b: { type: 'string' },
    'chromium-a': { type: 'string', default: CHROMIUM },
    'chromium-b': { type: 'string', default: CHROMIUM },
    corpus: { type: 'string', default: resolve(REPO, '../shared/corpus/checkout-dev') },
    every: { type: 'string', default: '1' },
  },
});
if (!values.b) {
  console.error(
    'usage: npm run detect:compare -- --b <checkout> [--a <checkout>] [--chromium-a P] [--chromium-b P] [--corpus DIR] [--every N]',
  );
  process.exit(2);
}
const every = Math.max(1, Number(values.every) || 1);
const pages = listPages(values.corpus).filter((_, i) => i % every === 0);
const pairs = await pairedTimingPass(
  values.corpus,
  { repo: resolve(values.a), chromium: values['chromium-a'] },
  { repo: resolve(values.b), chromium: values['chromium-b'] },
  { pages },
);
const line = (name: string, ms: number[]) =>
  `${name}  p50 ${percentile(ms, 50).toFixed(2)} ms, p95 ${percentile(ms, 95).toFixed(2)} ms`;
console.log(`${pairs.length} pages timed in both (of ${pages.length})`);
console.log(
  line(
    'A',
    pairs.map((p) => p.a),
  ),
);
console.log(
  line(
    'B',
    pairs.map((p) => p.b),
  ),
);
const diffs = pairs.map((p) => p.b - p.a);
console.log(
  `B − A per page: median ${percentile(diffs, 50).toFixed(2)} ms, mean ${(diffs.reduce((s, d) => s + d, 0) / diffs.length).toFixed(2)} ms`,
);
