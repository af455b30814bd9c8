/**
 * The service worker's composition root: wires the router to its handlers and to the
 * browser's events. It holds no state of its own — the worker can be stopped at any
 * moment — everything lives in the store or storage.session.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { createRouter, type Handlers } from './router';
import { accountHandlers } from './handlers/account';
import { fundingHandlers } from './handlers/funding';
import { cardHandlers } from './handlers/cards';
import { historyHandlers } from './handlers/history';
import { disputeHandlers } from './handlers/dispute';
import { defaultsHandlers } from './handlers/defaults';
import { confirmHandlers } from './handlers/confirm';
import { keyHandlers } from './handlers/keys';
import { deliveryHandlers } from './handlers/delivery';
import { unlockKeyHandlers } from './handlers/unlock-keys';
import { privateHandlers } from './handlers/private';
import { applyPrivateConnection, listenForProxying } from './private/apply';
import { listenForProxyAuth, currentCredential } from './private/credential';
import { digitalHandlers } from './handlers/digital';
import { trialChoice, trialChoiceHandlers } from './handlers/trial-choice';
import { forgetTab } from './frames';
import { forgetTotal } from './tab-totals';
import { forgetTrialOffer, recordTrialOffer } from './trials/trial-offers';
import { onTrialAlarm } from './trials/trial-reminders';
import { catchUp, ensureLive, stopLive, type LiveHandlers } from './live';
import { forgetConfirmWindow, onLiveEvent } from './attention';
import { getSetting, recallKey, touch } from '../store';

const live: LiveHandlers = { onEvent: onLiveEvent };

/** Session changes start or stop the live connection. */
function liveAfter<K extends keyof Handlers>(
  from: Partial<Handlers>,
  kind: K,
  action: 'start' | 'stop',
): Pick<Handlers, K> {
  const handler = from[kind] as unknown as (req: unknown, sender: Runtime.MessageSender) => Promise<unknown>;
  const wrapped = async (req: unknown, sender: Runtime.MessageSender) => {
    const result = await handler(req, sender);
    if (action === 'start') void ensureLive(live);
    else stopLive();
    return result;
  };
  return { [kind]: wrapped } as unknown as Pick<Handlers, K>;
}

/** A new card can make its site private (the `card-sites` default): the plan is redone after it. */
function privateAfter<K extends 'cards.issueForTab' | 'trialChoice.answer'>(
  from: Pick<Handlers, K>,
  kind: K,
): Pick<Handlers, K> {
  const handler = from[kind] as unknown as (req: unknown, sender: Runtime.MessageSender) => Promise<unknown>;
  const wrapped = async (req: unknown, sender: Runtime.MessageSender) => {
    const result = await handler(req, sender);
    await applyPrivateConnection().catch(() => undefined);
    return result;
  };
  return { [kind]: wrapped } as unknown as Pick<Handlers, K>;
}

const handlers: Handlers = {
  ...accountHandlers,
  ...fundingHandlers,
  ...digitalHandlers,
  ...cardHandlers,
  ...historyHandlers,
  ...disputeHandlers,
  ...defaultsHandlers,
  ...confirmHandlers,
  ...keyHandlers,
  ...deliveryHandlers,
  ...unlockKeyHandlers,
  ...privateHandlers,
  ...trialChoiceHandlers,
  'content.trialOffer': ({ trial }, sender) => recordTrialOffer(trial, sender),
  ...privateAfter(cardHandlers, 'cards.issueForTab'),
  ...privateAfter(trialChoiceHandlers, 'trialChoice.answer'),
  ...liveAfter(accountHandlers, 'vault.create', 'start'),
  ...liveAfter(accountHandlers, 'vault.unlock', 'start'),
  ...liveAfter(unlockKeyHandlers, 'vault.unlockWithKey', 'start'),
  ...liveAfter(accountHandlers, 'account.signIn', 'start'),
  ...liveAfter(accountHandlers, 'account.signUp', 'start'),
  ...liveAfter(accountHandlers, 'vault.lock', 'stop'),
  ...liveAfter(accountHandlers, 'account.signOut', 'stop'),
};

const route = createRouter(handlers, {
  extensionId: browser.runtime.id,
  extensionUrl: browser.runtime.getURL(''),
  onActivity: () => void touch(),
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Broadcasts meant for UI pages are not requests to the background.
  if ((message as { kind?: string } | null)?.kind?.startsWith('ui.')) return undefined;
  return route(message, sender);
});

// A navigation or a closed tab makes its frames' reports stale.
const forgetTabState = (tabId: number) =>
  void Promise.all([forgetTab(tabId), forgetTotal(tabId), forgetTrialOffer(tabId), trialChoice.forgetTab(tabId)]);
browser.tabs.onRemoved.addListener(forgetTabState);
browser.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading' && change.url) forgetTabState(tabId);
});
browser.windows.onRemoved.addListener((windowId) => {
  void forgetConfirmWindow(windowId);
  // A trial question's window closed unanswered: nothing is issued, the question is dropped.
  void trialChoice.forgetWindow(windowId);
});

// The private connection: registered at every start (Firefox asks per request; both
// browsers ask the extension for the proxy's credential), and the plan put in place.
listenForProxying();
listenForProxyAuth();
void applyPrivateConnection().catch(() => undefined);

// One alarm does the periodic work: auto-lock (recallKey forgets an idle key), and,
// while unlocked, catching up on missed events and reopening the live connection.
const TICK = 'veil-tick';
browser.alarms.create(TICK, { periodInMinutes: 0.5 });
// Free-trial reminders (trials/trial-reminders.ts): one alarm per card and reminder.
browser.alarms.onAlarm.addListener((alarm) => void onTrialAlarm(alarm.name).catch(() => undefined));
// The keep-awake alarm (keep-awake.ts) needs no work: being delivered is its purpose.
browser.alarms.onAlarm.addListener(async (alarm) => {
  if (alarm.name !== TICK) return;
  if (!(await recallKey())) return stopLive();
  // Renewed ahead of expiry while unlocked, so a private site keeps loading.
  const privacy = await getSetting('privateConnection');
  if (privacy.default !== 'off' || Object.values(privacy.sites).some(Boolean))
    await currentCredential().catch(() => undefined);
  await catchUp(live).catch(() => undefined);
  await ensureLive(live);
});

// A woken worker reconnects at once rather than at the next tick.
void ensureLive(live);
