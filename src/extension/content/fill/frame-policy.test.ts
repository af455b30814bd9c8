import { describe, expect, it } from 'vitest';
import { fillPermission, frameInfo } from './frame-policy';

type FakeWindow = Parameters<typeof frameInfo>[0];

function fakeFrame(opts: {
  origin: string;
  top?: 'self' | { origin: string } | 'cross';
  ancestors?: string[];
}): FakeWindow {
  const win: Record<string, unknown> = { origin: opts.origin, location: { ancestorOrigins: opts.ancestors } };
  if (opts.top === 'self' || !opts.top) win.top = win;
  else if (opts.top === 'cross')
    win.top = {
      get location(): never {
        throw new DOMException('Blocked a frame from accessing a cross-origin frame', 'SecurityError');
      },
    };
  else win.top = { location: { origin: opts.top.origin } };
  return win as unknown as FakeWindow;
}

const SHOP = 'https://shop.example';
const PSP = 'https://pay.psp.example';
const AD = 'https://ads.example';

describe('frameInfo', () => {
  it('top frame: its own origin', () => {
    expect(frameInfo(fakeFrame({ origin: SHOP }))).toEqual({ isTop: true, origin: SHOP, topOrigin: SHOP, between: [] });
  });
  it('same-origin child reads the top directly when there is no ancestor list', () => {
    expect(frameInfo(fakeFrame({ origin: SHOP, top: { origin: SHOP } })).topOrigin).toBe(SHOP);
  });
  it('cross-origin child uses ancestorOrigins, the top one last, the others in between', () => {
    expect(frameInfo(fakeFrame({ origin: PSP, top: 'cross', ancestors: [AD, SHOP] }))).toEqual({
      isTop: false,
      origin: PSP,
      topOrigin: SHOP,
      between: [AD],
    });
  });
  it('cross-origin child without ancestorOrigins cannot know', () => {
    expect(frameInfo(fakeFrame({ origin: PSP, top: 'cross' })).topOrigin).toBeNull();
  });
});

describe('fillPermission', () => {
  it('the merchant page itself: everything', () => {
    expect(fillPermission({ isTop: true, origin: SHOP, topOrigin: SHOP }, SHOP, [])).toEqual({
      allowed: true,
      cardOnly: false,
    });
  });
  it("the shop's payment provider frame: card fields only", () => {
    expect(fillPermission({ isTop: false, origin: PSP, topOrigin: SHOP, between: [] }, SHOP, [PSP])).toEqual({
      allowed: true,
      cardOnly: true,
    });
  });
  it('a cross-origin frame not on the allowed list, or embedded through one: refused', () => {
    expect(fillPermission({ isTop: false, origin: AD, topOrigin: SHOP, between: [] }, SHOP, [PSP]).allowed).toBe(false);
    expect(fillPermission({ isTop: false, origin: PSP, topOrigin: SHOP, between: [AD] }, SHOP, [PSP]).allowed).toBe(
      false,
    );
  });
  it('another site: refused', () => {
    expect(fillPermission({ isTop: false, origin: SHOP, topOrigin: AD }, SHOP, [PSP]).allowed).toBe(false);
  });
});
