import { describe, expect, it } from 'vitest';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { deriveKeys } from './keys';

describe('provider keys', () => {
  const keys = deriveKeys(randomBytes(32));

  it('seals and opens with the record id as associated data', () => {
    const sealed = keys.seal('4999920000000001', 'card_a');
    expect(sealed.toString('latin1')).not.toContain('4999920000000001');
    expect(keys.open(sealed, 'card_a')).toBe('4999920000000001');
  });

  it('refuses a ciphertext moved to another record, tampered, or opened with another key', () => {
    const sealed = keys.seal('secret', 'card_a');
    expect(() => keys.open(sealed, 'card_b')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[20] = (tampered[20] ?? 0) ^ 1;
    expect(() => keys.open(tampered, 'card_a')).toThrow();
    expect(() => deriveKeys(randomBytes(32)).open(sealed, 'card_a')).toThrow();
  });

  it('hashes PANs and CVCs with keys: stable for one key, different for another', () => {
    const other = deriveKeys(randomBytes(32));
    expect(keys.panHash('4242424242424242').equals(keys.panHash('4242424242424242'))).toBe(true);
    expect(keys.panHash('4242424242424242').equals(other.panHash('4242424242424242'))).toBe(false);
    const h = keys.cvcHash('card_a', '123');
    expect(keys.cvcMatches('card_a', '123', h)).toBe(true);
    expect(keys.cvcMatches('card_a', '124', h)).toBe(false);
    expect(keys.cvcMatches('card_b', '123', h)).toBe(false);
  });

  it('derives a 3-digit CVC that is stable for a card and spread over all values', () => {
    expect(keys.cvcFor('4999920000000001', 1, 2030)).toBe(keys.cvcFor('4999920000000001', 1, 2030));
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(keys.cvcFor(`49999200000${String(i).padStart(5, '0')}`, 1, 2030));
    for (const c of seen) expect(c).toMatch(/^\d{3}$/);
    expect(seen.size).toBeGreaterThan(800);
  });

  it('hashes vendor requests with their own subkey: HMAC, not a hash of the card anyone can recompute', () => {
    const master = randomBytes(32);
    const body = { card: { number: '4999920000000001', exp_month: 1, exp_year: 2030, cvc: '123' }, amount: 100 };
    const text = `POST /v1/authorizations\n${JSON.stringify(body)}`;
    const subkey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'veil/request-hash', 32));
    const h = deriveKeys(master).requestHash('POST', '/v1/authorizations', body);
    expect(h.equals(createHmac('sha256', subkey).update(text).digest())).toBe(true);
    expect(h.equals(createHash('sha256').update(text).digest())).toBe(false);
    expect(
      h.equals(
        createHmac('sha256', Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'veil/pan-hash', 32)))
          .update(text)
          .digest(),
      ),
    ).toBe(false);
  });

  it('refuses a master key of the wrong size', () => {
    expect(() => deriveKeys(randomBytes(16))).toThrow(/32 bytes/);
  });
});
