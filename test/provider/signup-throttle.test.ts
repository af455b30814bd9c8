/**
 * Sign-up floods: each sign-up costs a password hash (scrypt, on a small shared thread
 * pool) and makes an account. Sign-ups are counted per client address before the hash
 * is computed, and the hashing queue is bounded (crypto/password-hashing.ts, unit-tested
 * beside it), so one client cannot make accounts by the hundred nor starve sign-ins.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import { requestFrom } from '../support/from-address';
import { hashPassword } from '../../src/provider/crypto/tokens';

const PER_ADDRESS = { max: 4, windowS: 3600 };
const PASSWORD = 'a long enough password';

describeEachDb(
  'sign-up throttling',
  (h) => {
    const signup = (from: string, email: string) =>
      requestFrom<{ device_token?: string; error?: { code: string } }>(from, h().url, 'POST', '/v1/shopper/signup', {
        body: { email, password: PASSWORD, device_name: 'laptop' },
      });

    it('200 sign-ups at once from one address make at most the limit of accounts, the rest get 429 with Retry-After; a sign-in from elsewhere succeeds meanwhile', async () => {
      const existing = await h().shopper(0);
      const before = await h().db.query<{ n: number }>('SELECT count(*)::int AS n FROM shoppers');
      const flood = Promise.all(
        Array.from({ length: 200 }, (_, i) => signup('127.0.10.1', `flood${i}-${h().kind}@example.com`)),
      );
      const signin = requestFrom('127.0.10.2', h().url, 'POST', '/v1/shopper/signin', {
        body: { email: existing.email, password: PASSWORD, device_name: 'phone' },
      });
      const [answers, signedIn] = await Promise.all([flood, signin]);
      expect(signedIn.status).toBe(200);
      expect(answers.filter((r) => r.status === 201)).toHaveLength(PER_ADDRESS.max);
      const refused = answers.filter((r) => r.status === 429);
      expect(refused).toHaveLength(200 - PER_ADDRESS.max);
      for (const r of refused) {
        expect(r.body.error?.code).toBe('rate_limited');
        expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      const after = await h().db.query<{ n: number }>('SELECT count(*)::int AS n FROM shoppers');
      expect(after[0]!.n - before[0]!.n).toBe(PER_ADDRESS.max);
      const logged = await h().db.query(
        "SELECT 1 FROM security_events WHERE kind = 'signup.throttled' AND client_address = '127.0.10.1'",
      );
      expect(logged).toHaveLength(1);
      // Another address is its own client.
      expect((await signup('127.0.10.3', `other-${h().kind}@example.com`)).status).toBe(201);
    });
  },
  { policy: { signupPerAddress: PER_ADDRESS } },
);

describeEachDb(
  'hashing queue full for sign-ups',
  (h) => {
    it('a sign-up is refused with 429 and Retry-After before any hashing (and costs no sign-up slot), while a sign-in still gets its hash', async () => {
      await h().db.query('INSERT INTO shoppers (id, email, password_hash, created_at) VALUES ($1, $2, $3, now())', [
        'shp_queuetest0000000000001',
        `queue-${h().kind}@example.com`,
        await hashPassword(PASSWORD),
      ]);
      const up = await requestFrom<{ error?: { code: string } }>('127.0.12.1', h().url, 'POST', '/v1/shopper/signup', {
        body: { email: `new-${h().kind}@example.com`, password: PASSWORD, device_name: 'x' },
      });
      expect(up.status).toBe(429);
      expect(up.body.error?.code).toBe('rate_limited');
      expect(Number(up.headers['retry-after'])).toBeGreaterThan(0);
      expect(await h().db.query("SELECT 1 FROM throttles WHERE scope = 'signup:address'")).toEqual([]);
      const signin = await requestFrom('127.0.12.2', h().url, 'POST', '/v1/shopper/signin', {
        body: { email: `queue-${h().kind}@example.com`, password: PASSWORD, device_name: 'x' },
      });
      expect(signin.status).toBe(200);
    });
  },
  // No room at all for new passwords: the bound itself, without depending on how fast scrypt runs.
  { policy: { signupPerAddress: PER_ADDRESS, passwordHashing: { maxQueued: 64, maxQueuedForSignUp: 0 } } },
);
