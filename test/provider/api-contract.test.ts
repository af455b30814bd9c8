/**
 * The API contract (src/protocol/api.ts) is what the provider serves and what
 * /openapi.json describes: no route outside it, no entry left unserved.
 */
import { expect, it } from 'vitest';
import { ROUTES, STREAM_PATH, type RouteSpec } from '../../src/protocol';
import { createApp } from '../../src/provider/app';
import { honoPath } from '../../src/provider/routes/register';
import { callRoute } from '../../src/extension/background/provider-client';
import { describeEachDb } from '../support/harness';

const table = (Object.values(ROUTES) as RouteSpec[]).map((r) => `${r.method} ${r.path}`).sort();

describeEachDb('API contract', (h) => {
  /** Every method and path the Hono app answers (middleware, registered for ALL methods, left out). */
  function appRoutes(): string[] {
    const app = createApp(h().ctx, { publicUrl: () => h().url });
    const served = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
    return [...new Set(served)].sort();
  }

  it('the app serves exactly the routes in the table', () => {
    expect(appRoutes()).toEqual(
      (Object.values(ROUTES) as RouteSpec[]).map((r) => `${r.method} ${honoPath(r.path)}`).sort(),
    );
  });

  it('/openapi.json documents every route the app serves, and nothing else', async () => {
    const res = await fetch(`${h().url}/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path !== STREAM_PATH)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${honoPath(path)}`))
      .sort();
    expect(documented).toEqual(appRoutes());
    expect(documented).toEqual(table.map((t) => t.replace(/\{(\w+)\}/g, ':$1')));
  });

  it('/openapi.json gives each route its answer schema, and the stream its frames', async () => {
    const doc = (await (await fetch(`${h().url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<string, { content?: unknown }>;
            'x-websocket-frames'?: { client: unknown; server: unknown };
          }
        >
      >;
    };
    for (const r of Object.values(ROUTES) as RouteSpec[]) {
      const answer = doc.paths[r.path]?.[r.method.toLowerCase()]?.responses[String(r.status)];
      expect(answer, `${r.method} ${r.path}`).toBeDefined();
      expect(answer?.content !== undefined, `${r.method} ${r.path} has a body schema`).toBe(r.status !== 204);
    }
    expect(doc.paths[STREAM_PATH]?.get?.['x-websocket-frames']?.server).toBeDefined();
  });

  // Through the extension's own client, which parses every answer against the table:
  // a route whose real answer strays from its schema throws here, before a shopper sees it.
  it("real answers match their schemas along a shopper's and a vendor's day", async () => {
    const baseUrl = h().url;
    const health = await callRoute('meta.health', {}, { baseUrl });
    expect(health.ok).toBe(true);
    await callRoute('meta.openapi', {}, { baseUrl });
    const session = await callRoute(
      'account.signUp',
      {
        body: { email: `c${Date.now()}@example.com`, password: 'a long enough password', device_name: 'contract test' },
      },
      { baseUrl },
    );
    const device = { baseUrl, token: session.device_token };
    const source = await callRoute(
      'funding.add',
      { body: { kind: 'card', number: '4242424242424242', exp_month: 12, exp_year: 2099, holder: 'Test Shopper' } },
      device,
    );
    await callRoute('funding.update', { id: source.id, body: { limit: 500_00 } }, device);
    expect((await callRoute('funding.list', {}, device)).funding_sources).toHaveLength(1);
    const { top_up } = await callRoute('topUps.request', { body: { amount: 100_00, currency: 'USD' } }, device);
    expect((await callRoute('topUps.get', { id: top_up.id }, device)).id).toBe(top_up.id);
    expect((await callRoute('account.me', {}, device)).balance).toBe(100_00);
    expect((await callRoute('devices.list', {}, device)).devices).toHaveLength(1);

    const address = await callRoute(
      'delivery.add',
      { body: { name: 'A Shopper', line1: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' } },
      device,
    );
    await callRoute('delivery.makeDefault', { id: address.id, body: { make_default: true } }, device);
    expect((await callRoute('delivery.list', {}, device)).delivery_addresses).toHaveLength(1);

    const issued = await callRoute(
      'cards.issue',
      { body: { merchant: { origin: 'https://shop.example' }, mode: 'confirmation' } },
      device,
    );
    expect((await callRoute('cards.reveal', { id: issued.id }, device)).secrets).toEqual(issued.secrets);
    expect((await callRoute('cards.get', { id: issued.id }, device)).shipping).not.toBeNull();
    expect((await callRoute('cards.list', { query: { origin: 'https://shop.example' } }, device)).cards).toHaveLength(
      1,
    );
    expect((await callRoute('keys.list', {}, device)).security_keys).toEqual([]);

    const vendor = await h().vendor();
    const shop = { baseUrl, token: vendor.key };
    const { number, cvc, exp_month, exp_year } = issued.secrets;
    const charge = await callRoute(
      'vendor.authorize',
      {
        body: {
          card: { number, cvc, exp_month, exp_year },
          amount: 12_00,
          currency: 'USD',
          merchant: { name: 'Example Shop', origin: vendor.origin },
        },
      },
      shop,
    );
    expect(charge.status).toBe('pending');
    const [pending] = (await callRoute('authorizations.list', { query: { status: 'pending' } }, device)).authorizations;
    const decided = await callRoute(
      'authorizations.decide',
      { id: pending!.id, body: { decision: 'approve' } },
      device,
    );
    expect(decided.authorization.status).toBe('approved');
    expect((await callRoute('vendor.getAuthorization', { id: charge.id }, shop)).status).toBe('approved');
    expect((await callRoute('vendor.capture', { id: charge.id }, shop)).status).toBe('captured');
    expect(
      (await callRoute('vendor.refund', { body: { authorization_id: charge.id, amount: 2_00 } }, shop)).amount,
    ).toBe(2_00);
    expect((await callRoute('events.list', { query: { limit: 500 } }, device)).events.length).toBeGreaterThan(5);
    await callRoute('cards.update', { id: issued.id, body: { state: 'paused' } }, device);
    await callRoute('delivery.remove', { id: address.id }, device);
    await callRoute('funding.remove', { id: source.id }, device);
    await callRoute('devices.revoke', { id: session.device_id }, device);
  });
});
