/**
 * Password guessing: failed sign-ins are counted per email and per client address
 * (in the database, so every provider process sees them). At the limit, that email
 * or address gets 429 with Retry-After — even with the right password — until the
 * window ends. The account's owner sees it in their audit trail; the security log
 * has each failure, without emails or passwords.
 */
import { beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import { requestFrom } from '../support/from-address';

const PER_EMAIL = { max: 3, windowS: 900 };
const PER_ADDRESS = { max: 5, windowS: 900 };
const PASSWORD = 'a long enough password';

describeEachDb(
  'sign-in throttling',
  (h) => {
    let logLines: string[];
    beforeEach(() => {
      logLines = [];
      h().ctx.securityLog = (line) => logLines.push(line);
    });
    const signin = (from: string, email: string, password: string) =>
      requestFrom<{ device_token?: string; error?: { code: string } }>(from, h().url, 'POST', '/v1/shopper/signin', {
        body: { email, password, device_name: 'laptop' },
      });

    it('guessing one account’s password: 429 at the limit, even for the right password and from elsewhere; the owner is told; the window ends', async () => {
      const s = await h().shopper(0);
      for (let i = 0; i < PER_EMAIL.max; i++)
        expect((await signin('127.0.1.2', s.email, `wrong password ${i}`)).status).toBe(401);
      for (const from of ['127.0.1.2', '127.0.1.3']) {
        const res = await signin(from, s.email, PASSWORD);
        expect(res.status).toBe(429);
        expect(res.body.error?.code).toBe('rate_limited');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(PER_EMAIL.windowS);
      }
      expect((await h().events(s.token)).map((e) => e.kind)).toContain('account.signin_throttled');
      const logged = await h().db.query<{ kind: string; shopper_id: string; detail: Record<string, unknown> }>(
        'SELECT * FROM security_events WHERE shopper_id = $1 ORDER BY id',
        [s.id],
      );
      expect(logged.map((r) => r.kind)).toEqual([
        'signin.failed',
        'signin.failed',
        'signin.failed',
        'signin.throttled',
      ]);
      expect(logged.at(-1)!.detail).toMatchObject({ scope: 'email' });
      const text =
        JSON.stringify(await h().db.query('SELECT * FROM security_events')) +
        JSON.stringify(await h().db.query('SELECT * FROM throttles')) +
        logLines.join('\n');
      expect(text).not.toContain(s.email);
      expect(text).not.toContain('wrong password');
      expect(logLines.map((l) => (JSON.parse(l) as { security: string }).security)).toEqual([
        'signin.failed',
        'signin.failed',
        'signin.failed',
        'signin.throttled',
      ]);

      h().clock.advance(PER_EMAIL.windowS + 1);
      expect((await signin('127.0.1.3', s.email, PASSWORD)).status).toBe(200);
      // A success clears the email's count: the next mistake is the first again.
      expect((await signin('127.0.1.3', s.email, 'wrong again')).status).toBe(401);
      expect((await signin('127.0.1.3', s.email, PASSWORD)).status).toBe(200);
    });

    it('one address guessing across many emails is throttled by address; others still sign in', async () => {
      const s = await h().shopper(0);
      for (let i = 0; i < PER_ADDRESS.max; i++)
        expect((await signin('127.0.1.4', `nobody${i}@example.com`, 'whatever it is')).status).toBe(401);
      expect((await signin('127.0.1.4', s.email, PASSWORD)).status).toBe(429);
      expect((await signin('127.0.1.5', s.email, PASSWORD)).status).toBe(200);
      const logged = await h().db.query<{ detail: { scope: string } }>(
        "SELECT * FROM security_events WHERE kind = 'signin.throttled' AND client_address = '127.0.1.4'",
      );
      expect(logged.map((r) => r.detail.scope)).toEqual(['address']);
    });

    it('200 guesses at once on one account: exactly the limit are checked, the rest get 429 before any hashing', async () => {
      const s = await h().shopper(0);
      // From 200 addresses, so only the email's limit applies.
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => signin(`127.0.6.${i + 1}`, s.email, `wrong password ${i}`)),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((x) => x === 401)).toHaveLength(PER_EMAIL.max);
      expect(statuses.filter((x) => x === 429)).toHaveLength(200 - PER_EMAIL.max);
      const checked = await h().db.query(
        "SELECT 1 FROM security_events WHERE kind = 'signin.failed' AND shopper_id = $1",
        [s.id],
      );
      expect(checked).toHaveLength(PER_EMAIL.max);
      // The right password is now throttled too: the guesses used the window up.
      expect((await signin('127.0.6.201', s.email, PASSWORD)).status).toBe(429);
    });

    it('the security-key password check shares the sign-in throttle: each check is a security event, and 200 at once check at most the limit', async () => {
      const s = await h().shopper(0);
      const options = (from: string, password: string) =>
        requestFrom(from, h().url, 'POST', '/v1/shopper/security-keys/options', {
          token: s.token,
          body: { origin: 'http://localhost:3000', password, name: 'Key' },
        });
      expect((await options('127.0.7.1', PASSWORD)).status).toBe(200);
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => options(`127.0.7.${i + 2}`, `wrong password ${i}`)),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((x) => x === 401)).toHaveLength(PER_EMAIL.max);
      expect(statuses.filter((x) => x === 429)).toHaveLength(200 - PER_EMAIL.max);
      const logged = await h().db.query<{ kind: string; detail: Record<string, unknown> }>(
        'SELECT kind, detail FROM security_events WHERE shopper_id = $1 ORDER BY id',
        [s.id],
      );
      // The limit is logged when a slot reaches it, which may come before earlier slots' checks finish: compare as a set of counts.
      expect(logged[0]!.kind).toBe('password.verified');
      expect(
        logged
          .slice(1)
          .map((r) => r.kind)
          .sort(),
      ).toEqual([...Array<string>(PER_EMAIL.max).fill('password.failed'), 'signin.throttled']);
      expect(logged[0]!.detail).toEqual({ purpose: 'security_key_registration' });
      // And sign-in is throttled for that account: the tries were the same tries.
      expect((await signin('127.0.7.250', s.email, PASSWORD)).status).toBe(429);
    });
  },
  { policy: { signinPerEmail: PER_EMAIL, signinPerAddress: PER_ADDRESS } },
);
