/**
 * Card testing: someone with a vendor key (stolen, or a shop of their own) sweeps
 * card numbers, CVCs or expiries to find live cards. Unknown cards and wrong card
 * details are counted per vendor key and per client address; at the limit that key
 * or address gets 429 with Retry-After until the window ends. A card with 5 wrong
 * tries is blocked (75) until its shopper unblocks it. Each event reaches the
 * shopper's audit trail (when a card of theirs is involved) and the security log,
 * which never holds card data.
 */
import { beforeEach, expect, it } from 'vitest';
import { luhnCheckDigit, type IssuedCard } from '../../src/protocol';
import { describeEachDb, type Harness } from '../support/harness';
import { requestFrom } from '../support/from-address';
import { burst } from '../support/burst';
import { pruneThrottles } from '../../src/provider/security/throttle';
import { tokenHash } from '../../src/provider/crypto/tokens';

const LIMIT = { max: 8, windowS: 600 };

describeEachDb(
  'card testing',
  (h) => {
    let logLines: string[];
    beforeEach(() => {
      logLines = [];
      h().ctx.securityLog = (line) => logLines.push(line);
    });

    let n = 0;
    /** A Luhn-valid number in Veil's range that no card has. */
    const unknownPan = () => {
      const body = `4999929${String(++n).padStart(8, '0')}`;
      return body + luhnCheckDigit(body);
    };
    const body = (
      card: { number: string; exp_month: number; exp_year: number; cvc: string },
      origin: string,
      amount = 5_00,
    ) => ({
      card,
      amount,
      currency: 'USD',
      merchant: { name: 'Shop', origin },
    });
    const validate = (
      from: string,
      vendor: { key: string; origin: string },
      card: { number: string; exp_month: number; exp_year: number; cvc: string },
      headers: Record<string, string> = {},
    ) =>
      requestFrom<{ reason?: string; error?: { code: string; message: string } }>(
        from,
        h().url,
        'POST',
        '/v1/authorizations',
        { token: vendor.key, body: body(card, vendor.origin), headers },
      );
    const secrets = (c: IssuedCard) => ({ ...c.secrets });
    const securityRows = (where: string, params: unknown[]) =>
      h().db.query<Record<string, unknown>>(`SELECT * FROM security_events WHERE ${where} ORDER BY id`, params);

    async function expectNoCardData(harness: Harness, pans: string[], cvcs: string[]) {
      const all = JSON.stringify(await harness.db.query('SELECT * FROM security_events')) + logLines.join('\n');
      for (const pan of pans) expect(all).not.toContain(pan);
      for (const cvc of cvcs) expect(all).not.toContain(`"${cvc}"`);
      expect(all).not.toMatch(/"(cvc|number|pan|exp_month|exp_year)"/);
    }

    it('counts a hit in a transaction that does not wait for the WAL flush, unless the hit reaches the limit', async () => {
      const commitMode = (hitsBefore: number) =>
        h().rolledBack(async (sql) => {
          if (hitsBefore > 0)
            await sql.query(
              "INSERT INTO throttles (scope, key, window_start, hits) VALUES ('card_testing:vendor', 'ven_probe', now(), $1)",
              [hitsBefore],
            );
          await sql.query("SELECT veil_card_testing_hit('ven_probe', NULL, 'auth_probe', '14', now(), $1, $2)", [
            LIMIT.max,
            LIMIT.windowS,
          ]);
          const [row] = await sql.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
          return row!.synchronous_commit;
        });
      expect(await commitMode(0)).toBe('off');
      // This hit reaches the limit: a security event, committed durably.
      expect(await commitMode(LIMIT.max - 1)).toBe('on');
    });

    it('a vendor key sweeping card numbers is throttled: 429 with Retry-After, nothing recorded, on every address, until the window ends', async () => {
      const v = await h().vendor();
      const other = await h().vendor('https://other.example', 'Other Shop');
      const s = await h().shopper();
      const card = await h().issue(s.token, { uses: 2 });
      const swept: string[] = [];
      for (let i = 0; i < LIMIT.max; i++) {
        const pan = unknownPan();
        swept.push(pan);
        const res = await validate(
          '127.0.0.2',
          v,
          { ...secrets(card), number: pan },
          i === 0 ? { 'idempotency-key': 'sweep-0' } : {},
        );
        expect(res.status).toBe(200);
        expect(res.body.reason).toBe('14');
      }
      const before = await h().snapshot();
      // Throttled now, even with a real card, and from another address too: the key is what is caught.
      for (const from of ['127.0.0.2', '127.0.0.3']) {
        const res = await validate(from, v, secrets(card));
        expect(res.status).toBe(429);
        expect(res.body.error?.code).toBe('rate_limited');
        const retryAfter = Number(res.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(LIMIT.windowS);
      }
      expect(await h().snapshot()).toEqual(before);
      // A retry of a request decided before the throttle still gets its first answer.
      const replay = await validate(
        '127.0.0.2',
        v,
        { ...secrets(card), number: swept[0]! },
        { 'idempotency-key': 'sweep-0' },
      );
      expect(replay.status).toBe(200);
      expect(replay.body.reason).toBe('14');
      // Another vendor from an address that did not sweep is not affected.
      expect((await validate('127.0.0.3', other, { ...secrets(card), number: unknownPan() })).status).toBe(200);

      const logged = await securityRows("kind = 'card_testing.throttled' AND vendor_id = $1", [v.id]);
      expect(logged.map((r) => (r.detail as { scope: string }).scope).sort()).toEqual([
        'card_testing:address',
        'card_testing:vendor',
      ]);
      expect(logLines.map((l) => JSON.parse(l) as { security: string; vendor_id: string })).toEqual(
        expect.arrayContaining([expect.objectContaining({ security: 'card_testing.throttled', vendor_id: v.id })]),
      );
      await expectNoCardData(h(), [...swept, card.secrets.number], []);

      h().clock.advance(LIMIT.windowS + 1);
      const after = await validate('127.0.0.3', v, secrets(card));
      expect(after.status).toBe(200);
      expect(after.body.reason).toBe('00');
      // Counters whose window has ended are pruned.
      const counters = () =>
        h().db.query("SELECT 1 FROM throttles WHERE scope = 'card_testing:vendor' AND key = $1", [v.id]);
      expect(await counters()).toHaveLength(1);
      await pruneThrottles(h().db, h().ctx.policy, h().clock.now());
      expect(await counters()).toHaveLength(0);
    });

    it('an address sweeping with several vendor keys is throttled by address; the keys still work elsewhere', async () => {
      const vendors = [await h().vendor(), await h().vendor(), await h().vendor()];
      const s = await h().shopper();
      const card = await h().issue(s.token, { uses: 5 });
      for (let i = 0; i < LIMIT.max; i++) {
        const res = await validate('127.0.0.4', vendors[i % 2]!, { ...secrets(card), number: unknownPan() });
        expect(res.body.reason).toBe('14');
      }
      // The third key never swept, but this address did.
      expect((await validate('127.0.0.4', vendors[2]!, secrets(card))).status).toBe(429);
      // Each key made only half the sweep: from a clean address, they work.
      for (const v of vendors.slice(0, 2))
        expect((await validate('127.0.0.5', v, secrets(card))).body.reason).toBe('00');
      const logged = await securityRows("kind = 'card_testing.throttled' AND client_address = '127.0.0.4'", []);
      expect(logged.map((r) => (r.detail as { scope: string }).scope)).toEqual(['card_testing:address']);
    });

    it('sweeping expiries over many cards is card testing too', async () => {
      const v = await h().vendor();
      const s = await h().shopper();
      const cards = await Promise.all(Array.from({ length: LIMIT.max + 1 }, () => h().issue(s.token)));
      for (const c of cards.slice(0, LIMIT.max)) {
        const res = await validate('127.0.0.6', v, { ...secrets(c), exp_month: (c.secrets.exp_month % 12) + 1 });
        expect(res.body.reason).toBe('82');
      }
      expect((await validate('127.0.0.7', v, secrets(cards.at(-1)!))).status).toBe(429);
    });

    it('a CVC sweep on one card: 82 four times, blocked (75) on the fifth until the shopper unblocks; all in the audit trail and the security log, no card data', async () => {
      const v = await h().vendor();
      const s = await h().shopper();
      const card = await h().issue(s.token);
      const wrong = ['000', '001', '002', '003', '004', '005'].filter((c) => c !== card.secrets.cvc).slice(0, 5);
      const reasons: string[] = [];
      for (const cvc of wrong) reasons.push((await validate('127.0.0.8', v, { ...secrets(card), cvc })).body.reason!);
      expect(reasons).toEqual(['82', '82', '82', '82', '75']);
      // Blocked: the right CVC is refused too.
      expect((await validate('127.0.0.8', v, secrets(card))).body.reason).toBe('75');

      const trail = (await h().events(s.token, `?card_id=${card.id}`)).reverse();
      expect(trail.map((e) => `${e.kind}${e.reason ? ` ${e.reason}` : ''}`)).toEqual([
        'card.issued',
        'authorization.declined 82',
        'authorization.declined 82',
        'authorization.declined 82',
        'authorization.declined 82',
        'authorization.declined 75',
        'card.blocked 75',
        'authorization.declined 75',
      ]);
      const logged = await securityRows('card_id = $1', [card.id]);
      expect(
        logged.map((r) => [r.kind, (r.detail as { tries: number }).tries, r.shopper_id, r.vendor_id, r.client_address]),
      ).toEqual([
        ['card.wrong_secret', 1, s.id, v.id, '127.0.0.8'],
        ['card.wrong_secret', 2, s.id, v.id, '127.0.0.8'],
        ['card.wrong_secret', 3, s.id, v.id, '127.0.0.8'],
        ['card.wrong_secret', 4, s.id, v.id, '127.0.0.8'],
        ['card.blocked', 5, s.id, v.id, '127.0.0.8'],
      ]);
      expect(logLines.map((l) => (JSON.parse(l) as { security: string }).security)).toEqual([
        ...Array(4).fill('card.wrong_secret'),
        'card.blocked',
      ]);
      await expectNoCardData(h(), [card.secrets.number], [card.secrets.cvc, ...wrong]);

      const unblock = await h().request<{ state: string }>('PATCH', `/v1/shopper/cards/${card.id}`, {
        token: s.token,
        body: { state: 'active' },
      });
      expect(unblock.body.state).toBe('active');
      expect((await validate('127.0.0.9', v, secrets(card))).body.reason).toBe('00');
      expect(await h().ledgerProblems()).toEqual([]);
    });

    it('takes its slots in a transaction that does not wait for the WAL flush', async () => {
      const v = await h().vendor();
      const mode = await h().rolledBack(async (sql) => {
        await sql.query('SELECT veil_card_testing_reserve($1, NULL, now(), $2, $3)', [
          tokenHash(v.key),
          LIMIT.max,
          LIMIT.windowS,
        ]);
        return (await sql.query<{ synchronous_commit: string }>('SHOW synchronous_commit'))[0]!.synchronous_commit;
      });
      expect(mode).toBe('off');
    });

    it('200 card-number sweeps at once from one vendor key: at most the limit are evaluated, the rest get 429', async () => {
      const v = await h().vendor();
      const s = await h().shopper();
      const card = await h().issue(s.token);
      // All on open connections, so they arrive together (the vendor key's and the address's limits are the same).
      const answers = await burst<{ reason?: string }>(
        h().url,
        'POST',
        '/v1/authorizations',
        Array.from({ length: 200 }, () => ({
          token: v.key,
          body: body({ ...secrets(card), number: unknownPan() }, v.origin),
        })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((x) => x === 200)).toHaveLength(LIMIT.max);
      expect(statuses.filter((x) => x === 429)).toHaveLength(200 - LIMIT.max);
      const evaluated = await h().db.query('SELECT 1 FROM authorizations WHERE vendor_id = $1', [v.id]);
      expect(evaluated).toHaveLength(LIMIT.max);
      const logged = await securityRows("kind = 'card_testing.throttled' AND vendor_id = $1", [v.id]);
      expect(logged.map((r) => (r.detail as { scope: string }).scope).sort()).toEqual([
        'card_testing:address',
        'card_testing:vendor',
      ]);
      // Honest traffic from another key is not held up, and its slots were given back.
      const other = await h().vendor();
      expect((await validate('127.0.8.201', other, secrets(card))).body.reason).toBe('00');
    });

    it('a vendor the card is not locked to gets 57 whatever the CVC, and cannot spend the card’s wrong tries', async () => {
      const locked = await h().vendor('https://locked.example', 'Locked Shop');
      const stranger = await h().vendor('https://stranger.example', 'Stranger');
      const s = await h().shopper();
      const card = await h().issue(s.token, { merchant: { origin: locked.origin } });
      for (let i = 0; i < 10; i++) {
        const res = await validate('127.0.9.1', stranger, {
          ...secrets(card),
          cvc: String((Number(card.secrets.cvc) + 1 + i) % 1000).padStart(3, '0'),
        });
        expect(res.status).toBe(200);
        expect(res.body.reason).toBe('57');
      }
      const [row] = await h().db.query<{ wrong_tries: number; state: string }>(
        'SELECT wrong_tries, state FROM cards WHERE id = $1',
        [card.id],
      );
      expect(row).toEqual({ wrong_tries: 0, state: 'active' });
      expect(await securityRows("card_id = $1 AND kind IN ('card.wrong_secret', 'card.blocked')", [card.id])).toEqual(
        [],
      );
      expect((await validate('127.0.9.2', locked, secrets(card))).body.reason).toBe('00');
    });
  },
  { policy: { cardTesting: LIMIT } },
);
