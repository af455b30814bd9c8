/**
 * Vendor keys: a revoked key stops working on the very next request, on the
 * validation path (checked inside its one database call) as on every other vendor
 * path; another vendor's key can neither read nor move an authorization.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import { revokeVendor } from '../../src/provider/vendors/vendors';

describeEachDb('vendor authentication', (h) => {
  it('a key revoked after use is refused at once, everywhere, and changes nothing', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token, { uses: 3 });
    const ok = await h().authorize(v, card, 1_00);
    expect(ok.body.reason).toBe('00');
    await revokeVendor(h().db, v.id, new Date());
    const before = await h().snapshot();
    const attempts = [
      await h().authorize(v, card, 1_00),
      await h().authorize(v, card, 1_00, { idempotencyKey: 'after-revoke' }),
      await h().request('POST', '/v1/authorizations', {
        token: v.key,
        raw: '{"not": "valid"',
        headers: { 'content-type': 'application/json' },
      }),
      await h().request('GET', `/v1/authorizations/${ok.body.id}`, { token: v.key }),
      await h().request('POST', `/v1/authorizations/${ok.body.id}/capture`, { token: v.key, body: {} }),
      await h().request('POST', `/v1/authorizations/${ok.body.id}/reverse`, { token: v.key, body: {} }),
    ];
    for (const a of attempts) {
      expect(a.status).toBe(401);
      expect((a.body as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(await h().snapshot()).toEqual(before);
  });

  it("another vendor's key cannot read, capture, reverse or refund an authorization", async () => {
    const v = await h().vendor();
    const intruder = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token, { uses: 2 });
    const auth = await h().authorize(v, card, 10_00);
    const before = await h().snapshot();
    const tries = [
      await h().request('GET', `/v1/authorizations/${auth.body.id}`, { token: intruder.key }),
      await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: intruder.key, body: {} }),
      await h().request('POST', `/v1/authorizations/${auth.body.id}/reverse`, { token: intruder.key, body: {} }),
      await h().request('POST', '/v1/refunds', {
        token: intruder.key,
        body: { authorization_id: auth.body.id, amount: 1_00 },
      }),
    ];
    for (const t of tries) expect(t.status).toBe(404);
    expect(await h().snapshot()).toEqual(before);
    // The owner still can.
    expect(
      (await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: {} })).status,
    ).toBe(200);
  });
});
