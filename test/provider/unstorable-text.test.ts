/**
 * U+0000 and unpaired surrogates in any free-text field: 400 naming the field, and
 * nothing written (PostgreSQL's text and jsonb refuse both; they used to be a 500,
 * and on the validation path a rollback of the whole batch). A validation carrying
 * one, sent together with good ones, leaves the good ones approved.
 */
import { beforeAll, expect, it } from 'vitest';
import { createCourier } from '../../src/provider/delivery/couriers';
import type { IssuedCard } from '../../src/protocol';
import { describeEachDb } from '../support/harness';

const HOME = { name: 'Robin Private', line1: '7 Hidden Lane', city: 'Eugene', postal_code: '97401', country: 'US' };
const BAD = { nul: 'a\u0000b', 'lone high surrogate': 'a\ud800b', 'lone low surrogate': '\udc00b' };

interface Case {
  field: string;
  method: string;
  path: string;
  token: 'vendor' | 'shopper' | 'courier' | 'none';
  body: (bad: string) => unknown;
}

describeEachDb('unstorable text', (h) => {
  let vendor: { key: string; origin: string; id: string };
  let shopper: { token: string };
  let card: IssuedCard;
  let authId: string;
  let courierKey: string;

  beforeAll(async () => {
    vendor = await h().vendor();
    shopper = await h().shopper(100_00);
    card = await h().issue(shopper.token, { uses: 50 });
    authId = (await h().authorize(vendor, card, 1_00)).body.id;
    courierKey = (await h().db.tx((sql) => createCourier(sql, 'Parcel Co', new Date()))).key;
  });

  const validation = (over: { name?: string; purchasing_id?: string } = {}) => ({
    card: {
      number: card.secrets.number,
      exp_month: card.secrets.exp_month,
      exp_year: card.secrets.exp_year,
      cvc: card.secrets.cvc,
    },
    amount: 1_00,
    currency: 'USD',
    merchant: { name: over.name ?? 'Example Shop', origin: vendor.origin },
    ...(over.purchasing_id !== undefined ? { purchasing_id: over.purchasing_id } : {}),
  });
  const signup = { email: 'new@example.com', password: 'a long enough password', device_name: 'laptop' };
  const cardSource = {
    kind: 'card',
    number: '4242424242424242',
    exp_month: 12,
    exp_year: 2099,
    holder: 'Test Shopper',
  };
  const bankSource = { kind: 'bank', routing_number: '011000015', account_number: '12345678', holder: 'Test Shopper' };
  const place = { origin: 'chrome-extension://abcdefghijklmnop' };
  const credential = (id: string, rawId = 'AAAA') => ({ id, rawId, type: 'public-key', response: {} });

  const cases: Case[] = [
    {
      field: 'merchant.name',
      method: 'POST',
      path: '/v1/authorizations',
      token: 'vendor',
      body: (b) => validation({ name: b }),
    },
    {
      field: 'purchasing_id',
      method: 'POST',
      path: '/v1/authorizations',
      token: 'vendor',
      body: (b) => validation({ purchasing_id: b }),
    },
    {
      field: 'authorization_id',
      method: 'POST',
      path: '/v1/refunds',
      token: 'vendor',
      body: (b) => ({ authorization_id: b, amount: 1 }),
    },
    {
      field: 'email',
      method: 'POST',
      path: '/v1/shopper/signup',
      token: 'none',
      body: (b) => ({ ...signup, email: `x${b}@example.com` }),
    },
    {
      field: 'password',
      method: 'POST',
      path: '/v1/shopper/signup',
      token: 'none',
      body: (b) => ({ ...signup, password: `long enough ${b}` }),
    },
    {
      field: 'device_name',
      method: 'POST',
      path: '/v1/shopper/signup',
      token: 'none',
      body: (b) => ({ ...signup, device_name: b }),
    },
    {
      field: 'device_name',
      method: 'POST',
      path: '/v1/shopper/signin',
      token: 'none',
      body: (b) => ({ ...signup, device_name: b }),
    },
    {
      field: 'password',
      method: 'POST',
      path: '/v1/shopper/signin',
      token: 'none',
      body: (b) => ({ ...signup, password: b }),
    },
    {
      field: 'holder',
      method: 'POST',
      path: '/v1/shopper/funding-sources',
      token: 'shopper',
      body: (b) => ({ ...cardSource, holder: b }),
    },
    {
      field: 'holder',
      method: 'POST',
      path: '/v1/shopper/funding-sources',
      token: 'shopper',
      body: (b) => ({ ...bankSource, holder: b }),
    },
    {
      field: 'funding_source_id',
      method: 'POST',
      path: '/v1/shopper/top-ups',
      token: 'shopper',
      body: (b) => ({ amount: 1_00, currency: 'USD', funding_source_id: b }),
    },
    {
      field: 'merchant.name',
      method: 'POST',
      path: '/v1/shopper/cards',
      token: 'shopper',
      body: (b) => ({ merchant: { origin: 'https://x.example', name: b } }),
    },
    {
      field: 'delivery.alias',
      method: 'POST',
      path: '/v1/shopper/cards',
      token: 'shopper',
      body: (b) => ({ merchant: { origin: 'https://x.example' }, delivery: { alias: b } }),
    },
    {
      field: 'delivery.address_id',
      method: 'POST',
      path: '/v1/shopper/cards',
      token: 'shopper',
      body: (b) => ({ merchant: { origin: 'https://x.example' }, delivery: { address_id: b } }),
    },
    ...(['name', 'line1', 'line2', 'city', 'region', 'postal_code', 'phone', 'label'] as const).map((f): Case => ({
      field: f,
      method: 'POST',
      path: '/v1/shopper/delivery-addresses',
      token: 'shopper',
      body: (b) => ({ ...HOME, [f]: b }),
    })),
    {
      field: 'reference',
      method: 'POST',
      path: '/v1/deliveries/resolve',
      token: 'courier',
      body: (b) => ({ reference: b }),
    },
    {
      field: 'assertion.challenge_id',
      method: 'POST',
      path: '/v1/shopper/authorizations/{auth}/decision',
      token: 'shopper',
      body: (b) => ({ decision: 'approve', assertion: { challenge_id: b, credential: credential('AAAA') } }),
    },
    {
      field: 'name',
      method: 'POST',
      path: '/v1/shopper/security-keys/options',
      token: 'shopper',
      body: (b) => ({ ...place, password: 'a long enough password', name: b }),
    },
    {
      field: 'password',
      method: 'POST',
      path: '/v1/shopper/security-keys/options',
      token: 'shopper',
      body: (b) => ({ ...place, password: b, name: 'key' }),
    },
    {
      field: 'challenge_id',
      method: 'POST',
      path: '/v1/shopper/security-keys',
      token: 'shopper',
      body: (b) => ({ challenge_id: b, credential: credential('AAAA') }),
    },
    {
      field: 'credential.id',
      method: 'POST',
      path: '/v1/shopper/security-keys',
      token: 'shopper',
      body: (b) => ({ challenge_id: 'chl_x', credential: credential(b) }),
    },
    {
      field: 'credential.rawId',
      method: 'POST',
      path: '/v1/shopper/security-keys',
      token: 'shopper',
      body: (b) => ({ challenge_id: 'chl_x', credential: credential('AAAA', b) }),
    },
  ];

  /** The harness's snapshot, and the tables it does not count that these routes write. */
  const everything = async () => {
    const counts = await h().snapshot();
    for (const t of [
      'delivery_addresses',
      'courier_misses',
      'delivery_resolutions',
      'webauthn_credentials',
      'webauthn_challenges',
      'security_events',
    ]) {
      counts[t] = (await h().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n;
    }
    return counts;
  };

  const tokenFor = (t: Case['token']) =>
    t === 'vendor' ? vendor.key : t === 'shopper' ? shopper.token : t === 'courier' ? courierKey : undefined;

  for (const c of cases) {
    for (const [kind, bad] of Object.entries(BAD)) {
      it(`${c.method} ${c.path}: ${c.field} with a ${kind} is 400 naming the field, and nothing is written`, async () => {
        const before = await everything();
        const token = tokenFor(c.token);
        const res = await h().request<{ error: { code: string; message: string; issues?: { path: string }[] } }>(
          c.method,
          c.path.replace('{auth}', authId),
          {
            ...(token ? { token } : {}),
            body: c.body(bad),
          },
        );
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
        expect(res.body.error.issues?.map((i) => i.path)).toContain(c.field);
        expect(res.body.error.message).toMatch(/NUL \(U\+0000\) or unpaired surrogate/);
        expect(await everything()).toEqual(before);
      });
    }
  }

  it('a query parameter with NUL is 400 naming it', async () => {
    const res = await h().request<{ error: { issues?: { path: string }[] } }>(
      'GET',
      '/v1/shopper/events?card_id=card_%00',
      { token: shopper.token },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.map((i) => i.path)).toContain('card_id');
  });

  it('a validation with NUL in its merchant name, sent among good ones, is refused alone: the others are approved', async () => {
    const s = await h().shopper(100_00);
    const cards = await Promise.all(Array.from({ length: 8 }, () => h().issue(s.token)));
    const answers = await Promise.all(
      cards.map((c, i) =>
        h().authorize(
          { key: vendor.key, origin: vendor.origin, name: i === 3 ? 'Bad\u0000Shop' : 'Example Shop' },
          c,
          2_00,
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 400, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.status === 200).every((a) => a.body.status === 'approved')).toBe(true);
    expect(await h().me(s.token)).toMatchObject({ balance: 86_00, held: 14_00 });
    expect(await h().ledgerProblems()).toEqual([]);
  });
});
