import { describe, expect, it } from 'vitest';
import { frameAccess } from './frame-access';

const SHOP = 'https://shop.example';
const PSP = 'https://pay.psp.example';
const AD = 'https://ads.example';
const PAYMENT = [PSP, 'https://js.stripe.com'];

describe('frameAccess', () => {
  it("the merchant's top document: everything", () => {
    expect(frameAccess({ isTop: true, origin: SHOP, topOrigin: SHOP }, SHOP, PAYMENT)).toEqual({
      allowed: true,
      cardOnly: false,
    });
  });

  it('a frame of the merchant’s own origin: everything', () => {
    expect(frameAccess({ isTop: false, origin: SHOP, topOrigin: SHOP }, SHOP, [])).toEqual({
      allowed: true,
      cardOnly: false,
    });
  });

  it('a payment frame on the allowed list: card fields only', () => {
    expect(frameAccess({ isTop: false, origin: PSP, topOrigin: SHOP }, SHOP, PAYMENT)).toEqual({
      allowed: true,
      cardOnly: true,
    });
    expect(frameAccess({ isTop: false, origin: PSP, topOrigin: SHOP, between: [SHOP] }, SHOP, PAYMENT)).toEqual({
      allowed: true,
      cardOnly: true,
    });
    // One payment frame inside another (a provider nesting its own fields).
    expect(
      frameAccess({ isTop: false, origin: 'https://js.stripe.com', topOrigin: SHOP, between: [PSP] }, SHOP, PAYMENT),
    ).toEqual({ allowed: true, cardOnly: true });
  });

  it('an ad frame showing card fields on the merchant page: refused', () => {
    const access = frameAccess({ isTop: false, origin: AD, topOrigin: SHOP }, SHOP, PAYMENT);
    expect(access).toEqual({ allowed: false, reason: `${AD} is not a payment frame of ${SHOP}` });
  });

  it('a payment or shop frame embedded through an ad: refused', () => {
    expect(frameAccess({ isTop: false, origin: PSP, topOrigin: SHOP, between: [AD] }, SHOP, PAYMENT).allowed).toBe(
      false,
    );
    expect(
      frameAccess({ isTop: false, origin: SHOP, topOrigin: SHOP, between: [AD, SHOP] }, SHOP, PAYMENT).allowed,
    ).toBe(false);
  });

  it('a sandboxed frame (opaque origin): refused', () => {
    expect(frameAccess({ isTop: false, origin: 'null', topOrigin: SHOP }, SHOP, PAYMENT).allowed).toBe(false);
  });

  it('another site, or a frame of the merchant embedded in another site: refused', () => {
    expect(frameAccess({ isTop: true, origin: AD, topOrigin: AD }, SHOP, PAYMENT).allowed).toBe(false);
    expect(frameAccess({ isTop: false, origin: SHOP, topOrigin: AD }, SHOP, PAYMENT).allowed).toBe(false);
    expect(frameAccess({ isTop: false, origin: PSP, topOrigin: AD }, SHOP, PAYMENT).allowed).toBe(false);
  });

  it('a frame that cannot tell where it is: refused', () => {
    expect(frameAccess({ isTop: false, origin: PSP, topOrigin: null }, SHOP, PAYMENT).allowed).toBe(false);
  });
});
