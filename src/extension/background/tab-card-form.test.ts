import { describe, expect, it } from 'vitest';
import { framesCompleted, tabHasCardForm, type FrameParts } from './tab-card-form';

const top = (f: Partial<FrameParts> = {}): FrameParts => ({ allowed: true, checkout: false, ...f });
const tab = (...frames: FrameParts[]) => new Map(frames.map((f, i) => [i, f]));

describe('the frames of a tab judged together', () => {
  it('hosted fields: an expiry-only and a CVC-only frame count beside a number frame', () => {
    const frames = tab(
      top({ parts: [] }),
      top({ checkout: true, parts: ['number'] }),
      top({ held: ['expiry'], parts: [] }),
      top({ held: ['csc'], parts: [] }),
    );
    expect(framesCompleted(frames)).toEqual(new Set([2, 3]));
    expect(tabHasCardForm(frames)).toBe(true);
  });
  it("the top page's card number completes an expiry frame, and a held number is completed by a CVC frame", () => {
    expect(framesCompleted(tab(top({ checkout: true, parts: ['number', 'name'] }), top({ held: ['expiry'] })))).toEqual(
      new Set([1]),
    );
    expect(framesCompleted(tab(top({ held: ['number'] }), top({ held: ['csc'] })))).toEqual(new Set([0, 1]));
  });
  it('without a card number anywhere, expiry and CVC frames count for nothing', () => {
    const frames = tab(top(), top({ held: ['expiry'] }), top({ held: ['csc'] }), top({ held: ['name'] }));
    expect(framesCompleted(frames)).toEqual(new Set());
    expect(tabHasCardForm(frames)).toBe(false);
  });
  it("an ad frame's number completes nothing, and an ad frame's expiry is never completed", () => {
    expect(
      framesCompleted(
        tab(top(), top({ allowed: false, checkout: true, parts: ['number'] }), top({ held: ['expiry'] })),
      ),
    ).toEqual(new Set());
    expect(
      framesCompleted(tab(top({ checkout: true, parts: ['number'] }), top({ allowed: false, held: ['expiry'] }))),
    ).toEqual(new Set());
  });
  it("one frame's parts never complete each other: two forms of one page are two forms", () => {
    expect(framesCompleted(tab(top({ held: ['number', 'expiry'] }), top()))).toEqual(new Set());
  });
});
