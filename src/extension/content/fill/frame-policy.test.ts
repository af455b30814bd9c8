import { describe, expect, it } from 'vitest';
import { fillPermission, frameInfo } from './frame-policy';

type FakeWindow = Parameters<typeof frameInfo>[0];

function fakeFrame(opts: { origin: string; top?: 'self' | { origin: string } | 'cross'; ancestors?: string[] }): FakeWindow {
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

describe('frameInfo', () => {
  it('top frame: its own origin', () => {
    expect(frameInfo(fakeFrame({ origin: SHOP }))).toEqual({ isTop: true, origin: SHOP, topOrigin: SHOP });
  });
  it('same-origin child reads the top directly', () => {
    expect(frameInfo(fakeFrame({ origin: SHOP, top: { origin: SHOP } })).topOrigin).toBe(SHOP);
  });
  it('cross-origin child uses ancestorOrigins, the top one last', () => {
    expect(frameInfo(fakeFrame({ origin: PSP, top: 'cross', ancestors: ['https://mid.example', SHOP] })).topOrigin).toBe(SHOP);
  });
  it('cross-origin child without ancestorOrigins cannot know', () => {
    expect(frameInfo(fakeFrame({ origin: PSP, top: 'cross' })).topOrigin).toBeNull();
  });
});

describe('fillPermission', () => {
  it('the merchant page itself: everything', () => {
    expect(fillPermission({ isTop: true, origin: SHOP, topOrigin: SHOP }, SHOP)).toEqual({ ok: true, cardOnly: false });
  });
  it("a payment provider's frame in the merchant page: card fields only", () => {
    expect(fillPermission({ isTop: false, origin: PSP, topOrigin: SHOP }, SHOP)).toEqual({ ok: true, cardOnly: true });
  });
  it('a same-origin frame of the merchant: everything', () => {
    expect(fillPermission({ isTop: false, origin: SHOP, topOrigin: SHOP }, SHOP)).toEqual({ ok: true, cardOnly: false });
  });
  it('another site, or a frame embedded in another site: refused', () => {
    expect(fillPermission({ isTop: true, origin: 'https://evil.example', topOrigin: 'https://evil.example' }, SHOP).ok).toBe(false);
    expect(fillPermission({ isTop: false, origin: SHOP, topOrigin: 'https://evil.example' }, SHOP).ok).toBe(false);
  });
  it('a frame that cannot tell where it is: refused', () => {
    expect(fillPermission({ isTop: false, origin: PSP, topOrigin: null }, SHOP).ok).toBe(false);
  });
});
