/**
 * The throttle mechanism itself (security/throttle.ts, migration 017): a slot is taken
 * by one atomic increment-and-test, on every counter or on none; a release gives back
 * only a slot of the window it was taken from.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import { pruneThrottles, release, reserve, type Counter } from '../../src/provider/security/throttle';

describeEachDb('throttles', (h) => {
  const count = async (scope: string, key: string) =>
    (await h().db.query<{ hits: number }>('SELECT hits FROM throttles WHERE scope = $1 AND key = $2', [scope, key]))[0]
      ?.hits ?? 0;

  it('takes a slot on every counter or on none; refuses at the limit with the wait until the window ends', async () => {
    const t0 = h().clock.now();
    const a: Counter = { scope: 'test:a', key: 'k1', limit: { max: 5, windowS: 60 } };
    const b: Counter = { scope: 'test:b', key: 'k1', limit: { max: 2, windowS: 60 } };
    for (let i = 0; i < 2; i++) expect((await reserve(h().db, [a, b], t0)).ok).toBe(true);
    const refused = await reserve(h().db, [a, b], new Date(t0.getTime() + 15_000));
    expect(refused).toEqual({ ok: false, retryAfterS: 45 });
    // b was full: a's slot, taken first in the same call, was given back.
    expect([await count('test:a', 'k1'), await count('test:b', 'k1')]).toEqual([2, 2]);
  });

  it('200 reservations at once on a limit of 7: exactly 7 taken', async () => {
    const c: Counter = { scope: 'test:burst', key: 'k', limit: { max: 7, windowS: 60 } };
    const answers = await Promise.all(Array.from({ length: 200 }, () => reserve(h().db, [c], h().clock.now())));
    expect(answers.filter((r) => r.ok)).toHaveLength(7);
    expect(await count('test:burst', 'k')).toBe(7);
  });

  it('a release gives back a slot of its own window only, and a counter back at zero is gone', async () => {
    const t0 = h().clock.now();
    const c: Counter = { scope: 'test:release', key: 'k', limit: { max: 3, windowS: 60 } };
    const first = await reserve(h().db, [c], t0);
    const second = await reserve(h().db, [c], t0);
    if (!first.ok || !second.ok) throw new Error('not reserved');
    await release(h().db, first.reservation);
    expect(await count('test:release', 'k')).toBe(1);
    await release(h().db, second.reservation);
    expect(await h().db.query("SELECT 1 FROM throttles WHERE scope = 'test:release'")).toEqual([]);

    const old = await reserve(h().db, [c], t0);
    const later = new Date(t0.getTime() + 61_000);
    const fresh = await reserve(h().db, [c], later); // a new window
    if (!old.ok || !fresh.ok) throw new Error('not reserved');
    await release(h().db, old.reservation);
    expect(await count('test:release', 'k')).toBe(1);
  });

  it('prunes the counters of the policy’s scopes whose window has ended', async () => {
    const { signupPerAddress } = h().ctx.policy;
    const t0 = h().clock.now();
    await reserve(h().db, [{ scope: 'signup:address', key: '2001:db8:0:1::/64', limit: signupPerAddress }], t0);
    await pruneThrottles(h().db, h().ctx.policy, new Date(t0.getTime() + signupPerAddress.windowS * 1000 - 1000));
    expect(await count('signup:address', '2001:db8:0:1::/64')).toBe(1);
    await pruneThrottles(h().db, h().ctx.policy, new Date(t0.getTime() + signupPerAddress.windowS * 1000 + 1000));
    expect(await count('signup:address', '2001:db8:0:1::/64')).toBe(0);
  });
});
