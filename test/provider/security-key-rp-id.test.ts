/**
 * The RP ID of security keys is the provider's host, named by the provider in the
 * options (the page no longer chooses it), so one ID works from a Chrome and from a
 * Firefox extension page. Keys a Chrome extension page registered under its own id
 * before keep answering from that extension. A provider on a bare IP address has no
 * RP ID and says so. (The ceremonies themselves, with a real authenticator, are in
 * test/e2e/security-keys.e2e.ts and modes.e2e.ts.)
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';

const PASSWORD = 'a long enough password';
const CHROME_ID = 'abcdefghijklmnopabcdefghijklmnop';
const CHROME = `chrome-extension://${CHROME_ID}`;
const FIREFOX = 'moz-extension://0b3c6f1e-6d7a-4e55-9a49-1c2d3e4f5a6b';

interface Options {
  challenge_id: string;
  options: { rp?: { id: string }; rpId?: string; allowCredentials?: { id: string }[] };
}

describeEachDb('security-key RP ID (provider on 127.0.0.1)', (h) => {
  it('registration names the provider host (localhost for loopback) whichever extension asks; the page cannot pick one', async () => {
    const s = await h().shopper(0);
    for (const origin of [CHROME, FIREFOX]) {
      const reg = await h().request<Options>('POST', '/v1/shopper/security-keys/options', {
        token: s.token,
        body: { origin, name: 'Key', password: PASSWORD },
      });
      expect(reg.status).toBe(200);
      expect(reg.body.options.rp?.id).toBe('localhost');
      const [row] = await h().db.query<{ rp_id: string; origin: string }>(
        'SELECT rp_id, origin FROM webauthn_challenges WHERE id = $1',
        [reg.body.challenge_id],
      );
      expect(row).toEqual({ rp_id: 'localhost', origin });
    }
    const chosen = await h().request('POST', '/v1/shopper/security-keys/options', {
      token: s.token,
      body: { rp_id: 'evil.example', origin: FIREFOX, name: 'Key', password: PASSWORD },
    });
    expect(chosen.status).toBe(400);
  });

  it("a key registered under a Chrome extension's own id still answers there, until a key under the provider's RP ID exists", async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const addKey = (id: string, rpId: string, origin: string) =>
      h().db.query(
        "INSERT INTO webauthn_credentials (id, shopper_id, public_key, counter, transports, rp_id, origin, name, created_at) VALUES ($1, $2, '\\x00', 0, '', $3, $4, 'Key', now())",
        [id, s.id, rpId, origin],
      );
    await addKey('legacy_key_1', CHROME_ID, CHROME);
    const card = await h().issue(s.token, { mode: 'card_reader' });
    const a = (await h().authorize(v, card, 10_00)).body;
    const challenge = (origin: string) =>
      h().request<Options & { error?: { message: string } }>(
        'POST',
        `/v1/shopper/authorizations/${a.id}/webauthn-challenge`,
        { token: s.token, body: { origin } },
      );
    const fromChrome = await challenge(CHROME);
    expect(fromChrome.body.options.rpId).toBe(CHROME_ID);
    expect(fromChrome.body.options.allowCredentials?.map((c) => c.id)).toEqual(['legacy_key_1']);
    // Firefox never could use that key: it is told to register one.
    const fromFirefox = await challenge(FIREFOX);
    expect(fromFirefox.status).toBe(409);
    expect(fromFirefox.body.error?.message).toMatch(/register a security key/);
    expect(
      (
        await h().request<Options>('POST', '/v1/shopper/security-keys/step-up-options', {
          token: s.token,
          body: { origin: CHROME },
        })
      ).body.options.rpId,
    ).toBe(CHROME_ID);

    await addKey('current_key_1', 'localhost', FIREFOX);
    for (const origin of [CHROME, FIREFOX]) {
      const options = (await challenge(origin)).body.options;
      expect(options.rpId).toBe('localhost');
      expect(options.allowCredentials?.map((c) => c.id)).toEqual(['current_key_1']);
    }
  });
});

describeEachDb(
  'security-key RP ID (provider on a bare IP address)',
  (h) => {
    it('registration is refused with the reason, before any password is checked', async () => {
      const s = await h().shopper(0);
      const reg = await h().request<{ error: { message: string } }>('POST', '/v1/shopper/security-keys/options', {
        token: s.token,
        body: { origin: FIREFOX, name: 'Key', password: PASSWORD },
      });
      expect(reg.status).toBe(409);
      expect(reg.body.error.message).toMatch(/host name.*VEIL_PUBLIC_URL/);
      const checked = await h().db.query(
        "SELECT 1 FROM security_events WHERE shopper_id = $1 AND kind LIKE 'password.%'",
        [s.id],
      );
      expect(checked).toHaveLength(0);
    });
  },
  { publicUrl: 'http://10.20.30.40:8787' },
);
