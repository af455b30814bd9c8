/**
 * What the shopper is told about who is charging: the vendor as registered (name and
 * origin) leads; the merchant name a vendor sends with a charge is its free text, so it
 * comes second, without bidi or control characters.
 */
import { expect, it } from 'vitest';
import type { AuditEvent, ShopperAuthorization } from '../../src/protocol';
import { describeEachDb } from '../support/harness';

describeEachDb('who is charging', (h) => {
  it('a pending charge names the registered vendor; the sent name is secondary and cleaned', async () => {
    const v = await h().vendor('https://lumen.example', 'Lumen & Co.');
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { merchant: { origin: v.origin }, mode: 'confirmation' });
    const sent = '\u202EYour Bank\u202C\n\u2066Approve now\u2069\u0007';
    const res = await h().request('POST', '/v1/authorizations', {
      token: v.key,
      body: {
        card: {
          number: card.secrets.number,
          exp_month: card.secrets.exp_month,
          exp_year: card.secrets.exp_year,
          cvc: card.secrets.cvc,
        },
        amount: 12_00,
        currency: 'USD',
        merchant: { name: sent, origin: v.origin },
        wait: false,
      },
    });
    expect(res.status).toBe(200);

    const pending = await h().request<{ authorizations: ShopperAuthorization[] }>(
      'GET',
      '/v1/shopper/authorizations?status=pending',
      { token: s.token },
    );
    expect(pending.body.authorizations).toHaveLength(1);
    const a = pending.body.authorizations[0]!;
    expect(a.vendor).toEqual({ name: 'Lumen & Co.', origin: 'https://lumen.example' });
    expect(a.merchant).toEqual({ name: 'Your Bank Approve now', origin: 'https://lumen.example' });

    // Events about the charge (what notifications are made from) carry the vendor too.
    const events = await h().request<{ events: AuditEvent[] }>('GET', `/v1/shopper/events?card_id=${card.id}`, {
      token: s.token,
    });
    const about = events.body.events.filter((e) => e.authorization_id !== null);
    expect(about.length).toBeGreaterThan(0);
    for (const e of about) expect(e.vendor).toEqual({ name: 'Lumen & Co.', origin: 'https://lumen.example' });
    expect(events.body.events.find((e) => e.kind === 'card.issued')?.vendor).toBeNull();
  });

  it('the registered name is cleaned as well', async () => {
    const v = await h().vendor('https://odd.example', 'Odd\u202E Shop\n');
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { merchant: { origin: v.origin }, mode: 'confirmation' });
    await h().authorize({ ...v, name: 'Odd Shop' }, card, 5_00);
    const pending = await h().request<{ authorizations: ShopperAuthorization[] }>(
      'GET',
      '/v1/shopper/authorizations?status=pending',
      { token: s.token },
    );
    expect(pending.body.authorizations[0]?.vendor).toEqual({ name: 'Odd Shop', origin: 'https://odd.example' });
  });
});
