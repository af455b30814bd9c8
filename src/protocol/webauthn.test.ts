import { describe, expect, it } from 'vitest';
import { webauthnRpId } from './webauthn';

describe('webauthnRpId', () => {
  it("is the provider's host name; loopback is localhost; another IP address has none", () => {
    expect(webauthnRpId('https://veil.example')).toBe('veil.example');
    expect(webauthnRpId('https://Veil.Example:8443/base/')).toBe('veil.example');
    expect(webauthnRpId('http://localhost:8787')).toBe('localhost');
    expect(webauthnRpId('http://127.0.0.1:8787')).toBe('localhost');
    expect(webauthnRpId('http://[::1]:8787')).toBe('localhost');
    expect(webauthnRpId('http://10.20.30.40:8787')).toBeNull();
    expect(webauthnRpId('http://[2001:db8::1]/')).toBeNull();
    expect(webauthnRpId('not a url')).toBeNull();
  });
});
