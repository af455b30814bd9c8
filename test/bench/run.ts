/**
 * `npm run bench` runs every benchmark part; `npm run bench -- provider [options]`
 * runs the named ones. Progress goes to stderr; the results, one JSON object per
 * line, go to stdout at the end, so a CI step can keep them. Each part's figures also
 * replace its generated block in docs/performance.md (their one home in the docs), with
 * the date, machine and commit; `--no-docs` leaves the file alone (a trial run).
 *
 * A part is a module exporting `run(args)`: add one to PARTS to make it runnable.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFiguresBlock } from './figures-block';
import { flag, type BenchPart, type Metric } from './metric';
import { runContext } from './run-context';

const REPO = join(import.meta.dirname, '../..');
const PERFORMANCE_MD = join(REPO, 'docs/performance.md');

const PARTS: Record<string, () => Promise<BenchPart>> = {
  provider: () => import('./provider'),
  e2e: () => import('./e2e'),
  detect: () => import('./detect'),
  proxy: () => import('./proxy'),
  digital: () => import('./digital'),
  total: () => import('./total'),
};

async function main(argv: string[]): Promise<void> {
  const names = argv.filter((a) => !a.startsWith('-') && a in PARTS);
  const unknown = argv.filter((a) => !a.startsWith('-') && !(a in PARTS));
  if (unknown.length > 0) {
    console.error(`unknown bench part(s): ${unknown.join(', ')}; known: ${Object.keys(PARTS).join(', ')}`);
    process.exit(2);
  }
  const options = argv.filter((a) => a.startsWith('-'));
  const metrics: Metric[] = [];
  // Read before any part writes docs/performance.md, which would make the tree look dirty.
  const context = runContext(REPO);
  for (const name of names.length > 0 ? names : Object.keys(PARTS)) {
    console.error(`[bench] ${name}`);
    const part = await PARTS[name]!();
    const figures = await part.run(options);
    metrics.push(...figures);
    if (!flag(options, 'no-docs')) {
      // Read and written per part, so a later part's failure keeps the earlier parts' figures.
      const doc = readFileSync(PERFORMANCE_MD, 'utf8');
      writeFileSync(PERFORMANCE_MD, writeFiguresBlock(doc, name, figures, context));
      console.error(`[bench] ${name}: figures written to docs/performance.md`);
    }
  }
  for (const m of metrics) process.stdout.write(JSON.stringify(m) + '\n');
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
