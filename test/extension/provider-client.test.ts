/** Answers are parsed against the contract: a malformed one is refused in words, never cast. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callRoute, ProviderError } from '../../src/extension/background/provider-client';

/** A real HTTP server answering each request with the body queued for its method and path. */
const answers = new Map<string, { status: number; body: string }>();
const seen: { method: string; url: string; auth: string | undefined; body: string }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const answer = answers.get(`${req.method} ${req.url}`) ?? {
        status: 404,
        body: JSON.stringify({ error: { code: 'not_found', message: 'no route' } }),
      };
      res.writeHead(answer.status, answer.status === 204 ? {} : { 'content-type': 'application/json' });
      res.end(answer.status === 204 ? undefined : answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const card = {
  id: 'card_abcdefgh',
  purchasing_id: 'VEIL-1',
  last4: '4242',
  brand: 'visa',
  exp_month: 12,
  exp_year: 2030,
  mode: 'notification',
  state: 'active',
  merchant: { origin: 'https://shop.example', name: null },
  currency: 'USD',
  cap: 5000,
  uses_allowed: 1,
  uses_count: 0,
  period_limit: null,
  period: null,
  confirm_window_s: 60,
  valid_until: '2030-01-01T00:00:00.000Z',
  created_at: '2026-01-01T00:00:00.000Z',
  shipping: null,
  payment_frames: [],
  cart: null,
  funding: null,
  trial_ends_at: null,
};

it('calls the route by name (method, filled path, token) and returns the parsed answer', async () => {
  const secrets = { number: '4000000000000002', cvc: '123', exp_month: 12, exp_year: 2030 };
  answers.set('POST /v1/shopper/cards/card_abcdefgh/reveal', {
    status: 200,
    body: JSON.stringify({ ...card, secrets }),
  });
  const revealed = await callRoute('cards.reveal', { id: 'card_abcdefgh' }, { baseUrl, token: 'vd_token' });
  expect(revealed.secrets).toEqual(secrets);
  expect(seen.at(-1)).toMatchObject({
    method: 'POST',
    url: '/v1/shopper/cards/card_abcdefgh/reveal',
    auth: 'Bearer vd_token',
  });
});

it('refuses a malformed answer with a sentence naming the route and the field', async () => {
  answers.set('POST /v1/shopper/cards/card_abcdefgh/reveal', {
    status: 200,
    body: JSON.stringify({ ...card, secrets: { number: 4000000000000002, cvc: '123' } }),
  });
  const call = callRoute('cards.reveal', { id: 'card_abcdefgh' }, { baseUrl, token: 'vd_token' });
  await expect(call).rejects.toBeInstanceOf(ProviderError);
  await expect(call).rejects.toThrow(
    /^The provider's answer to cards\.reveal is not what this version of Veil expects \(secrets\.number: .+\)/,
  );
});

it('encodes path parameters and builds the query from the given fields', async () => {
  answers.set('GET /v1/shopper/events?after=7&limit=200', { status: 200, body: JSON.stringify({ events: [] }) });
  expect(await callRoute('events.list', { query: { after: 7, limit: 200 } }, { baseUrl })).toEqual({ events: [] });
  answers.set('DELETE /v1/shopper/devices/a%2Fb', { status: 204, body: '' });
  expect(await callRoute('devices.revoke', { id: 'a/b' }, { baseUrl })).toBeNull();
});

it('turns a provider error into its message as a sentence', async () => {
  answers.set('GET /v1/shopper/me', {
    status: 401,
    body: JSON.stringify({
      error: { code: 'unauthorized', message: 'unknown or revoked device token: sign in again' },
    }),
  });
  const call = callRoute('account.me', {}, { baseUrl, token: 'vd_gone' });
  await expect(call).rejects.toThrow('Unknown or revoked device token: sign in again.');
  await expect(call).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
});
