import { describe, expect, it } from 'vitest';
import { pacScript, privatePlan, proxied, type PrivatePrefs } from './plan';
import { KNOWN_PAYMENT_FRAME_ORIGINS } from '../../../protocol/payment-frames';

const PROVIDER = 'http://127.0.0.1:8787';
const cards = [
  { merchantOrigin: 'https://shop.example', paymentFrames: ['https://pay.shop.example'] },
  { merchantOrigin: 'https://other.example', paymentFrames: [] },
];

/** Runs the PAC script as Chrome would: a bare function in its own context. */
function pac(script: string, url: string): string {
  const host = new URL(url).hostname;
  return new Function('url', 'host', `${script}\nreturn FindProxyForURL(url, host);`)(url, host) as string;
}

describe('private connection plan', () => {
  it('off: only the sites turned on, with their payment frames; nothing else', () => {
    const prefs: PrivatePrefs = { default: 'off', sites: { 'https://shop.example': true } };
    const plan = privatePlan(prefs, cards, PROVIDER);
    expect(plan.origins).toEqual(
      [...new Set(['https://shop.example', 'https://pay.shop.example', ...KNOWN_PAYMENT_FRAME_ORIGINS])].sort(),
    );
    expect(proxied(plan, 'https://other.example/')).toBe(false);
    expect(privatePlan({ default: 'off', sites: {} }, cards, PROVIDER).origins).toEqual([]);
  });

  it('card-sites: every merchant with a card unless turned off; always: every site but the provider', () => {
    const plan = privatePlan({ default: 'card-sites', sites: { 'https://other.example': false } }, cards, PROVIDER);
    expect(proxied(plan, 'https://shop.example/checkout')).toBe(true);
    expect(proxied(plan, 'https://other.example/')).toBe(false);
    expect(proxied(plan, 'https://news.example/')).toBe(false);
    const always = privatePlan({ default: 'always', sites: { 'https://other.example': false } }, cards, PROVIDER);
    expect(proxied(always, 'https://news.example/')).toBe(true);
    expect(proxied(always, 'wss://news.example/socket')).toBe(true);
    expect(proxied(always, 'https://other.example/')).toBe(false);
    expect(proxied(always, `${PROVIDER}/v1/shopper/me`)).toBe(false);
  });

  it('the PAC script answers as the plan does: the proxy for private origins, DIRECT otherwise, never both', () => {
    const plan = privatePlan(
      { default: 'off', sites: { 'https://shop.example': true, 'http://shop.test:8080': true } },
      cards,
      PROVIDER,
    );
    const script = pacScript(plan, 'veil.example:8790');
    expect(pac(script, 'https://shop.example/')).toBe('PROXY veil.example:8790');
    expect(pac(script, 'https://shop.example:443/')).toBe('PROXY veil.example:8790');
    expect(pac(script, 'wss://shop.example/live')).toBe('PROXY veil.example:8790');
    expect(pac(script, 'http://shop.test:8080/checkout?x=1')).toBe('PROXY veil.example:8790');
    expect(pac(script, 'https://pay.shop.example/fields')).toBe('PROXY veil.example:8790');
    expect(pac(script, 'http://shop.example/')).toBe('DIRECT'); // another origin (scheme)
    expect(pac(script, 'http://shop.test:8081/')).toBe('DIRECT'); // another origin (port)
    expect(pac(script, 'https://other.example/')).toBe('DIRECT');
    expect(pac(script, `${PROVIDER}/v1/shopper/me`)).toBe('DIRECT');
  });
});
