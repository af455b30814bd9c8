/**
 * The inline button's free-trial question. A click on the inline button on a page that
 * offers a free trial, where a new card must be issued, does not issue: it opens the
 * trial-choice window (ui/trial-choice/), an extension page the shop cannot reach, which
 * shows the page's wording and the guessed end day for the shopper to confirm or change.
 * The card is issued — as a trial or not — and filled only from the answer given there;
 * closing the window, leaving the page or letting the question expire issues nothing.
 *
 * Why only when the page offers a trial: the inline button is the one-click path, and a
 * window on every fill would tax every purchase for the few that are trials; where the
 * page states none, the popup's trial control and the card's editable trial end (control
 * room, popup row) remain.
 *
 * The fill keeps its user action: the question exists only after an honest click that the
 * background accepted from an allowed frame (handlers/cards.ts), and its answer is a click
 * in an extension page (the router refuses `trialChoice.*` from content scripts). The
 * answer is bound to the tab and to the origin the click came from: a tab that went to
 * another site gets no card.
 *
 * The question lives in storage.session, not in the worker's memory: the worker may stop
 * while the shopper reads.
 */
import type { Card } from '../../../protocol';
import type { TrialOffer } from '../../messages';
import type { PerTab } from '../../store';

/** How long a question stays open: past it the shopper clicks the button again (every wait has a bound). */
export const CHOICE_TTL_MS = 10 * 60 * 1000;

export interface TrialChoice {
  /** Random: the window's address names it, so an answer meant for an older question finds nothing. */
  id: string;
  /** The tab's top origin when the shopper clicked: the card is issued for it only. */
  origin: string;
  offer: TrialOffer;
  windowId: number | null;
  expiresAt: number;
}

/** The browser and the issuing this flow needs (main.ts wires the real ones; tests pass their own). */
export interface TrialChoicePorts {
  choices: PerTab<TrialChoice>;
  /** window id → tab id, for `forgetWindow`. */
  windows: PerTab<number>;
  /** Opens the trial-choice page for (tab, id); its window id. */
  openWindow(tabId: number, id: string): Promise<number | undefined>;
  /** Brings a window forward; false when it is gone. */
  focusWindow(windowId: number): Promise<boolean>;
  tabOrigin(tabId: number): Promise<string>;
  issueAndFill(tabId: number, trialEndsAt: string | undefined): Promise<{ card: Card; filled: number }>;
  now(): number;
  newId(): string;
}

export class TrialChoiceError extends Error {}

const CLOSED = 'This question is closed (answered, cancelled or expired): click the Veil button on the page again.';

/** A trial end the answer may carry: an ISO moment the Date parser reads. The provider judges past and range. */
function checkedEnd(trialEndsAt: unknown): string | undefined {
  if (trialEndsAt === null) return undefined;
  if (typeof trialEndsAt !== 'string' || trialEndsAt.length > 40 || !Number.isFinite(Date.parse(trialEndsAt)))
    throw new TrialChoiceError('The trial end is not a date.');
  return new Date(trialEndsAt).toISOString();
}

export function trialChoiceFlow(ports: TrialChoicePorts) {
  // Answers being handled now: a double click must not issue two cards. The check and the
  // claim are one synchronous step; storage forgets the question before any issuing.
  const answering = new Set<string>();

  async function open(tabId: number): Promise<TrialChoice | undefined> {
    const choice = await ports.choices.get(tabId);
    return choice && choice.expiresAt > ports.now() ? choice : undefined;
  }

  return {
    /** Opens the question for this tab, or brings its open window forward (one question per tab). */
    async ask(tabId: number, origin: string, offer: TrialOffer): Promise<TrialChoice> {
      const existing = await open(tabId);
      if (existing?.origin === origin && existing.windowId !== null && (await ports.focusWindow(existing.windowId)))
        return existing;
      const choice: TrialChoice = {
        id: ports.newId(),
        origin,
        offer,
        windowId: null,
        expiresAt: ports.now() + CHOICE_TTL_MS,
      };
      await ports.choices.set(tabId, choice);
      const windowId = await ports.openWindow(tabId, choice.id);
      if (windowId === undefined) return choice;
      const opened = { ...choice, windowId };
      await ports.windows.set(windowId, tabId);
      await ports.choices.set(tabId, opened);
      return opened;
    },

    /** What the window shows: the shop and its wording. */
    async get(tabId: number, id: string): Promise<{ origin: string; offer: TrialOffer }> {
      const choice = await open(tabId);
      if (!choice || choice.id !== id) throw new TrialChoiceError(CLOSED);
      return { origin: choice.origin, offer: choice.offer };
    },

    /** The shopper's answer: issues (a trial ending `trialEndsAt`, or none) and fills, once. */
    async answer(tabId: number, id: string, trialEndsAt: string | null) {
      const end = checkedEnd(trialEndsAt);
      if (answering.has(id)) throw new TrialChoiceError(CLOSED);
      answering.add(id);
      try {
        const choice = await open(tabId);
        if (!choice || choice.id !== id) throw new TrialChoiceError(CLOSED);
        await ports.choices.forget(tabId);
        if (choice.windowId !== null) await ports.windows.forget(choice.windowId);
        const now = await ports.tabOrigin(tabId).catch(() => null);
        if (now !== choice.origin)
          throw new TrialChoiceError(`The tab no longer shows ${choice.origin}: no card was issued.`);
        return await ports.issueAndFill(tabId, end);
      } finally {
        answering.delete(id);
      }
    },

    /** The window closed: its question is dropped unanswered (nothing is issued). */
    async forgetWindow(windowId: number): Promise<void> {
      const tabId = await ports.windows.get(windowId);
      if (tabId === undefined) return;
      await ports.windows.forget(windowId);
      const choice = await ports.choices.get(tabId);
      if (choice?.windowId === windowId) await ports.choices.forget(tabId);
    },

    /** The tab navigated or closed: its question concerns a page that is gone. */
    async forgetTab(tabId: number): Promise<void> {
      const choice = await ports.choices.get(tabId);
      if (!choice) return;
      await ports.choices.forget(tabId);
      if (choice.windowId !== null) await ports.windows.forget(choice.windowId);
    },
  };
}

export type TrialChoiceFlow = ReturnType<typeof trialChoiceFlow>;
