import { describe, expect, it, vi } from 'vitest';
import {
  listenForRequests,
  parseContentRequest,
  sendToBackground,
  type RuntimeLike,
  type RuntimeListener,
} from './messaging';

function fakeRuntime(reply: unknown = { ok: true, value: null }) {
  const listeners = new Set<RuntimeListener>();
  const sent: unknown[] = [];
  const runtime: RuntimeLike = {
    sendMessage: async (m) => {
      sent.push(m);
      if (reply instanceof Error) throw reply;
      return reply;
    },
    onMessage: { addListener: (cb) => listeners.add(cb), removeListener: (cb) => listeners.delete(cb) },
  };
  const deliver = (m: unknown) => [...listeners].map((l) => l(m, {}))[0];
  return { runtime, sent, listeners, deliver };
}

const CARD = { number: '4999920123456789', exp_month: 3, exp_year: 2027, cvc: '123' };
const handlers = () => ({
  'content.scan': vi.fn(() => ({ cardFields: 2, addressFields: 0, checkout: true })),
  'content.fill': vi.fn(() => ({ filled: 3 })),
  'content.tabCard': vi.fn(() => null),
  'content.watchTotal': vi.fn(() => null),
});

describe('sendToBackground', () => {
  it('sends the kind with the body and unwraps the reply', async () => {
    const { runtime, sent } = fakeRuntime({ ok: true, value: { filled: 2 } });
    expect(await sendToBackground(runtime, 'content.fillRequested', {})).toEqual({ ok: true, value: { filled: 2 } });
    expect(sent).toEqual([{ kind: 'content.fillRequested' }]);
  });
  it('turns failures and malformed replies into errors', async () => {
    expect(await sendToBackground(fakeRuntime(new Error('no receiver')).runtime, 'content.fillRequested', {})).toEqual({
      ok: false,
      error: 'no receiver',
    });
    expect((await sendToBackground(fakeRuntime('junk').runtime, 'content.fillRequested', {})).ok).toBe(false);
  });
});

describe('parseContentRequest', () => {
  it('accepts well-formed requests', () => {
    expect(parseContentRequest({ kind: 'content.scan' })).toEqual({ kind: 'content.scan' });
    const fill = {
      kind: 'content.fill',
      merchantOrigin: 'https://shop.example',
      paymentOrigins: ['https://js.stripe.com'],
      values: { card: CARD, shipping: { 'postal-code': '12345' } },
    };
    expect(parseContentRequest(fill)).toEqual(fill);
  });
  it.each([
    ['unknown kind', { kind: 'content.steal' }],
    ['no origin', { kind: 'content.fill', paymentOrigins: [], values: {} }],
    ['no payment origins', { kind: 'content.fill', merchantOrigin: 'x', values: { card: CARD } }],
    [
      'non-string payment origin',
      { kind: 'content.fill', merchantOrigin: 'x', paymentOrigins: [5], values: { card: CARD } },
    ],
    [
      'bad card number',
      { kind: 'content.fill', merchantOrigin: 'x', paymentOrigins: [], values: { card: { ...CARD, number: 'abc' } } },
    ],
    [
      'bad month',
      { kind: 'content.fill', merchantOrigin: 'x', paymentOrigins: [], values: { card: { ...CARD, exp_month: 13 } } },
    ],
    [
      'non-string address',
      { kind: 'content.fill', merchantOrigin: 'x', paymentOrigins: [], values: { shipping: { name: 5 } } },
    ],
    ['not an object', 'content.scan'],
  ])('rejects %s', (_name, message) => {
    expect(parseContentRequest(message)).toBeNull();
  });
});

describe('listenForRequests', () => {
  it('answers wrapped results and ignores messages that are not ours', async () => {
    const { runtime, deliver } = fakeRuntime();
    const h = handlers();
    listenForRequests(runtime, h, new AbortController().signal);
    expect(await deliver({ kind: 'content.scan' })).toEqual({
      ok: true,
      value: { cardFields: 2, addressFields: 0, checkout: true },
    });
    expect(deliver({ kind: 'popup.something' })).toBeUndefined();
    expect(await deliver({ kind: 'content.fill', merchantOrigin: 'x' })).toEqual({
      ok: false,
      error: 'malformed content.fill request',
    });
    expect(h['content.fill']).not.toHaveBeenCalled();
  });
  it("passes the tab's verdict on held card fields, and only as a boolean", async () => {
    const { runtime, deliver } = fakeRuntime();
    const h = handlers();
    listenForRequests(runtime, h, new AbortController().signal);
    expect(await deliver({ kind: 'content.tabCard', held: true })).toEqual({ ok: true, value: null });
    expect(h['content.tabCard']).toHaveBeenCalledWith({ kind: 'content.tabCard', held: true });
    expect(await deliver({ kind: 'content.tabCard', held: 'yes' })).toEqual({
      ok: false,
      error: 'malformed content.tabCard request',
    });
    await deliver({
      kind: 'content.fill',
      merchantOrigin: 'x',
      paymentOrigins: [],
      values: { card: CARD },
      held: true,
    });
    expect(h['content.fill']).toHaveBeenCalledWith(expect.objectContaining({ held: true }));
  });
  it('passes the request to watch the order total to its handler', async () => {
    const { runtime, deliver } = fakeRuntime();
    const h = handlers();
    listenForRequests(runtime, h, new AbortController().signal);
    expect(await deliver({ kind: 'content.watchTotal' })).toEqual({ ok: true, value: null });
    expect(h['content.watchTotal']).toHaveBeenCalledTimes(1);
  });
  it('wraps a handler error', async () => {
    const { runtime, deliver } = fakeRuntime();
    const h = handlers();
    h['content.fill'].mockImplementation(() => {
      throw new Error('not filled: wrong site');
    });
    listenForRequests(runtime, h, new AbortController().signal);
    expect(
      await deliver({ kind: 'content.fill', merchantOrigin: 'x', paymentOrigins: [], values: { card: CARD } }),
    ).toEqual({ ok: false, error: 'not filled: wrong site' });
  });
  it('stops listening when the signal aborts', () => {
    const { runtime, listeners } = fakeRuntime();
    const controller = new AbortController();
    listenForRequests(runtime, handlers(), controller.signal);
    expect(listeners.size).toBe(1);
    controller.abort();
    expect(listeners.size).toBe(0);
  });
});
