/** The shopper API the extension uses: accounts, devices, funding, top-ups, cards, audit trail. */
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import type { Card, FundingSource, IssuedCard } from '../../src/protocol';
import { luhnValid } from '../../src/protocol';

describeEachDb('shopper API', (h) => {
  afterEach(async () => {
    expect(await h().ledgerProblems()).toEqual([]);
  });

  it('signs up once per email, signs in on a new device, refuses a wrong password', async () => {
    const body = { email: 'Jo@Example.com', password: 'a long enough password', device_name: 'laptop' };
    const up = await h().request<{ device_token: string }>('POST', '/v1/shopper/signup', { body });
    expect(up.status).toBe(201);
    expect(
      (await h().request('POST', '/v1/shopper/signup', { body: { ...body, email: 'jo@example.com' } })).status,
    ).toBe(409);
    const wrong = await h().request('POST', '/v1/shopper/signin', { body: { ...body, password: 'not the password' } });
    expect(wrong.status).toBe(401);
    const unknown = await h().request('POST', '/v1/shopper/signin', { body: { ...body, email: 'nobody@example.com' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const phone = await h().request<{ device_token: string; device_id: string }>('POST', '/v1/shopper/signin', {
      body: { ...body, device_name: 'phone' },
    });
    expect(phone.status).toBe(200);
    const me = await h().request('GET', '/v1/shopper/me', { token: phone.body.device_token });
    expect(me.body).toMatchObject({ email: 'jo@example.com', balance: 0, held: 0, currency: 'USD' });
    // The laptop revokes the phone: its token stops working at once.
    const devices = await h().request<{ devices: { id: string; name: string; current: boolean }[] }>(
      'GET',
      '/v1/shopper/devices',
      { token: up.body.device_token },
    );
    expect(devices.body.devices.map((d) => [d.name, d.current])).toEqual([
      ['laptop', true],
      ['phone', false],
    ]);
    expect(
      (await h().request('DELETE', `/v1/shopper/devices/${phone.body.device_id}`, { token: up.body.device_token }))
        .status,
    ).toBe(204);
    expect((await h().request('GET', '/v1/shopper/me', { token: phone.body.device_token })).status).toBe(401);
  });

  it('funding sources: sealed at rest with last 4 and brand in clear, one default, removable', async () => {
    const s = await h().shopper(0);
    const bank = await h().request<FundingSource>('POST', '/v1/shopper/funding-sources', {
      token: s.token,
      body: {
        kind: 'bank',
        routing_number: '011000015',
        account_number: '000123456789',
        holder: 'Jo',
        make_default: true,
        limit: 200_00,
      },
    });
    expect(bank.status).toBe(201);
    expect(bank.body).toMatchObject({ kind: 'bank', brand: 'bank', last4: '6789', is_default: true, limit: 200_00 });
    const list = await h().request<{ funding_sources: FundingSource[] }>('GET', '/v1/shopper/funding-sources', {
      token: s.token,
    });
    expect(list.body.funding_sources.filter((f) => f.is_default).map((f) => f.id)).toEqual([bank.body.id]);
    // Nothing but ciphertext holds the numbers.
    const raw = await h().db.query<{ details_enc: Buffer }>('SELECT details_enc FROM funding_sources WHERE id = $1', [
      bank.body.id,
    ]);
    expect(Buffer.from(raw[0]!.details_enc).toString('latin1')).not.toContain('000123456789');
    // The per-source limit bounds top-ups over 30 days.
    expect(
      (await h().request('POST', '/v1/shopper/top-ups', { token: s.token, body: { amount: 150_00, currency: 'USD' } }))
        .status,
    ).toBe(200);
    const over = await h().request<{ error: { message: string } }>('POST', '/v1/shopper/top-ups', {
      token: s.token,
      body: { amount: 50_01, currency: 'USD' },
    });
    expect(over.status).toBe(422);
    expect(over.body.error.message).toMatch(/at most 5000 more/);
    expect((await h().me(s.token)).balance).toBe(150_00);
    // Removing the default makes the remaining source the default.
    expect(
      (await h().request('DELETE', `/v1/shopper/funding-sources/${bank.body.id}`, { token: s.token })).status,
    ).toBe(204);
    const after = await h().request<{ funding_sources: FundingSource[] }>('GET', '/v1/shopper/funding-sources', {
      token: s.token,
    });
    expect(after.body.funding_sources).toHaveLength(1);
    expect(after.body.funding_sources[0]).toMatchObject({ last4: '4242', brand: 'visa', is_default: true });
    const other = await h().shopper(0);
    expect(
      (
        await h().request('PATCH', `/v1/shopper/funding-sources/${after.body.funding_sources[0]!.id}`, {
          token: other.token,
          body: { make_default: true },
        })
      ).status,
    ).toBe(404);
  });

  it('issues a Luhn-valid card in the Veil BIN, shows secrets once, stores no plaintext PAN or CVC', async () => {
    const s = await h().shopper();
    const card: IssuedCard = await h().issue(s.token, {
      merchant: { origin: 'https://Shop.Example:443', name: 'Shop' },
      cap: 80_00,
    });
    expect(card.secrets.number).toMatch(/^499992\d{10}$/);
    expect(luhnValid(card.secrets.number)).toBe(true);
    expect(card.secrets.cvc).toMatch(/^\d{3}$/);
    expect(card.purchasing_id).toMatch(/^VL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(card).toMatchObject({
      merchant: { origin: 'https://shop.example', name: 'Shop' },
      cap: 80_00,
      uses_allowed: 1,
      mode: 'notification',
      state: 'active',
      last4: card.secrets.number.slice(-4),
    });
    const validFor = Date.parse(card.valid_until) - Date.parse(card.created_at);
    expect(validFor).toBe(24 * 3600 * 1000);
    const listed = await h().request<{ cards: Card[] }>('GET', '/v1/shopper/cards?origin=https://shop.example', {
      token: s.token,
    });
    expect(listed.body.cards.map((c) => c.id)).toContain(card.id);
    expect(JSON.stringify(listed.body)).not.toContain(card.secrets.number);
    const row = await h().db.query<Record<string, unknown>>('SELECT * FROM cards WHERE id = $1', [card.id]);
    const dump = JSON.stringify(row[0], (_k, v: unknown) =>
      v && typeof v === 'object' && 'type' in v && (v as { type: string }).type === 'Buffer'
        ? Buffer.from((v as unknown as { data: number[] }).data).toString('latin1')
        : v,
    );
    expect(dump).not.toContain(card.secrets.number);
    const reveal = await h().request<IssuedCard>('POST', `/v1/shopper/cards/${card.id}/reveal`, { token: s.token });
    expect(reveal.body.secrets).toEqual(card.secrets);
    expect((await h().events(s.token)).map((e) => e.kind)).toContain('card.revealed');
  });

  it('a shopper reads and changes only their own cards, authorizations and events', async () => {
    const v = await h().vendor();
    const a = await h().shopper();
    const b = await h().shopper();
    const card = await h().issue(a.token, { mode: 'confirmation' });
    const pending = await h().authorize(v, card, 1_00);
    expect((await h().request('GET', `/v1/shopper/cards/${card.id}`, { token: b.token })).status).toBe(404);
    expect((await h().request('POST', `/v1/shopper/cards/${card.id}/reveal`, { token: b.token })).status).toBe(404);
    expect(
      (await h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: b.token, body: { state: 'closed' } }))
        .status,
    ).toBe(404);
    expect(
      (
        await h().request('POST', `/v1/shopper/authorizations/${pending.body.id}/decision`, {
          token: b.token,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(404);
    const bList = await h().request<{ cards: Card[] }>('GET', '/v1/shopper/cards', { token: b.token });
    expect(bList.body.cards).toEqual([]);
    const bEvents = await h().events(b.token);
    expect(bEvents.some((e) => e.authorization_id === pending.body.id)).toBe(false);
    expect(await h().events(b.token, `?card_id=${card.id}`)).toEqual([]);
  });

  it('the audit trail records issue, validation, decision, capture, reverse, refund, pause and close in order', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { uses: 3 });
    const a1 = await h().authorize(v, card, 10_00);
    await h().request('POST', `/v1/authorizations/${a1.body.id}/capture`, { token: v.key, body: {} });
    await h().request('POST', '/v1/refunds', { token: v.key, body: { authorization_id: a1.body.id, amount: 5_00 } });
    const a2 = await h().authorize(v, card, 2_00);
    await h().request('POST', `/v1/authorizations/${a2.body.id}/reverse`, { token: v.key });
    await h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: s.token, body: { state: 'paused' } });
    await h().authorize(v, card, 2_00);
    await h().request('PATCH', `/v1/shopper/cards/${card.id}`, { token: s.token, body: { state: 'closed' } });
    const kinds = (await h().events(s.token, `?card_id=${card.id}`)).map((e) => e.kind).reverse();
    expect(kinds).toEqual([
      'card.issued',
      'authorization.approved',
      'authorization.captured',
      'authorization.refunded',
      'authorization.approved',
      'authorization.reversed',
      'card.paused',
      'authorization.declined',
      'card.closed',
    ]);
    // Paging backwards returns older events.
    const page1 = await h().events(s.token, '?limit=2');
    const lastId = (page1.at(-1) as unknown as { id: number }).id;
    const page2 = await h().events(s.token, `?limit=2&before=${lastId}`);
    expect(page2.every((e) => (e as unknown as { id: number }).id < lastId)).toBe(true);
    // The trail is append-only, even for the database's own users.
    await expect(h().db.query('UPDATE events SET kind = $1', ['card.issued'])).rejects.toThrow(/append-only/);
    await expect(h().db.query('DELETE FROM events')).rejects.toThrow(/append-only/);
  });
});
