/**
 * Regression floor on the real-world corpus: the detector the content script ships,
 * run in Chromium over every saved page of ../shared/corpus/checkout-dev, must keep
 * its card and address micro-F1 above floors set a little under what it measures
 * (see `npm run detect:corpus` for the full figures). Skipped, saying so, where the
 * corpus or Chromium is not on the machine.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, REPO, readLabels, runCorpus } from './runner';
import { score } from './score';

const CORPUS = join(REPO, '../shared/corpus/checkout-dev');
const missing = !existsSync(join(CORPUS, 'labels.json'))
  ? `no corpus at ${CORPUS}`
  : !existsSync(CHROMIUM)
    ? `no Chromium at ${CHROMIUM}`
    : null;

// Measured on the development corpus: card micro-F1 0.989 (precision 1.0; the one number
// no longer predicted is a bank sign-in's user name, labelled cc-number here, which issue 17
// says is no card field), address micro-F1 0.935, 2 predictions on "unknown" controls
// (eBay's split card-holder name).
const FLOOR = { card: 0.97, cardPrecision: 0.99, address: 0.91, unknownHits: 2 };

describe('detection on the real-world corpus', () => {
  if (missing) {
    it.skip(`skipped: ${missing}`, () => undefined);
    return;
  }
  it('keeps card and address micro-F1 above their floors', async () => {
    const run = await runCorpus(CORPUS);
    expect(run.failures).toEqual([]);
    const s = score(readLabels(CORPUS), run.predictions);
    const figures = {
      card: s.card.f1,
      cardPrecision: s.card.precision,
      address: s.address.f1,
      unknownHits: s.unknownHits.length,
    };
    console.log(`corpus: ${JSON.stringify(figures)}`);
    expect(s.card.f1).toBeGreaterThanOrEqual(FLOOR.card);
    expect(s.card.precision).toBeGreaterThanOrEqual(FLOOR.cardPrecision);
    expect(s.address.f1).toBeGreaterThanOrEqual(FLOOR.address);
    // Controls labelled "must not be filled": no more than today, and each one listed if it grows.
    expect(s.unknownHits.length, s.unknownHits.join('\n')).toBeLessThanOrEqual(FLOOR.unknownHits);
  }, 240_000);
});
