import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from './base64';
import { createVault, open, seal, TamperedError, unlockVault, WrongPassphraseError, type VaultParams } from './vault';

// Small scrypt cost for speed; the default is checked once below.
const N = 2 ** 10;
const PASSPHRASE = 'correct horse battery';

/** Flips one bit of the decoded blob at `index` (negative counts from the end). */
function flipBit(sealed: string, index: number): string {
  const bytes = base64ToBytes(sealed);
  if (!bytes) throw new Error('test setup: not base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytesToBase64(bytes);
}

describe('createVault / unlockVault', () => {
  it('derives the same key again from the stored params and the passphrase', async () => {
    const { params, key } = await createVault(PASSPHRASE, { N });
    // Params go through storage as JSON; unlock must work from what comes back.
    const stored = JSON.parse(JSON.stringify(params)) as VaultParams;
    const again = await unlockVault(stored, PASSPHRASE);
    expect(again).toEqual(key);
    expect(open(again, 'card:1', seal(key, 'card:1', '4111111111111111'))).toBe('4111111111111111');
  });

  it('records the KDF parameters it used', async () => {
    const { params, key } = await createVault(PASSPHRASE, { N });
    expect(params).toMatchObject({ v: 1, kdf: 'scrypt', N, r: 8, p: 1, dkLen: 32 });
    expect(base64ToBytes(params.salt)).toHaveLength(32);
    expect(key).toHaveLength(32);
  });

  it('derives with the stored params, not with defaults: changing N or the salt changes the key', async () => {
    const { params } = await createVault(PASSPHRASE, { N });
    await expect(unlockVault({ ...params, N: N * 2 }, PASSPHRASE)).rejects.toBeInstanceOf(WrongPassphraseError);
    const other = await createVault(PASSPHRASE, { N });
    await expect(unlockVault({ ...params, salt: other.params.salt }, PASSPHRASE)).rejects.toBeInstanceOf(
      WrongPassphraseError,
    );
  });

  it('defaults to a memory-hard cost, N = 2**17', async () => {
    const { params } = await createVault(PASSPHRASE);
    expect(params.N).toBe(2 ** 17);
    expect(params.r).toBe(8);
  });

  it('gives each vault its own salt and key, even for the same passphrase', async () => {
    const a = await createVault(PASSPHRASE, { N });
    const b = await createVault(PASSPHRASE, { N });
    expect(a.params.salt).not.toBe(b.params.salt);
    expect(a.key).not.toEqual(b.key);
  });

  it('refuses a wrong passphrase with WrongPassphraseError', async () => {
    const { params } = await createVault(PASSPHRASE, { N });
    await expect(unlockVault(params, 'correct horse battery!')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(unlockVault(params, '')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('refuses a passphrase shorter than 8 characters', async () => {
    await expect(createVault('1234567', { N })).rejects.toThrow(/at least 8 characters/);
    // Code points, not UTF-16 units: seven emoji are seven characters.
    await expect(createVault('🔑'.repeat(7), { N })).rejects.toThrow(/at least 8 characters/);
    await expect(createVault('12345678', { N })).resolves.toBeDefined();
  });

  it('treats differently composed forms of the same passphrase as one', async () => {
    const { params, key } = await createVault('caf\u00e9 au lait', { N });
    expect(await unlockVault(params, 'cafe\u0301 au lait')).toEqual(key);
  });

  it('rejects a cost that is not a power of two or not memory-hard', async () => {
    await expect(createVault(PASSPHRASE, { N: 3000 })).rejects.toThrow(/power of two/);
    await expect(createVault(PASSPHRASE, { N: 2 ** 4 })).rejects.toThrow(/power of two/);
    const { params } = await createVault(PASSPHRASE, { N });
    await expect(unlockVault({ ...params, N: 2 ** 30 }, PASSPHRASE)).rejects.toThrow(/power of two/);
  });

  it('rejects params of an unknown version or KDF', async () => {
    const { params } = await createVault(PASSPHRASE, { N });
    await expect(unlockVault({ ...params, v: 2 } as unknown as VaultParams, PASSPHRASE)).rejects.toThrow(/Unsupported/);
    await expect(unlockVault({ ...params, kdf: 'pbkdf2' } as unknown as VaultParams, PASSPHRASE)).rejects.toThrow(
      /Unsupported/,
    );
  });
});

describe('seal / open', () => {
  const key = new Uint8Array(32).map((_, i) => i);

  it('round-trips text, including non-ASCII and empty text', () => {
    for (const text of ['tok_123', 'Zoë · 東京 · 🔒', ''])
      expect(open(key, 'device-token', seal(key, 'device-token', text))).toBe(text);
  });

  it('uses a fresh nonce each time: sealing the same text twice differs', () => {
    const a = seal(key, 'card:1', '4111111111111111');
    const b = seal(key, 'card:1', '4111111111111111');
    expect(a).not.toBe(b);
    expect(base64ToBytes(a)?.subarray(0, 24)).not.toEqual(base64ToBytes(b)?.subarray(0, 24));
  });

  it('refuses tampered ciphertext, tag and nonce', () => {
    const sealed = seal(key, 'card:1', '4111111111111111');
    expect(() => open(key, 'card:1', flipBit(sealed, 30))).toThrow(TamperedError); // ciphertext
    expect(() => open(key, 'card:1', flipBit(sealed, -1))).toThrow(TamperedError); // tag
    expect(() => open(key, 'card:1', flipBit(sealed, 0))).toThrow(TamperedError); // nonce
  });

  it('refuses truncated or malformed input', () => {
    const sealed = seal(key, 'card:1', 'x');
    expect(() => open(key, 'card:1', sealed.slice(0, 20))).toThrow(TamperedError);
    expect(() => open(key, 'card:1', '')).toThrow(TamperedError);
    expect(() => open(key, 'card:1', 'not base64 at all!')).toThrow(TamperedError);
  });

  it('refuses ciphertext sealed for another record id', () => {
    const forA = seal(key, 'card:a', '4111111111111111');
    const forB = seal(key, 'card:b', '5555555555554444');
    expect(() => open(key, 'card:b', forA)).toThrow(TamperedError);
    expect(() => open(key, 'card:a', forB)).toThrow(TamperedError);
    expect(open(key, 'card:a', forA)).toBe('4111111111111111');
  });

  it('refuses ciphertext sealed under another key', () => {
    const otherKey = new Uint8Array(32).fill(7);
    expect(() => open(otherKey, 'card:1', seal(key, 'card:1', 'secret'))).toThrow(TamperedError);
  });

  it('says plainly when the key is not 32 bytes', () => {
    expect(() => seal(new Uint8Array(16), 'card:1', 'x')).toThrow(/32 bytes/);
    expect(() => open(new Uint8Array(16), 'card:1', seal(key, 'card:1', 'x'))).toThrow(/32 bytes/);
  });
});
