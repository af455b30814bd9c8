/**
 * Idempotency request hashes are keyed: a validation's body holds the card number and
 * CVC, so what is stored beside its Idempotency-Key must reveal nothing without the
 * server's key. Rows stored before the key (migration 019) still stop a second run.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { listMigrations } from '../../src/provider/db/migrate';
import { describeEachDb } from '../support/harness';

describeEachDb('keyed idempotency hashes', (h) => {
  const storedHash = async (vendorId: string, key: string) =>
    Buffer.from(
      (
        await h().db.query<{ request_hash: Buffer }>(
          'SELECT request_hash FROM idempotency_keys WHERE vendor_id = $1 AND key = $2',
          [vendorId, key],
        )
      )[0]!.request_hash,
    );

  it('a validation stores an HMAC of its request, not a hash anyone can recompute from the card', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const first = await h().authorize(v, card, 12_00, { idempotencyKey: 'order-1' });
    expect(first.body.status).toBe('approved');
    // The body exactly as the harness sends it (already in the form the schema outputs).
    const body = {
      card: {
        number: card.secrets.number,
        exp_month: card.secrets.exp_month,
        exp_year: card.secrets.exp_year,
        cvc: card.secrets.cvc,
      },
      amount: 12_00,
      currency: 'USD',
      merchant: { name: 'Example Shop', origin: v.origin },
    };
    const stored = await storedHash(v.id, 'order-1');
    const unkeyed = createHash('sha256')
      .update(`POST /v1/authorizations\n${JSON.stringify(body)}`)
      .digest();
    expect(stored.equals(unkeyed)).toBe(false);
    expect(stored.equals(h().ctx.keys.requestHash('POST', '/v1/authorizations', body))).toBe(true);

    // Retries still work: the same request gets the first answer, a different one 422.
    const again = await h().authorize(v, card, 12_00, { idempotencyKey: 'order-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await h().authorize(v, card, 13_00, { idempotencyKey: 'order-1' });
    expect(other.status).toBe(422);
    expect(other.body.error?.code).toBe('idempotency_mismatch');
  });

  it('captures, reversals and refunds store the keyed hash too', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const auth = await h().authorize(v, card, 10_00);
    const cap = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, {
      token: v.key,
      body: { amount: 6_00 },
      headers: { 'idempotency-key': 'cap-1' },
    });
    expect(cap.status).toBe(200);
    const stored = await storedHash(v.id, 'cap-1');
    expect(
      stored.equals(h().ctx.keys.requestHash('POST', `/v1/authorizations/${auth.body.id}/capture`, { amount: 6_00 })),
    ).toBe(true);
    const again = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, {
      token: v.key,
      body: { amount: 6_00 },
      headers: { 'idempotency-key': 'cap-1' },
    });
    expect(again).toEqual(cap);
  });

  it('migration 019 blanks the unkeyed hashes: the keys still stop a second run, and a reuse is told why', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { uses: 3 });
    const auth = await h().authorize(v, card, 5_00, { idempotencyKey: 'old-validation' });
    const capBody = { amount: 5_00 };
    const cap = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, {
      token: v.key,
      body: capBody,
      headers: { 'idempotency-key': 'old-capture' },
    });
    expect(cap.status).toBe(200);
    // Make both rows look as the old code stored them, then run the migration's script.
    for (const key of ['old-validation', 'old-capture']) {
      await h().db.query('UPDATE idempotency_keys SET request_hash = $3 WHERE vendor_id = $1 AND key = $2', [
        v.id,
        key,
        createHash('sha256').update(key).digest(),
      ]);
    }
    // The migration's statement on idempotency_keys, as it ran on upgrade (the rest of 019 is about couriers).
    const m019 = (await listMigrations()).find((m) => m.version === 19)!;
    const statement = m019.sql.split('\n').filter((line) => line.startsWith('UPDATE idempotency_keys'));
    expect(statement).toHaveLength(1);
    await h().db.exec(statement[0]!);
    expect((await storedHash(v.id, 'old-validation')).length).toBe(0);
    expect((await storedHash(v.id, 'old-capture')).length).toBe(0);

    const before = await h().snapshot();
    const retried = await h().authorize(v, card, 5_00, { idempotencyKey: 'old-validation' });
    expect(retried.status).toBe(409);
    expect(retried.body.error?.message).toMatch(/before a provider upgrade/);
    const recaptured = await h().request<{ error: { code: string; message: string } }>(
      'POST',
      `/v1/authorizations/${auth.body.id}/capture`,
      { token: v.key, body: capBody, headers: { 'idempotency-key': 'old-capture' } },
    );
    expect(recaptured.status).toBe(409);
    expect(recaptured.body.error.message).toMatch(/before a provider upgrade/);
    expect(await h().snapshot()).toEqual(before);
  });
});
