/**
 * Payment frames a vendor declares come with every card for its origin — at issue, in
 * lists, single reads and reveals — so the extension can fill the shop's hosted
 * payment fields and no other cross-origin frame. Only live vendors of the card's own
 * merchant count; the database refuses a value that is not a list of origins.
 */
import { expect, it } from 'vitest';
import type { Card, IssuedCard } from '../../src/protocol';
import { createVendor, revokeVendor, setPaymentFrames } from '../../src/provider/vendors/vendors';
import { describeEachDb } from '../support/harness';

describeEachDb('payment frames', (h) => {
  it('a card carries the payment frames its merchant declared, in every read', async () => {
    const origin = 'https://frames-shop.example';
    const { vendor } = await h().db.tx((sql) =>
      createVendor(sql, 'Frames Shop', origin, new Date(), ['https://pay.frames.example']),
    );
    expect(vendor.payment_frames).toEqual(['https://pay.frames.example']);
    const s = await h().shopper();
    const card = await h().issue(s.token, { merchant: { origin } });
    expect(card.payment_frames).toEqual(['https://pay.frames.example']);
    expect(
      (await h().request<Card>('GET', `/v1/shopper/cards/${card.id}`, { token: s.token })).body.payment_frames,
    ).toEqual(['https://pay.frames.example']);
    const listed = await h().request<{ cards: Card[] }>(
      'GET',
      `/v1/shopper/cards?origin=${encodeURIComponent(origin)}`,
      { token: s.token },
    );
    expect(listed.body.cards.map((c) => c.payment_frames)).toEqual([['https://pay.frames.example']]);
    const revealed = await h().request<IssuedCard>('POST', `/v1/shopper/cards/${card.id}/reveal`, { token: s.token });
    expect(revealed.body.payment_frames).toEqual(['https://pay.frames.example']);
    const paused = await h().request<Card>('PATCH', `/v1/shopper/cards/${card.id}`, {
      token: s.token,
      body: { state: 'paused' },
    });
    expect(paused.body.payment_frames).toEqual(['https://pay.frames.example']);
  });

  it("only live vendors of the card's own merchant count, read as they are now", async () => {
    const origin = 'https://two-vendors.example';
    const first = await h().db.tx((sql) =>
      createVendor(sql, 'First', origin, new Date(), ['https://b.psp.example', 'https://a.psp.example']),
    );
    await h().db.tx((sql) =>
      createVendor(sql, 'Second', origin, new Date(), ['https://a.psp.example', 'https://c.psp.example']),
    );
    await h().db.tx((sql) =>
      createVendor(sql, 'Elsewhere', 'https://elsewhere.example', new Date(), ['https://evil.example']),
    );
    const s = await h().shopper();
    const card = await h().issue(s.token, { merchant: { origin } });
    expect(card.payment_frames).toEqual(['https://a.psp.example', 'https://b.psp.example', 'https://c.psp.example']);
    // A merchant no vendor is registered for: no declared frames (the curated list still applies in the extension).
    expect((await h().issue(s.token, { merchant: { origin: 'https://unregistered.example' } })).payment_frames).toEqual(
      [],
    );

    await h().db.tx((sql) => revokeVendor(sql, first.vendor.id, new Date()));
    const read = async () =>
      (await h().request<Card>('GET', `/v1/shopper/cards/${card.id}`, { token: s.token })).body.payment_frames;
    expect(await read()).toEqual(['https://a.psp.example', 'https://c.psp.example']);
    const [second] = await h().db.query<{ id: string }>(
      "SELECT id FROM vendors WHERE name = 'Second' AND origin = $1",
      [origin],
    );
    await h().db.tx((sql) => setPaymentFrames(sql, second!.id, ['https://d.psp.example']));
    expect(await read()).toEqual(['https://d.psp.example']);
  });

  it('the database refuses payment frames that are not bare origins, or too many', async () => {
    const { vendor } = await h().db.tx((sql) =>
      createVendor(sql, 'Checked', 'https://checked.example', new Date(), ['https://pay.checked.example']),
    );
    const refused: string[][] = [
      ['https://pay.example/fields'],
      ['javascript:alert(1)'],
      ['https://pay.example extra'],
      [''],
      ['https://a.example', 'https://b.example\nhttps://c.example'],
      ['https://a.example', null as unknown as string],
      Array.from({ length: 11 }, (_, i) => `https://p${i}.example`),
    ];
    for (const frames of refused) {
      await expect(
        h().db.query('UPDATE vendors SET payment_frames = $2 WHERE id = $1', [vendor.id, frames]),
        JSON.stringify(frames),
      ).rejects.toThrow(/violates check constraint/);
    }
    expect(
      (
        await h().db.query<{ payment_frames: string[] }>('SELECT payment_frames FROM vendors WHERE id = $1', [
          vendor.id,
        ])
      )[0]!.payment_frames,
    ).toEqual(['https://pay.checked.example']);
  });
});
