/**
 * Payment frames: the cross-origin iframes in which a shop lets a payment provider
 * collect the card (hosted fields). A Veil card may be filled into the merchant's own
 * page, frames of the merchant's origin, and such a frame only when it really serves
 * the shop's payments: its origin is on this curated list, or the shop (vendor)
 * declared it with the provider (`vendor create … --payment-frame https://pay.example`),
 * and the card carries that declaration. Any other cross-origin frame — an ad, a
 * widget, a frame a script injected — gets no button and no card, even if it shows
 * card fields.
 *
 * Each entry is an exact origin (scheme, host, port): no wildcards, because a
 * wildcard over a provider's domain would also cover its user-content and marketing
 * hosts. Add an origin only when the provider serves its card-entry iframe from it.
 */
import { z } from 'zod';
import { Origin } from './common';

export const KNOWN_PAYMENT_FRAME_ORIGINS: readonly string[] = [
  // Stripe Elements / Payment Element: every card input is an iframe from js.stripe.com.
  'https://js.stripe.com',
  // Braintree Hosted Fields (also PayPal's Braintree-based hosted fields): one iframe per field.
  'https://assets.braintreegateway.com',
  // Adyen Web secured fields (Components and Drop-in), live and test, per live region.
  'https://checkoutshopper-live.adyen.com',
  'https://checkoutshopper-live-us.adyen.com',
  'https://checkoutshopper-live-au.adyen.com',
  'https://checkoutshopper-live-apse.adyen.com',
  'https://checkoutshopper-live-in.adyen.com',
  'https://checkoutshopper-test.adyen.com',
  // Checkout.com Frames: the card number, expiry and CVV iframes.
  'https://js.checkout.com',
  // Square Web Payments SDK card form, production and sandbox.
  'https://web.squarecdn.com',
  'https://sandbox.web.squarecdn.com',
  // PayPal Card Fields (Advanced Checkout), production and sandbox.
  'https://www.paypal.com',
  'https://www.sandbox.paypal.com',
  // Shopify Checkout's PCI card fields.
  'https://checkout.pci.shopifyinc.com',
  // Worldpay Access Checkout (hosted card fields), production and test.
  'https://access.worldpay.com',
  'https://try.access.worldpay.com',
  // Mollie Components: card holder, number, expiry and CVC iframes.
  'https://js.mollie.com',
  // Klarna Payments widget (its card option is entered inside it), production and playground.
  'https://js.klarna.com',
  'https://js.playground.klarna.com',
];

/** Most frames a vendor may declare: a checkout uses one provider, maybe a fallback. */
export const MAX_DECLARED_PAYMENT_FRAMES = 10;

/** Payment-frame origins a vendor declares: normalised origins, duplicates dropped. */
export const DeclaredPaymentFrames = z
  .array(Origin)
  .max(MAX_DECLARED_PAYMENT_FRAMES, `at most ${MAX_DECLARED_PAYMENT_FRAMES} payment frames`)
  .transform((origins) => [...new Set(origins)]);
