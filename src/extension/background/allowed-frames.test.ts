import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { KNOWN_PAYMENT_FRAME_ORIGINS } from '../../protocol';
import { frameAccess } from '../frame-access';
import { paymentOriginsFor, senderOrigin, senderPlace } from './allowed-frames';

const SHOP = 'https://shop.example';
const sender = (s: Partial<Runtime.MessageSender> & { origin?: string }) => s as Runtime.MessageSender;

describe('the sender frame, as the browser describes it', () => {
  it("takes Chromium's sender.origin, which is right for about:blank and srcdoc frames", () => {
    expect(senderOrigin(sender({ frameId: 3, url: 'about:blank', origin: 'https://ads.example' }))).toBe(
      'https://ads.example',
    );
  });
  it("falls back to the URL's origin (Firefox), and to an untrusted 'null' when there is none", () => {
    expect(senderOrigin(sender({ frameId: 3, url: 'https://pay.example/fields?x=1' }))).toBe('https://pay.example');
    expect(senderOrigin(sender({ frameId: 3, url: 'about:blank' }))).toBe('null');
    expect(senderOrigin(sender({ frameId: 3 }))).toBe('null');
  });
  it('the top frame is frame 0; the top origin comes from the tab, not the sender', () => {
    expect(senderPlace(sender({ frameId: 0, origin: SHOP }), SHOP)).toEqual({
      isTop: true,
      origin: SHOP,
      topOrigin: SHOP,
    });
    expect(senderPlace(sender({ frameId: 7, origin: 'https://ads.example' }), SHOP)).toEqual({
      isTop: false,
      origin: 'https://ads.example',
      topOrigin: SHOP,
    });
  });
});

describe('payment origins of a card', () => {
  it('the curated list and the merchant’s declared frames, once each', () => {
    const origins = paymentOriginsFor(['https://pay.shop.example', 'https://js.stripe.com']);
    expect(origins).toEqual([...KNOWN_PAYMENT_FRAME_ORIGINS, 'https://pay.shop.example']);
  });
  it('an ad frame on the merchant page is refused; the declared frame gets the card only', () => {
    const allowed = paymentOriginsFor(['https://pay.shop.example']);
    expect(
      frameAccess(senderPlace(sender({ frameId: 4, origin: 'https://ads.example' }), SHOP), SHOP, allowed).allowed,
    ).toBe(false);
    expect(
      frameAccess(senderPlace(sender({ frameId: 5, origin: 'https://pay.shop.example' }), SHOP), SHOP, allowed),
    ).toEqual({ allowed: true, cardOnly: true });
    expect(
      frameAccess(
        senderPlace(sender({ frameId: 5, origin: 'https://pay.shop.example' }), SHOP),
        SHOP,
        paymentOriginsFor([]),
      ).allowed,
    ).toBe(false);
  });
});
