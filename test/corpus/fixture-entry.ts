/**
 * Entry of the bundle the fixture test injects into each frame: the content script's
 * own fill path (frame check, fresh detection, visibility-gated fill), without the
 * extension messaging around it.
 */
import type { FillValues } from '../../src/extension/messages';
import { detect } from '../../src/extension/content/detect/detect';
import { fillFrame } from '../../src/extension/content/fill/fill-frame';

const api = {
  fill(
    merchantOrigin: string,
    values: FillValues,
    paymentOrigins: string[] = [],
  ): { filled: number } | { error: string } {
    try {
      return fillFrame(merchantOrigin, paymentOrigins, values);
    } catch (e) {
      return { error: (e as Error).message };
    }
  },
  tokens(): string[] {
    return detect(document).fields.map((f) => `${f.element.id}:${f.token}`);
  },
};

export type FixtureApi = typeof api;
(globalThis as unknown as { __veilFixture: FixtureApi }).__veilFixture = api;
