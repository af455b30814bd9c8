/** Anonymous delivery: masked shipping identity at issue, couriers resolving references only after capture. */
import { afterEach, expect, it } from 'vitest';
import { describeEachDb, type Harness } from '../support/harness';
import { createCourier, revokeCourier } from '../../src/provider/delivery/couriers';
import type { Card, DeliveryAddress, IssuedCard } from '../../src/protocol';

const HOME = {
  name: 'Robin Private',
  line1: '7 Hidden Lane',
  line2: 'Flat 3',
  city: 'Eugene',
  region: 'OR',
  postal_code: '97401',
  country: 'US',
  phone: '+1 541 555 0123',
};

async function courier(h: Harness, name = 'Parcel Co') {
  return h.db.tx((sql) => createCourier(sql, name, new Date()));
}

describeEachDb('anonymous delivery', (h) => {
  afterEach(async () => expect(await h().ledgerProblems()).toEqual([]));

  async function shopperWithHome() {
    const s = await h().shopper(200_00);
    const added = await h().request<DeliveryAddress>('POST', '/v1/shopper/delivery-addresses', {
      token: s.token,
      body: { ...HOME, label: 'Home' },
    });
    expect(added.status).toBe(201);
    return { ...s, address: added.body };
  }

  const resolve = (key: string, reference: string) =>
    h().request<Record<string, unknown> & { error?: { code: string; message: string } }>(
      'POST',
      '/v1/deliveries/resolve',
      { token: key, body: { reference } },
    );

  it('keeps the address sealed, and masks shipping on new cards with the forwarding address and purchasing ID', async () => {
    const s = await shopperWithHome();
    expect(s.address).toMatchObject({
      label: 'Home',
      is_default: true,
      summary: 'Robin Private, 7 Hidden Lane, Eugene 97401, US',
    });
    const raw = await h().db.query<{ details_enc: Buffer }>(
      'SELECT details_enc FROM delivery_addresses WHERE id = $1',
      [s.address.id],
    );
    expect(Buffer.from(raw[0]!.details_enc).toString('latin1')).not.toContain('Hidden Lane');

    const card = await h().issue(s.token);
    const f = h().ctx.policy.forwarding;
    expect(card.shipping).toEqual({
      name: `Veil ${card.purchasing_id}`,
      address_line1: f.line1,
      address_line2: `Ref ${card.purchasing_id}`,
      city: f.city,
      region: f.region,
      postal_code: f.postal_code,
      country: f.country,
      phone: f.phone,
      reference: card.purchasing_id,
    });
    const aliased = await h().issue(s.token, { delivery: { alias: 'R. Jones' } });
    expect(aliased.shipping?.name).toBe('R. Jones');
    const unmasked = await h().issue(s.token, { delivery: { masking: false } });
    expect(unmasked.shipping).toBeNull();
    const listed = await h().request<{ cards: Card[] }>('GET', '/v1/shopper/cards', { token: s.token });
    expect(listed.body.cards.find((c) => c.id === card.id)?.shipping?.reference).toBe(card.purchasing_id);
  });

  it('without a delivery address there is no masking; asking for it is refused', async () => {
    const s = await h().shopper();
    expect((await h().issue(s.token)).shipping).toBeNull();
    const res = await h().request('POST', '/v1/shopper/cards', {
      token: s.token,
      body: { merchant: { origin: 'https://shop.example' }, delivery: { masking: true } },
    });
    expect(res.status).toBe(409);
  });

  it('a courier gets the label only after capture, within the allowed count; the shopper sees each read', async () => {
    const v = await h().vendor();
    const s = await shopperWithHome();
    const { key, courier: c } = await courier(h());
    const card: IssuedCard = await h().issue(s.token);

    // Before payment a real reference answers as an unknown one: no existence oracle.
    const early = await resolve(key, card.purchasing_id);
    expect(early).toEqual(await resolve(key, 'VL-0000-0000'));
    expect(early.status).toBe(404);

    const auth = await h().authorize(v, card, 30_00);
    const capture = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, { token: v.key, body: {} });
    // The vendor's answers carry no part of the real address.
    for (const body of [auth.body, capture.body])
      for (const part of [HOME.name, HOME.line1, HOME.city, HOME.postal_code, HOME.phone])
        expect(JSON.stringify(body)).not.toContain(part);

    const label = await resolve(key, `Ref ${card.purchasing_id.toLowerCase()}`);
    expect(label.status).toBe(200);
    expect(label.body).toEqual({
      reference: card.purchasing_id,
      name: HOME.name,
      line1: HOME.line1,
      line2: HOME.line2,
      city: HOME.city,
      region: HOME.region,
      postal_code: HOME.postal_code,
      country: HOME.country,
      phone: HOME.phone,
      resolutions_left: 2,
    });
    expect((await resolve(key, card.purchasing_id)).status).toBe(200);
    expect((await resolve(key, card.purchasing_id)).status).toBe(200);
    const replay = await resolve(key, card.purchasing_id);
    expect(replay.status).toBe(409);
    expect(replay.body.error?.message).toMatch(/already resolved 3 times/);

    const events = await h().events(s.token, `?card_id=${card.id}&kind=delivery.resolved`);
    expect(events).toHaveLength(3);
    expect(events[0]?.detail).toMatchObject({ courier: 'Parcel Co', courier_id: c.id });
    const refused = await h().events(s.token, `?card_id=${card.id}&kind=delivery.refused`);
    expect(refused).toHaveLength(2);
  });

  it('refuses missing, wrong and revoked courier keys, vendor keys, unknown references; throttles guessing', async () => {
    const v = await h().vendor();
    const s = await shopperWithHome();
    const card = await h().issue(s.token);
    await h().request('POST', `/v1/authorizations/${(await h().authorize(v, card, 5_00)).body.id}/capture`, {
      token: v.key,
      body: {},
    });
    const { key, courier: c } = await courier(h(), 'Guesser');
    const other = await courier(h(), 'Honest');
    expect(
      (await h().request('POST', '/v1/deliveries/resolve', { body: { reference: card.purchasing_id } })).status,
    ).toBe(401);
    expect((await resolve('ck_' + 'x'.repeat(43), card.purchasing_id)).status).toBe(401);
    expect((await resolve(v.key, card.purchasing_id)).status).toBe(401);
    expect((await h().request('POST', '/v1/deliveries/resolve', { token: key, body: { reference: '' } })).status).toBe(
      400,
    );
    expect(
      (await h().request('POST', '/v1/deliveries/resolve', { token: key, body: { ref: card.purchasing_id } })).status,
    ).toBe(400);
    const unknown = await resolve(key, 'VL-0000-0000');
    expect(unknown.status).toBe(404);
    // Walking the reference space: after the allowed misses, even a real reference is refused.
    for (let i = 1; i < h().ctx.policy.courierMisses.max; i++)
      expect((await resolve(key, `VL-0000-${String(i).padStart(4, '0')}`)).status).toBe(404);
    const throttled = await resolve(key, card.purchasing_id);
    expect(throttled.status).toBe(429);
    await h().db.tx((sql) => revokeCourier(sql, c.id, new Date()));
    expect((await resolve(other.key, card.purchasing_id)).status).toBe(200);
    expect((await resolve(key, card.purchasing_id)).status).toBe(401);
  });

  const misses = async (courierId: string) =>
    (
      await h().db.query<{ n: number }>('SELECT count(*)::int AS n FROM courier_misses WHERE courier_id = $1', [
        courierId,
      ])
    )[0]!.n;

  it('an unpaid real reference answers exactly as an unknown one, and counts as a miss', async () => {
    const s = await shopperWithHome();
    const card = await h().issue(s.token);
    const { key, courier: c } = await courier(h(), 'Prober');
    const unknown = await resolve(key, 'VL-ZZZZ-ZZZZ');
    expect(await misses(c.id)).toBe(1);
    const real = await resolve(key, card.purchasing_id);
    expect(real).toEqual(unknown);
    expect(await misses(c.id)).toBe(2);
    // The shopper still sees that a courier asked.
    expect(await h().events(s.token, `?card_id=${card.id}&kind=delivery.refused`)).toHaveLength(1);
  });

  it('the vendor names the courier at capture: only that courier can resolve, every other gets the unknown answer', async () => {
    const v = await h().vendor();
    const s = await shopperWithHome();
    const card = await h().issue(s.token);
    const carrier = await courier(h(), 'Carrier');
    const rival = await courier(h(), 'Rival');
    const auth = await h().authorize(v, card, 8_00);
    // An unknown courier is refused, naming the field, and the capture does not happen.
    const bad = await h().request<{ error: { issues: { path: string }[] } }>(
      'POST',
      `/v1/authorizations/${auth.body.id}/capture`,
      { token: v.key, body: { courier_id: 'cou_doesnotexist0000' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path)).toEqual(['courier_id']);
    const cap = await h().request('POST', `/v1/authorizations/${auth.body.id}/capture`, {
      token: v.key,
      body: { courier_id: carrier.courier.id },
    });
    expect(cap.status).toBe(200);
    expect(cap.body.status).toBe('captured');

    const unknown = await resolve(rival.key, 'VL-YYYY-YYYY');
    expect(await resolve(rival.key, card.purchasing_id)).toEqual(unknown);
    expect(await misses(rival.courier.id)).toBe(2);
    const label = await resolve(carrier.key, card.purchasing_id);
    expect(label.status).toBe(200);
    expect(label.body).toMatchObject({ name: HOME.name, resolutions_left: 2 });
    expect(await misses(carrier.courier.id)).toBe(0);
  });

  it('with no courier named, the first to resolve the paid reference holds it; the next courier gets the unknown answer', async () => {
    const v = await h().vendor();
    const s = await shopperWithHome();
    const card = await h().issue(s.token);
    const first = await courier(h(), 'First');
    const second = await courier(h(), 'Second');
    await h().request('POST', `/v1/authorizations/${(await h().authorize(v, card, 8_00)).body.id}/capture`, {
      token: v.key,
      body: {},
    });
    expect((await resolve(first.key, card.purchasing_id)).status).toBe(200);
    const unknown = await resolve(second.key, 'VL-XXXX-XXXX');
    expect(await resolve(second.key, card.purchasing_id)).toEqual(unknown);
    expect(await misses(second.courier.id)).toBe(2);
    expect((await resolve(first.key, card.purchasing_id)).body).toMatchObject({ resolutions_left: 1 });
    // Exactly one holder under a race: two fresh couriers at once on a new paid card.
    const card2 = await h().issue(s.token);
    await h().request('POST', `/v1/authorizations/${(await h().authorize(v, card2, 8_00)).body.id}/capture`, {
      token: v.key,
      body: {},
    });
    const racers = await Promise.all([courier(h(), 'A'), courier(h(), 'B')]);
    const answers = await Promise.all(racers.map((r) => resolve(r.key, card2.purchasing_id)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
  });

  it('300 unknown references at once from one courier key: at most the limit are looked up, the rest get 429 with Retry-After', async () => {
    const { key, courier: c } = await courier(h(), 'Sweeper');
    const { max, windowS } = h().ctx.policy.courierMisses;
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        h().request('POST', '/v1/deliveries/resolve', {
          token: key,
          body: { reference: `VL-9${String(i).padStart(3, '0')}-0000` },
        }),
      ),
    );
    expect(answers.filter((r) => r.status === 404)).toHaveLength(max);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(300 - max);
    expect(await h().db.query('SELECT 1 FROM courier_misses WHERE courier_id = $1', [c.id])).toHaveLength(max);
    const res = await fetch(`${h().url}/v1/deliveries/resolve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reference: 'VL-0000-0001' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(windowS);
  });

  it('addresses: one default, make another default, remove; another shopper cannot touch them', async () => {
    const s = await shopperWithHome();
    const work = await h().request<DeliveryAddress>('POST', '/v1/shopper/delivery-addresses', {
      token: s.token,
      body: { ...HOME, line1: '1 Office Park', label: 'Work' },
    });
    expect(work.body.is_default).toBe(false);
    const made = await h().request<DeliveryAddress>('PATCH', `/v1/shopper/delivery-addresses/${work.body.id}`, {
      token: s.token,
      body: { make_default: true },
    });
    expect(made.body.is_default).toBe(true);
    const other = await h().shopper(0);
    expect(
      (await h().request('DELETE', `/v1/shopper/delivery-addresses/${work.body.id}`, { token: other.token })).status,
    ).toBe(404);
    expect(
      (await h().request('DELETE', `/v1/shopper/delivery-addresses/${work.body.id}`, { token: s.token })).status,
    ).toBe(204);
    const list = await h().request<{ delivery_addresses: DeliveryAddress[] }>('GET', '/v1/shopper/delivery-addresses', {
      token: s.token,
    });
    expect(list.body.delivery_addresses.map((a) => [a.label, a.is_default])).toEqual([['Home', true]]);
    const bad = await h().request('POST', '/v1/shopper/delivery-addresses', {
      token: s.token,
      body: { ...HOME, country: 'usa' },
    });
    expect(bad.status).toBe(400);
  });
});
