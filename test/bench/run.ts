/**
 * `npm run bench` runs every benchmark part; `npm run bench -- provider [options]`
 * runs the named ones. Progress goes to stderr; the results, one JSON object per
 * line, go to stdout at the end, so a CI step can keep them.
 *
 * A part is a module exporting `run(args)`: add one to PARTS to make it runnable.
 */
import type { BenchPart, Metric } from './metric';

const PARTS: Record<string, () => Promise<BenchPart>> = {
  provider: () => import('./provider'),
  e2e: () => import('./e2e'),
  detect: () => import('./detect'),
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
  for (const name of names.length > 0 ? names : Object.keys(PARTS)) {
    console.error(`[bench] ${name}`);
    const part = await PARTS[name]!();
    metrics.push(...(await part.run(options)));
  }
  for (const m of metrics) process.stdout.write(JSON.stringify(m) + '\n');
}

main(process.argv.slice(2)).catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
