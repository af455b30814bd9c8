/**
 * Free trials: a card marked to end at a moment charges (and verifies) until then, and
 * is refund-only from then on: R1 at once, closed by the sweeper or by the shopper
 * ending it. Each charge gets one answer, however it races the end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import { sweep } from '../../src/provider/authorizations/sweep';
import type { Card } from '../../src/protocol';

const DAY = 24 * 3600;

describeEachDb('free trials', (h) => {
  afterEach(async () => {
    expect(await h().ledgerProblems()).toEqual([]);
  });

  const trialCard = async (token: string, endsInS: number) =>
    h().issue(token, {
      mode: 'recurring',
      period_limit: 50_00,
      trial_ends_at: new Date(h().clock.now().getTime() + endsInS * 1000).toISOString(),
    });
  const patch = (token: string, id: string, body: Record<string, unknown>) =>
    h().request<Card & { error?: { code: string; message: string } }>('PATCH', `/v1/shopper/cards/${id}`, {
      token,
      body,
    });
  const getCard = async (token: string, id: string) =>
    (await h().request<Card>('GET', `/v1/shopper/cards/${id}`, { token })).body;

  it('verifies and charges until the end, declines R1 from it (swept or not), and refunds after', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await trialCard(s.token, 7 * DAY);
    expect(card.trial_ends_at).toBe(new Date(card.trial_ends_at!).toISOString());
    const set = (await h().events(s.token)).find((e) => e.kind === 'card.trial_set');
    expect(set?.detail).toEqual({ trial_ends_at: card.trial_ends_at, previous: null });

    // The shop's card check: $1, reversed; then $0.
    const check = await h().authorize(v, card, 1_00);
    expect(check.body).toMatchObject({ status: 'approved', reason: '00' });
    await h().request('POST', `/v1/authorizations/${check.body.id}/reverse`, { token: v.key, body: {} });
    expect((await h().authorize(v, card, 0)).body).toMatchObject({ status: 'approved' });
    const first = await h().authorize(v, card, 9_99);
    expect(first.body).toMatchObject({ status: 'approved', reason: '00' });
    await h().request('POST', `/v1/authorizations/${first.body.id}/capture`, { token: v.key, body: {} });
    expect(await h().me(s.token)).toMatchObject({ balance: 90_01 });

    h().clock.advance(7 * DAY);
    try {
      // Not swept yet: the card still reads active, yet it is already refund-only.
      expect((await getCard(s.token, card.id)).state).toBe('active');
      expect((await h().authorize(v, card, 9_99)).body).toMatchObject({
        status: 'declined',
        reason: 'R1',
        retry: false,
      });
      expect((await h().authorize(v, card, 0)).body.reason).toBe('R1');
      const refused = await patch(s.token, card.id, { cap: 20_00 });
      expect(refused.status).toBe(409);
      expect(refused.body.error?.message).toMatch(/trial has ended/);

      expect(await sweep(h().ctx)).toMatchObject({ trials: 1 });
      expect(await sweep(h().ctx)).toMatchObject({ trials: 0 });
      expect((await getCard(s.token, card.id)).state).toBe('closed');
      const ended = (await h().events(s.token)).filter((e) => e.kind === 'card.trial_ended');
      expect(ended).toHaveLength(1);
      expect(ended[0]).toMatchObject({ reason: 'R1', detail: { trial_ends_at: card.trial_ends_at, by: 'sweep' } });
      expect((await h().authorize(v, card, 9_99)).body).toMatchObject({ reason: 'R1', retry: false });

      const refund = await h().request('POST', '/v1/refunds', {
        token: v.key,
        body: { authorization_id: first.body.id, amount: 9_99 },
      });
      expect(refund.status).toBe(200);
      expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
    } finally {
      h().clock.advance(-7 * DAY);
    }
  });

  it('the update route sets, moves and clears a trial, and a moment already past ends it now', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token, { uses: 5 });
    expect(card.trial_ends_at).toBeNull();
    const in3 = new Date(h().clock.now().getTime() + 3 * DAY * 1000).toISOString();
    const set = await patch(s.token, card.id, { trial_ends_at: in3 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ state: 'active', trial_ends_at: in3 });
    // An offset is kept as the same moment.
    const in5 = new Date(h().clock.now().getTime() + 5 * DAY * 1000);
    const moved = await patch(s.token, card.id, { trial_ends_at: in5.toISOString().replace('Z', '+00:00') });
    expect(moved.body.trial_ends_at).toBe(in5.toISOString());
    expect((await patch(s.token, card.id, { trial_ends_at: null })).body.trial_ends_at).toBeNull();
    const trialEvents = (await h().events(s.token)).filter((e) => e.kind === 'card.trial_set').map((e) => e.detail);
    expect(trialEvents).toEqual([
      { trial_ends_at: null, previous: in5.toISOString() },
      { trial_ends_at: in5.toISOString(), previous: in3 },
      { trial_ends_at: in3, previous: null },
    ]);
    expect((await h().authorize(v, card, 2_00)).body.reason).toBe('00');

    const past = new Date(h().clock.now().getTime() - 1000).toISOString();
    const ended = await patch(s.token, card.id, { trial_ends_at: past });
    expect(ended.body).toMatchObject({ state: 'closed', trial_ends_at: past });
    expect((await h().events(s.token))[0]).toMatchObject({
      kind: 'card.trial_ended',
      reason: 'R1',
      detail: { trial_ends_at: past, by: 'shopper' },
    });
    expect((await h().authorize(v, card, 2_00)).body).toMatchObject({ reason: 'R1', retry: false });
    expect(await sweep(h().ctx)).toMatchObject({ trials: 0 }); // already closed: nothing to record twice
  });

  it('refuses a trial end that is not a moment, or is past at issue, and changes nothing', async () => {
    const s = await h().shopper(100_00);
    const card = await h().issue(s.token);
    const before = await h().snapshot();
    for (const bad of ['tomorrow', '2026-12-31', '2026-12-31T10:00:00', 1_900_000_000, '']) {
      const r = await patch(s.token, card.id, { trial_ends_at: bad });
      expect(r.status).toBe(400);
      expect(r.body.error?.message).toMatch(/trial_ends_at/);
    }
    const pastIssue = await h().request<{ error: { message: string } }>('POST', '/v1/shopper/cards', {
      token: s.token,
      body: {
        merchant: { origin: 'https://shop.example' },
        trial_ends_at: new Date(h().clock.now().getTime() - 1000).toISOString(),
      },
    });
    expect(pastIssue.status).toBe(400);
    expect(pastIssue.body.error.message).toMatch(/trial_ends_at: the trial must end in the future/);
    expect(await h().snapshot()).toEqual(before);
  });

  it('charges racing the shopper ending the trial: each one answer, in the order the card was locked', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await trialCard(s.token, 3600);
    const charges = Array.from({ length: 10 }, () => h().authorize(v, card, 1_00));
    const end = patch(s.token, card.id, { trial_ends_at: h().clock.now().toISOString() });
    const answers = await Promise.all(charges);
    expect((await end).body.state).toBe('closed');

    const approved = answers.filter((a) => a.body.status === 'approved').map((a) => a.body.id);
    const revoked = answers.filter((a) => a.body.reason === 'R1').map((a) => a.body.id);
    expect(approved.length + revoked.length).toBe(10);
    expect(await h().me(s.token)).toMatchObject({ held: approved.length * 1_00 });
    // Every approval was decided before the end, every R1 after: the card's lock ordered them.
    const rows = await h().db.query<{ id: number; kind: string; authorization_id: string | null }>(
      "SELECT id::int, kind, authorization_id FROM events WHERE card_id = $1 AND kind IN ('authorization.approved', 'authorization.declined', 'card.trial_ended') ORDER BY id",
      [card.id],
    );
    const endAt = rows.findIndex((r) => r.kind === 'card.trial_ended');
    expect(endAt).toBeGreaterThanOrEqual(0);
    expect(rows.filter((r) => r.kind === 'card.trial_ended')).toHaveLength(1);
    expect(new Set(rows.slice(0, endAt).map((r) => r.authorization_id))).toEqual(new Set(approved));
    expect(new Set(rows.slice(endAt + 1).map((r) => r.authorization_id))).toEqual(new Set(revoked));
  });

  it('charges racing the sweeper at the end: all R1, the end recorded once', async () => {
    const v = await h().vendor();
    const s = await h().shopper(100_00);
    const card = await trialCard(s.token, 60);
    h().clock.advance(60);
    try {
      const [answers, sweeps] = await Promise.all([
        Promise.all(Array.from({ length: 8 }, () => h().authorize(v, card, 1_00))),
        Promise.all([sweep(h().ctx), sweep(h().ctx)]),
      ]);
      expect(answers.map((a) => [a.body.status, a.body.reason])).toEqual(
        Array.from({ length: 8 }, () => ['declined', 'R1']),
      );
      // A sweep skips a card a charge holds locked (SKIP LOCKED): both racing sweeps may
      // have; one more after the charges closes it if they did. Recorded once either way.
      const after = await sweep(h().ctx);
      expect(sweeps[0].trials + sweeps[1].trials + after.trials).toBe(1);
      expect((await getCard(s.token, card.id)).state).toBe('closed');
      expect((await h().events(s.token)).filter((e) => e.kind === 'card.trial_ended')).toHaveLength(1);
      expect(await h().me(s.token)).toMatchObject({ balance: 100_00, held: 0 });
    } finally {
      h().clock.advance(-60);
    }
  });

  // A charge awaiting the shopper's answer when the card stops taking charges: declined R1
  // (retry: false) at once, its hold released and its use given back, not left to lapse 91.
  describe('a charge awaiting confirmation when the card closes', () => {
    const vendorView = (v: { key: string }, id: string) =>
      h().request<{ status: string; reason: string; retry?: boolean }>('GET', `/v1/authorizations/${id}`, {
        token: v.key,
      });
    const awaiting = async (trialEndsInS?: number) => {
      const v = await h().vendor();
      const s = await h().shopper(100_00);
      const card = await h().issue(s.token, {
        mode: 'confirmation',
        uses: 2,
        ...(trialEndsInS !== undefined
          ? { trial_ends_at: new Date(h().clock.now().getTime() + trialEndsInS * 1000).toISOString() }
          : {}),
      });
      const pending = await h().authorize(v, card, 7_00);
      expect(pending.body).toMatchObject({ status: 'pending' });
      expect(await h().me(s.token)).toMatchObject({ held: 7_00 });
      return { v, s, card, id: pending.body.id };
    };
    const declinedR1 = async (c: Awaited<ReturnType<typeof awaiting>>) => {
      expect((await vendorView(c.v, c.id)).body).toMatchObject({ status: 'declined', reason: 'R1', retry: false });
      expect(await h().me(c.s.token)).toMatchObject({ balance: 100_00, held: 0 });
      expect((await getCard(c.s.token, c.card.id)).uses_count).toBe(0);
      const decided = (await h().events(c.s.token)).filter(
        (e) => e.authorization_id === c.id && e.kind === 'authorization.declined',
      );
      expect(decided).toMatchObject([{ reason: 'R1' }]);
      const late = await h().request<{ error: { message: string } }>(
        'POST',
        `/v1/shopper/authorizations/${c.id}/decision`,
        { token: c.s.token, body: { decision: 'approve' } },
      );
      expect(late.status).toBe(409);
    };

    it('the shopper closing the card declines it R1 in the same transaction', async () => {
      const c = await awaiting();
      expect((await patch(c.s.token, c.card.id, { state: 'closed' })).body.state).toBe('closed');
      // No sweep ran: the close itself answered the charge.
      await declinedR1(c);
      const events = (await h().events(c.s.token)).map((e) => e.kind);
      expect(events.indexOf('authorization.declined')).toBeLessThan(events.indexOf('card.closed'));
    });

    it('the shopper ending the trial now declines it R1 in the same transaction', async () => {
      const c = await awaiting(7 * DAY);
      await patch(c.s.token, c.card.id, { trial_ends_at: h().clock.now().toISOString() });
      await declinedR1(c);
    });

    it("the trial's end passing declines it R1 at the sweep, or at once when the charge is read", async () => {
      const swept = await awaiting(60);
      const read = await awaiting(60);
      h().clock.advance(61);
      try {
        expect((await vendorView(read.v, read.id)).body).toMatchObject({ status: 'declined', reason: 'R1' });
        expect((await sweep(h().ctx)).authorizations).toBe(1);
        for (const c of [swept, read]) expect((await getCard(c.s.token, c.card.id)).state).toBe('closed');
        await declinedR1(swept);
        await declinedR1(read);
      } finally {
        h().clock.advance(-61);
      }
    });

    it('a charge whose deadline passed before the close still lapses 91', async () => {
      const c = await awaiting();
      h().clock.advance(3600);
      try {
        await patch(c.s.token, c.card.id, { state: 'closed' });
        expect((await vendorView(c.v, c.id)).body).toMatchObject({ status: 'declined', reason: '91' });
      } finally {
        h().clock.advance(-3600);
      }
    });
  });
});
