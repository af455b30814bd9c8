/**
 * Card-reader mode cannot be switched off with the device token alone: leaving it needs
 * the account password (throttled like sign-in) or a step-up assertion (the assertion
 * path, with a real authenticator, is in test/e2e/security-keys.e2e.ts).
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';

describeEachDb('card-reader protection', (h) => {
  it('leaving card-reader mode: 403 with the token alone, 401 with a wrong password, done with the password; other changes need nothing', async () => {
    const s = await h().shopper(0);
    const card = await h().issue(s.token, { mode: 'card_reader' });
    const patch = (body: Record<string, unknown>) =>
      h().request<{ mode?: string; cap?: number }>('PATCH', `/v1/shopper/cards/${card.id}`, { token: s.token, body });
    expect((await patch({ mode: 'confirmation' })).status).toBe(403);
    expect((await patch({ mode: 'notification', password: 'not the password' })).status).toBe(401);
    expect((await patch({ password: 'a long enough password' })).status).toBe(400); // nothing to change
    expect((await patch({ mode: 'notification', assertion: { challenge_id: 'x' } })).status).toBe(400);
    expect(
      (await h().request<{ mode: string }>('GET', `/v1/shopper/cards/${card.id}`, { token: s.token })).body.mode,
    ).toBe('card_reader');
    expect((await patch({ cap: 42_00 })).body.cap).toBe(42_00);
    expect((await patch({ mode: 'notification', password: 'a long enough password' })).body.mode).toBe('notification');
    // Into card-reader mode and between other modes: no proof needed.
    expect((await patch({ mode: 'card_reader' })).status).toBe(200);
    const other = await h().issue(s.token, { mode: 'notification' });
    expect(
      (await h().request('PATCH', `/v1/shopper/cards/${other.id}`, { token: s.token, body: { mode: 'confirmation' } }))
        .status,
    ).toBe(200);
  });

  it('removing a security key needs a proof; an unknown key is 404 before any password is checked', async () => {
    const s = await h().shopper(0);
    expect(
      (
        await h().request('DELETE', '/v1/shopper/security-keys/AAAAAAAAAAAA', {
          token: s.token,
          body: { password: 'a long enough password' },
        })
      ).status,
    ).toBe(404);
    await h().db.query(
      "INSERT INTO webauthn_credentials (id, shopper_id, public_key, counter, transports, rp_id, origin, name, created_at) VALUES ('cred_test_1', $1, '\\x00', 0, '', 'localhost', 'http://localhost', 'Key', now())",
      [s.id],
    );
    expect((await h().request('DELETE', '/v1/shopper/security-keys/cred_test_1', { token: s.token })).status).toBe(403);
    expect(
      (
        await h().request('DELETE', '/v1/shopper/security-keys/cred_test_1', {
          token: s.token,
          body: { password: 'nope nope' },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await h().request('DELETE', '/v1/shopper/security-keys/cred_test_1', {
          token: s.token,
          body: { password: 'a long enough password' },
        })
      ).status,
    ).toBe(204);
    const failed = await h().db.query(
      "SELECT 1 FROM security_events WHERE shopper_id = $1 AND kind = 'password.failed'",
      [s.id],
    );
    expect(failed).toHaveLength(1);
  });
});
