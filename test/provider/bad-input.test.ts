/** Malformed, oversized, wrongly typed or unauthenticated requests: a 4xx naming the problem, and nothing changes. */
import { request as httpRequest } from 'node:http';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import type { IssuedCard } from '../../src/protocol';

describeEachDb('bad input', (h) => {
  let vendor: { key: string; origin: string };
  let shopper: { token: string };
  let card: IssuedCard;
  let authId: string;

  beforeAll(async () => {
    vendor = await h().vendor();
    shopper = await h().shopper(100_00);
    card = await h().issue(shopper.token, { uses: 3 });
    authId = (await h().authorize(vendor, card, 1_00)).body.id;
  });

  const validBody = () => ({
    card: {
      number: card.secrets.number,
      exp_month: card.secrets.exp_month,
      exp_year: card.secrets.exp_year,
      cvc: card.secrets.cvc,
    },
    amount: 10_00,
    currency: 'USD',
    merchant: { name: 'Example Shop', origin: 'https://shop.example' },
  });

  async function expectRefused(
    req: () => Promise<{ status: number; body: Record<string, unknown> }>,
    status: number,
    code: string,
    message?: RegExp,
  ) {
    const before = await h().snapshot();
    const res = await req();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const error = res.body.error as { code: string; message: string };
    expect(error.code).toBe(code);
    if (message) expect(error.message).toMatch(message);
    expect(await h().snapshot()).toEqual(before);
  }

  it('refuses a body that is not JSON', () =>
    expectRefused(
      () =>
        h().request('POST', '/v1/authorizations', {
          token: vendor.key,
          raw: '{"card": ',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      'invalid_json',
    ));

  it('refuses a body sent as another media type', () =>
    expectRefused(
      () =>
        h().request('POST', '/v1/authorizations', {
          token: vendor.key,
          raw: JSON.stringify(validBody()),
          headers: { 'content-type': 'text/plain' },
        }),
      415,
      'unsupported_media_type',
    ));

  it('refuses an oversized body', () =>
    expectRefused(
      () =>
        h().request('POST', '/v1/authorizations', {
          token: vendor.key,
          body: { ...validBody(), pad: 'x'.repeat(20_000) },
        }),
      413,
      'body_too_large',
    ));

  /** A POST whose body is sent in chunks, with no Content-Length: its size is known only once read. */
  const chunked = (path: string, chunks: string[]) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest(`${h().url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${vendor.key}`,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Record<string, unknown> }));
      });
      for (const c of chunks) req.write(c);
      req.end();
    });

  it('refuses an oversized body sent in chunks', () => {
    const json = JSON.stringify({ ...validBody(), pad: 'x'.repeat(20_000) });
    return expectRefused(
      () => chunked('/v1/authorizations', [json.slice(0, 8_000), json.slice(8_000, 16_000), json.slice(16_000)]),
      413,
      'body_too_large',
    );
  });

  it('reads a body sent in chunks within the limit', async () => {
    const json = JSON.stringify({ ...validBody(), amount: 1_00 });
    const res = await chunked('/v1/authorizations', [json.slice(0, 40), json.slice(40)]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', amount: 1_00 });
  });

  const cases: [string, (b: ReturnType<typeof validBody>) => unknown, RegExp][] = [
    ['a fractional amount', (b) => ({ ...b, amount: 10.5 }), /amount/],
    ['a negative amount', (b) => ({ ...b, amount: -1 }), /amount/],
    ['an amount as a string', (b) => ({ ...b, amount: '1000' }), /amount/],
    ['a huge amount', (b) => ({ ...b, amount: 1e20 }), /amount/],
    ['a lower-case currency', (b) => ({ ...b, currency: 'usd' }), /currency/],
    ['letters in the card number', (b) => ({ ...b, card: { ...b.card, number: '4242abcd42424242' } }), /card\.number/],
    ['a 13th month', (b) => ({ ...b, card: { ...b.card, exp_month: 13 } }), /card\.exp_month/],
    ['a two-digit year', (b) => ({ ...b, card: { ...b.card, exp_year: 27 } }), /card\.exp_year/],
    ['a 5-digit CVC', (b) => ({ ...b, card: { ...b.card, cvc: '12345' } }), /card\.cvc/],
    ['a numeric CVC', (b) => ({ ...b, card: { ...b.card, cvc: 123 } }), /card\.cvc/],
    ['a missing card', (b) => ({ ...b, card: undefined }), /card/],
    [
      'an origin with a path',
      (b) => ({ ...b, merchant: { ...b.merchant, origin: 'https://shop.example/checkout' } }),
      /merchant\.origin/,
    ],
    [
      'a javascript: origin',
      (b) => ({ ...b, merchant: { ...b.merchant, origin: 'javascript:alert(1)' } }),
      /merchant\.origin/,
    ],
    ['an unknown field', (b) => ({ ...b, amout: 5 }), /amout|unrecognized/i],
    ['an array body', () => [1, 2], /body|expected object/i],
    ['null', () => null, /expected object/i],
  ];
  for (const [what, mutate, message] of cases) {
    it(`refuses ${what}`, () =>
      expectRefused(
        () => h().request('POST', '/v1/authorizations', { token: vendor.key, body: mutate(validBody()) }),
        400,
        'invalid_request',
        message,
      ));
  }

  it('refuses a missing, malformed, unknown or revoked vendor key', async () => {
    await expectRefused(() => h().request('POST', '/v1/authorizations', { body: validBody() }), 401, 'unauthorized');
    await expectRefused(
      () => h().request('POST', '/v1/authorizations', { body: validBody(), headers: { authorization: 'Basic abc' } }),
      401,
      'unauthorized',
    );
    await expectRefused(
      () => h().request('POST', '/v1/authorizations', { token: 'vk_' + 'A'.repeat(43), body: validBody() }),
      401,
      'unauthorized',
    );
    await expectRefused(
      () => h().request('POST', '/v1/authorizations', { token: shopper.token, body: validBody() }),
      401,
      'unauthorized',
    );
    const revoked = await h().vendor();
    const { revokeVendor } = await import('../../src/provider/vendors/vendors');
    await revokeVendor(h().db, revoked.id, new Date());
    await expectRefused(
      () => h().request('POST', '/v1/authorizations', { token: revoked.key, body: validBody() }),
      401,
      'unauthorized',
      /revoked/,
    );
  });

  it('refuses a malformed Idempotency-Key', () =>
    expectRefused(
      () =>
        h().request('POST', '/v1/authorizations', {
          token: vendor.key,
          body: validBody(),
          headers: { 'idempotency-key': 'x'.repeat(300) },
        }),
      400,
      'invalid_request',
      /Idempotency-Key/,
    ));

  it('refuses bad capture, refund and long-poll requests', async () => {
    await expectRefused(
      () => h().request('POST', `/v1/authorizations/${authId}/capture`, { token: vendor.key, body: { amount: 0 } }),
      400,
      'invalid_request',
      /amount/,
    );
    await expectRefused(
      () => h().request('POST', `/v1/authorizations/${authId}/capture`, { token: vendor.key, body: { amount: 'all' } }),
      400,
      'invalid_request',
    );
    await expectRefused(
      () => h().request('POST', '/v1/refunds', { token: vendor.key, body: { authorization_id: authId } }),
      400,
      'invalid_request',
      /amount/,
    );
    await expectRefused(
      () => h().request('GET', `/v1/authorizations/${authId}?wait=999`, { token: vendor.key }),
      400,
      'invalid_request',
      /wait/,
    );
    await expectRefused(
      () => h().request('GET', `/v1/authorizations/${authId}?wait=soon`, { token: vendor.key }),
      400,
      'invalid_request',
      /wait/,
    );
    await expectRefused(
      () => h().request('GET', "/v1/authorizations/auth_x';drop table cards;--", { token: vendor.key }),
      404,
      'not_found',
    );
    await expectRefused(
      () => h().request('GET', '/v1/authorizations/auth_doesnotexist00', { token: vendor.key }),
      404,
      'not_found',
    );
  });

  it('refuses bad shopper requests', async () => {
    const t = shopper.token;
    await expectRefused(
      () =>
        h().request('POST', '/v1/shopper/signup', {
          body: { email: 'not-an-email', password: 'a long enough password', device_name: 'x' },
        }),
      400,
      'invalid_request',
      /email/,
    );
    await expectRefused(
      () =>
        h().request('POST', '/v1/shopper/signup', {
          body: { email: 'a@b.example', password: 'short', device_name: 'x' },
        }),
      400,
      'invalid_request',
      /password/,
    );
    await expectRefused(() => h().request('GET', '/v1/shopper/me'), 401, 'unauthorized');
    await expectRefused(() => h().request('GET', '/v1/shopper/me', { token: vendor.key }), 401, 'unauthorized');
    await expectRefused(
      () => h().request('POST', '/v1/shopper/cards', { token: t, body: { merchant: { origin: 'ftp://x.example' } } }),
      400,
      'invalid_request',
      /origin/,
    );
    await expectRefused(
      () =>
        h().request('POST', '/v1/shopper/cards', {
          token: t,
          body: { merchant: { origin: 'https://x.example' }, mode: 'yolo' },
        }),
      400,
      'invalid_request',
      /mode/,
    );
    await expectRefused(
      () =>
        h().request('POST', '/v1/shopper/cards', {
          token: t,
          body: { merchant: { origin: 'https://x.example' }, mode: 'recurring' },
        }),
      400,
      'invalid_request',
      /period_limit/,
    );
    await expectRefused(
      () =>
        h().request('POST', '/v1/shopper/cards', {
          token: t,
          body: { merchant: { origin: 'https://x.example' }, cap: 0 },
        }),
      400,
      'invalid_request',
      /cap/,
    );
    await expectRefused(
      () => h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: t, body: {} }),
      400,
      'invalid_request',
      /nothing to change/,
    );
    await expectRefused(
      () => h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: t, body: { state: 'blocked' } }),
      400,
      'invalid_request',
      /state/,
    );
    await expectRefused(
      () => h().request('POST', '/v1/shopper/top-ups', { token: t, body: { amount: 5.5, currency: 'USD' } }),
      400,
      'invalid_request',
      /amount/,
    );
    await expectRefused(
      // Any ISO 4217 code names a balance of its own (issue 19); a code that is not one is refused.
      () => h().request('POST', '/v1/shopper/top-ups', { token: t, body: { amount: 500, currency: 'eur' } }),
      400,
      'invalid_request',
      /currency/,
    );
    await expectRefused(
      () =>
        h().request('POST', '/v1/shopper/funding-sources', {
          token: t,
          body: { kind: 'card', number: '4242424242424241', exp_month: 1, exp_year: 2099, holder: 'X' },
        }),
      400,
      'invalid_request',
      /Luhn/,
    );
    await expectRefused(
      () =>
        h().request('POST', '/v1/shopper/funding-sources', {
          token: t,
          body: { kind: 'card', number: '4242424242424242', exp_month: 1, exp_year: 2020, holder: 'X' },
        }),
      400,
      'invalid_request',
      /expired/,
    );
    await expectRefused(
      () =>
        h().request('POST', '/v1/shopper/funding-sources', {
          token: t,
          body: { kind: 'bank', routing_number: '123456789', account_number: '12345678', holder: 'X' },
        }),
      400,
      'invalid_request',
      /routing/,
    );
    await expectRefused(
      () => h().request('POST', '/v1/shopper/funding-sources', { token: t, body: { kind: 'crypto' } }),
      400,
      'invalid_request',
    );
    await expectRefused(
      () => h().request('GET', '/v1/shopper/events?limit=0', { token: t }),
      400,
      'invalid_request',
      /limit/,
    );
    await expectRefused(
      () =>
        h().request('POST', `/v1/shopper/authorizations/${authId}/decision`, { token: t, body: { decision: 'maybe' } }),
      400,
      'invalid_request',
      /decision/,
    );
  });

  it('answers unknown routes with a JSON 404', () =>
    expectRefused(() => h().request('GET', '/v2/nothing'), 404, 'not_found'));
});
