/** Real time: the shopper's WebSocket stream, and decisions reaching vendors across provider processes. */
import { afterEach, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { describeEachDb, freshPostgresUrl, Harness, TestClock } from '../support/harness';
import { openPostgres } from '../../src/provider/db/db';
import { startProvider } from '../../src/provider/start';
import { describe } from 'vitest';

interface StreamMessage {
  type: string;
  event?: { kind: string; authorization_id: string | null; amount: number | null };
}

function openStream(url: string, token: string) {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/v1/shopper/stream');
  const received: StreamMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    received.push(JSON.parse(d.toString()) as StreamMessage);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  return {
    ws,
    received,
    closed,
    ready: new Promise<void>((resolve) =>
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'auth', token }));
        resolve();
      }),
    ),
    async next(pred: (m: StreamMessage) => boolean, ms = 5000): Promise<StreamMessage> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = received.find(pred);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(received)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
  };
}

describeEachDb('shopper stream', (h) => {
  afterEach(async () => expect(await h().ledgerProblems()).toEqual([]));

  it('authenticated by the first message, it delivers each new event as it happens', async () => {
    const v = await h().vendor();
    const s = await h().shopper();
    const card = await h().issue(s.token, { mode: 'confirmation' });
    const stream = openStream(h().url, s.token);
    await stream.ready;
    await stream.next((m) => m.type === 'ready');
    const auth = await h().authorize(v, card, 12_34);
    const pending = await stream.next((m) => m.event?.kind === 'authorization.pending');
    expect(pending.event).toMatchObject({ authorization_id: auth.body.id, amount: 12_34 });
    stream.ws.close();
  });

  it('refuses a connection without a valid token, and streams nothing of other shoppers', async () => {
    const v = await h().vendor();
    const a = await h().shopper();
    const b = await h().shopper();
    const bad = openStream(h().url, 'vd_not-a-real-token-000000000000');
    await bad.ready;
    expect((await bad.closed).code).toBe(4401);
    const streamB = openStream(h().url, b.token);
    await streamB.ready;
    await streamB.next((m) => m.type === 'ready');
    const card = await h().issue(a.token);
    await h().authorize(v, card, 1_00);
    await new Promise((r) => setTimeout(r, 300));
    expect(streamB.received.filter((m) => m.type === 'event')).toEqual([]);
    streamB.ws.close();
  });

  it('lists events after a given id, oldest first, for catching up', async () => {
    const s = await h().shopper();
    const all = await h().events(s.token);
    const oldest = all.at(-1) as unknown as { id: number };
    const after = await h().events(s.token, `?after=${oldest.id}`);
    expect(after.map((e) => (e as unknown as { id: number }).id)).toEqual(
      all
        .slice(0, -1)
        .map((e) => (e as unknown as { id: number }).id)
        .reverse(),
    );
  });
});

/**
 * A vendor's long-poll must be woken by the decision, not found by its periodic re-read
 * (policy.longPollRecheckMs, a safety net). Here the poll may wait 30 s and re-reads only
 * every 10 minutes, while the test gives up after 15 s: without the wake-up the poll cannot
 * answer in time, so the test fails rather than passing slowly. No sleep either: the
 * decision is sent once the poll is parked on its waiter, so it cannot read `approved` on
 * its first read by luck.
 */
const ONLY_THE_WAKE_UP = { longPollRecheckMs: 10 * 60_000 };
const LONG_POLL_S = 30;
const GIVE_UP_MS = 15_000;

describeEachDb(
  'vendor long-poll',
  (h) => {
    it(
      "is answered by the shopper's approval through its wake-up, not by a re-read",
      { timeout: GIVE_UP_MS },
      async () => {
        const v = await h().vendor();
        const s = await h().shopper(100_00);
        const card = await h().issue(s.token, { mode: 'confirmation' });
        const pending = await h().authorize(v, card, 5_00);
        const poll = h().request('GET', `/v1/authorizations/${pending.body.id}?wait=${LONG_POLL_S}`, { token: v.key });
        await expect.poll(() => h().ctx.waiters.size).toBe(1);
        await h().request('POST', `/v1/shopper/authorizations/${pending.body.id}/decision`, {
          token: s.token,
          body: { decision: 'approve' },
        });
        expect((await poll).body).toMatchObject({ status: 'approved', reason: '00' });
      },
    );
  },
  { policy: ONLY_THE_WAKE_UP },
);

describe.skipIf(!inject('pgAdminUrl'))('two provider processes on one PostgreSQL', () => {
  it(
    'a shopper deciding on one process answers a vendor long-polling on the other through NOTIFY',
    { timeout: GIVE_UP_MS },
    async () => {
      const url = await freshPostgresUrl();
      const key = randomBytes(32);
      const dbA = await openPostgres(url, 10);
      const dbB = await openPostgres(url, 10);
      const clock = new TestClock();
      // No periodic re-read within the test's time: only a NOTIFY from process B can answer the poll.
      const a = await startProvider({ db: dbA, masterKey: key, sweepMs: 0, policy: ONLY_THE_WAKE_UP });
      const b = await startProvider({ db: dbB, masterKey: key, sweepMs: 0 });
      try {
        const ha = new Harness('postgres', dbA, a, clock);
        const hb = new Harness('postgres', dbB, b, clock);
        const v = await ha.vendor();
        const s = await ha.shopper();
        const card = await ha.issue(s.token, { mode: 'confirmation' });
        const pending = await ha.authorize(v, card, 9_00);
        const poll = ha.request('GET', `/v1/authorizations/${pending.body.id}?wait=${LONG_POLL_S}`, { token: v.key });
        await expect.poll(() => a.ctx.waiters.size).toBe(1);
        await hb.request('POST', `/v1/shopper/authorizations/${pending.body.id}/decision`, {
          token: s.token,
          body: { decision: 'approve' },
        });
        const res = await poll;
        expect(res.body).toMatchObject({ status: 'approved', reason: '00' });
      } finally {
        await a.close();
        await b.close();
        await dbA.close();
        await dbB.close();
      }
    },
  );
});
