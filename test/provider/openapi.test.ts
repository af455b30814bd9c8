/** /openapi.json names the provider's configured public address, never the Host a client sent. */
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { startProvider } from '../../src/provider/start';
import { publicUrl } from '../../src/provider/config';
import { describeEachDb } from '../support/harness';

/** GET with a Host header of our choosing (fetch would not let us forge it). */
function getWithHost(base: string, path: string, host: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: 'GET', headers: { host } });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.end();
  });
}

describeEachDb('openapi document', (h) => {
  it('names the listen address by default, whatever Host the request carried', async () => {
    const res = await getWithHost(h().url, '/openapi.json', 'evil.example');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('evil.example');
    expect((JSON.parse(res.text) as { servers: { url: string }[] }).servers).toEqual([{ url: h().url }]);
  });

  it('names the configured public URL when there is one', async () => {
    const other = await startProvider({
      db: h().db,
      masterKey: randomBytes(32),
      sweepMs: 0,
      webhookMs: 0,
      publicUrl: 'https://veil.example/api',
    });
    try {
      const res = await getWithHost(other.url, '/openapi.json', 'evil.example');
      expect(res.text).not.toContain('evil.example');
      expect((JSON.parse(res.text) as { servers: { url: string }[] }).servers).toEqual([
        { url: 'https://veil.example/api' },
      ]);
    } finally {
      await other.close();
    }
  });
});

it('VEIL_PUBLIC_URL is checked and normalised', () => {
  expect(publicUrl(undefined)).toBeUndefined();
  expect(publicUrl('https://Veil.Example/')).toBe('https://veil.example');
  expect(publicUrl('https://example.net/veil/')).toBe('https://example.net/veil');
  expect(() => publicUrl('veil.example')).toThrow(/absolute URL/);
  expect(() => publicUrl('ftp://veil.example')).toThrow(/http\(s\)/);
  expect(() => publicUrl('https://veil.example/?x=1')).toThrow(/query/);
});
