/**
 * The corpus timing pass (extension-timing.ts) on the crafted pages: the timing build of
 * the extension reports a first detection for every page with a form, and none for a
 * page without one (its bootstrap never loads the engine); the paired pass (detect:compare)
 * times each page in both builds and keeps only pages timed in both.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { browserAvailable } from '../e2e/support/browser';
import { extensionTimingPass, pairedTimingPass } from './extension-timing';
import { CHROMIUM, REPO } from './runner';

describe.skipIf(!browserAvailable())('detection timing in the built extension', () => {
  it('times the first detection where there is a form, and nothing where there is none', async () => {
    const timing = await extensionTimingPass(join(REPO, 'test/fixtures'), {
      pages: ['simple-checkout.html', 'shadow-dom.html', 'no-form.html'],
    });
    expect(timing.idle).toBe(1);
    expect(timing.ms).toHaveLength(2);
    for (const ms of timing.ms) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(1000);
    }
  }, 120_000);

  it('pairs each page timed in both builds, and leaves out a page neither detects on', async () => {
    const side = { repo: REPO, chromium: CHROMIUM };
    const pairs = await pairedTimingPass(join(REPO, 'test/fixtures'), side, side, {
      pages: ['no-form.html', 'simple-checkout.html'],
    });
    expect(pairs.map((p) => p.file)).toEqual(['simple-checkout.html']);
    for (const ms of [pairs[0]!.a, pairs[0]!.b]) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(1000);
    }
  }, 120_000);
});
