/**
 * The inline button's free-trial question (trials/trial-choice.ts) wired to the browser:
 * its window, the tab's origin, and issuing through the popup's path (issue-card.ts).
 */
import browser from 'webextension-polyfill';
import type { Handlers } from '../router';
import { trialChoices, trialChoiceWindows } from '../../store';
import { tabOrigin } from '../fill';
import { issueAndFill } from '../issue-card';
import { trialChoiceFlow, type TrialChoice } from '../trials/trial-choice';

export const trialChoice = trialChoiceFlow({
  choices: trialChoices<TrialChoice>(),
  windows: trialChoiceWindows(),
  openWindow: async (tabId, id) => {
    const url = browser.runtime.getURL(`trial-choice/index.html?tab=${tabId}&id=${encodeURIComponent(id)}`);
    return (await browser.windows.create({ url, type: 'popup', width: 440, height: 520, focused: true })).id;
  },
  focusWindow: (windowId) =>
    browser.windows.update(windowId, { focused: true, drawAttention: true }).then(
      () => true,
      () => false,
    ),
  tabOrigin,
  issueAndFill: (tabId, trialEndsAt) => issueAndFill(tabId, trialEndsAt ? { trialEndsAt } : {}),
  now: () => Date.now(),
  newId: () => crypto.randomUUID(),
});

export const trialChoiceHandlers: Pick<Handlers, 'trialChoice.get' | 'trialChoice.answer'> = {
  'trialChoice.get': ({ tabId, id }) => trialChoice.get(Number(tabId), String(id)),
  'trialChoice.answer': ({ tabId, id, trialEndsAt }) => trialChoice.answer(Number(tabId), String(id), trialEndsAt),
};
