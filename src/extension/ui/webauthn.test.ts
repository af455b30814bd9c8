import { describe, expect, it, vi } from 'vitest';

// webextension-polyfill throws when loaded outside an extension; only the pure helper is under test.
vi.mock('webextension-polyfill', () => ({ default: {} }));
const { firefoxWebAuthnOrigin } = await import('./webauthn');

describe('firefoxWebAuthnOrigin', () => {
  it("is the origin Firefox 153 signed for Veil's add-on id (SHA-256 of the id, a–p per half byte)", async () => {
    expect(await firefoxWebAuthnOrigin('veil@veil.example')).toBe(
      'moz-extension://gbnkpbebfpleoeelpkhglbkhbnkobadgfgbbpgnhjiglfflhmcgfkdcinblgfmdh',
    );
  });
});
