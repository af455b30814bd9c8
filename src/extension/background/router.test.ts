/**
 * The router's sender rules, which are what keeps a web page away from the wallet: a
 * content script (running inside a page) may send only `content.*` kinds, a page of
 * another extension may send nothing, and this extension's own pages may send the rest.
 */
import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundKind } from '../messages';
import { createRouter, type Handlers } from './router';

const ID = 'veilextensionid';
const EXTENSION_URL = `chrome-extension://${ID}/`;

/** Every kind, so a new kind added to the contract without a handler here fails to compile. */
const KINDS: Record<BackgroundKind, true> = {
  'session.get': true,
  'vault.create': true,
  'vault.unlock': true,
  'vault.lock': true,
  'vault.unlockWithKey': true,
  'unlockKeys.list': true,
  'unlockKeys.add': true,
  'unlockKeys.remove': true,
  'account.setProvider': true,
  'account.signUp': true,
  'account.signIn': true,
  'account.signOut': true,
  'account.me': true,
  'devices.list': true,
  'devices.revoke': true,
  'funding.list': true,
  'funding.add': true,
  'funding.update': true,
  'funding.remove': true,
  'balance.topUp': true,
  'defaults.get': true,
  'defaults.set': true,
  'tab.checkout': true,
  'cards.issueForTab': true,
  'fx.quote': true,
  'trialChoice.get': true,
  'trialChoice.answer': true,
  'cards.list': true,
  'cards.update': true,
  'cards.reveal': true,
  'cards.fill': true,
  'history.list': true,
  'dispute.sources': true,
  'confirm.pending': true,
  'confirm.decide': true,
  'confirm.challenge': true,
  'delivery.list': true,
  'delivery.add': true,
  'delivery.makeDefault': true,
  'delivery.remove': true,
  'digital.list': true,
  'digital.access': true,
  'digital.received': true,
  'keys.list': true,
  'keys.registerOptions': true,
  'keys.register': true,
  'keys.remove': true,
  'private.state': true,
  'private.setSite': true,
  'private.setDefault': true,
  'content.detected': true,
  'content.fillRequested': true,
  'content.cartTotal': true,
  'content.trialOffer': true,
};

/** A router whose handlers only record that they ran, and a count of accepted page activity. */
function routerWithRecorder() {
  const handled: string[] = [];
  let activity = 0;
  const handlers = Object.fromEntries(
    Object.keys(KINDS).map((kind) => [
      kind,
      (req: unknown) => {
        handled.push(kind);
        return Promise.resolve({ echoed: req });
      },
    ]),
  ) as unknown as Handlers;
  const route = createRouter(handlers, {
    extensionId: ID,
    extensionUrl: EXTENSION_URL,
    onActivity: () => void activity++,
  });
  return { route, handled, activity: () => activity };
}

const tab = {
  id: 7,
  index: 0,
  highlighted: false,
  active: true,
  pinned: false,
  incognito: false,
} satisfies Runtime.MessageSender['tab'];
/** A content script in a shop's page: this extension's id, the page's URL and its tab. */
const contentScript: Runtime.MessageSender = { id: ID, url: 'https://shop.example/checkout', tab, frameId: 0 };
/** The popup: this extension's id and URL, no tab. */
const popup: Runtime.MessageSender = { id: ID, url: `${EXTENSION_URL}popup/index.html` };
/** The options page, which opens in a tab: still an extension page. */
const optionsInTab: Runtime.MessageSender = { id: ID, url: `${EXTENSION_URL}options/index.html`, tab };
/** A page of another extension. */
const otherExtension: Runtime.MessageSender = {
  id: 'otherextensionid',
  url: 'chrome-extension://otherextensionid/page.html',
};

describe('router sender rules', () => {
  it('lets a content script send content.* kinds and nothing else', async () => {
    const { route, handled } = routerWithRecorder();
    expect(await route({ kind: 'content.fillRequested' }, contentScript)).toEqual({ ok: true, value: { echoed: {} } });
    // trialChoice.answer issues and fills: only the shopper's click in an extension page may send it.
    const refused = [
      'cards.list',
      'funding.list',
      'confirm.decide',
      'keys.remove',
      'session.get',
      'trialChoice.answer',
    ];
    for (const kind of refused) {
      expect(await route({ kind }, contentScript)).toEqual({
        ok: false,
        error: `${kind} is not accepted from this sender`,
      });
    }
    expect(handled).toEqual(['content.fillRequested']);
  });

  it("accepts a cart total only from a content script, never from the extension's pages", async () => {
    const { route, handled } = routerWithRecorder();
    const total = { amount: 5490, currency: 'EUR', text: '€54.90' };
    expect(await route({ kind: 'content.cartTotal', total }, contentScript)).toEqual({
      ok: true,
      value: { echoed: { total } },
    });
    for (const sender of [popup, optionsInTab]) {
      expect(await route({ kind: 'content.cartTotal', total }, sender)).toEqual({
        ok: false,
        error: 'content.cartTotal is not accepted from this sender',
      });
    }
    expect(await route({ kind: 'content.cartTotal', total }, otherExtension)).toMatchObject({ ok: false });
    expect(handled).toEqual(['content.cartTotal']);
  });

  it('refuses every kind from a page of another extension, content.* included', async () => {
    const { route, handled } = routerWithRecorder();
    for (const kind of Object.keys(KINDS)) {
      expect(await route({ kind }, otherExtension)).toEqual({
        ok: false,
        error: 'message from another extension refused',
      });
      // Nor from that extension's own content script in a page.
      expect(await route({ kind }, { ...contentScript, id: 'otherextensionid' })).toMatchObject({ ok: false });
    }
    expect(handled).toEqual([]);
  });

  it('lets an extension page send the wallet kinds (counted as activity) but not content.* ones', async () => {
    const { route, handled, activity } = routerWithRecorder();
    expect(await route({ kind: 'cards.list', origin: 'https://shop.example' }, popup)).toEqual({
      ok: true,
      value: { echoed: { origin: 'https://shop.example' } },
    });
    expect(await route({ kind: 'keys.remove', id: 'k1', password: 'pw' }, optionsInTab)).toMatchObject({ ok: true });
    expect(await route({ kind: 'content.detected' }, popup)).toEqual({
      ok: false,
      error: 'content.detected is not accepted from this sender',
    });
    expect(handled).toEqual(['cards.list', 'keys.remove']);
    expect(activity()).toBe(2);
  });

  it('refuses malformed messages and unknown kinds before any handler', async () => {
    const { route, handled } = routerWithRecorder();
    expect(await route(null, popup)).toEqual({ ok: false, error: 'malformed message' });
    expect(await route({ kind: 42 }, popup)).toEqual({ ok: false, error: 'malformed message' });
    expect(await route({ kind: 'toString' }, popup)).toEqual({ ok: false, error: 'unknown message kind toString' });
    expect(handled).toEqual([]);
  });
});
