/**
 * The inline button's trial question: a card is issued only from the shopper's answer in
 * the trial-choice window, with the end day the answer names (or none), once; a closed
 * window, a tab that left the shop, an old or expired question, or a second click issue
 * nothing. The browser's parts (storage.session, windows) are in-memory stand-ins with
 * the same contract; the flow under test is the real one.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Card } from '../../../protocol';
import type { TrialOffer } from '../../messages';
import type { PerTab } from '../../store';
import { CHOICE_TTL_MS, trialChoiceFlow, type TrialChoice } from './trial-choice';

/** storage.session per tab: values pass through JSON, as the real area stores them. */
function memoryPerTab<T>(): PerTab<T> & { size(): number } {
  const items = new Map<number, string>();
  return {
    set: async (id, v) => void items.set(id, JSON.stringify(v)),
    get: async (id) => (items.has(id) ? (JSON.parse(items.get(id)!) as T) : undefined),
    forget: async (id) => void items.delete(id),
    size: () => items.size,
  };
}

const SHOP = 'https://streams.example';
const OFFER: TrialOffer = { count: 7, unit: 'day', phrase: 'free for 7 days', then: '$9.99/month' };
const TAB = 4;

let now: number;
let origins: Map<number, string>;
let openWindows: Set<number>;
let opened: { tabId: number; id: string }[];
let issued: { tabId: number; trialEndsAt: string | undefined }[];
let choices: ReturnType<typeof memoryPerTab<TrialChoice>>;
let windows: ReturnType<typeof memoryPerTab<number>>;
let flow: ReturnType<typeof trialChoiceFlow>;

beforeEach(() => {
  now = Date.parse('2026-12-05T10:00:00Z');
  origins = new Map([[TAB, SHOP]]);
  openWindows = new Set();
  opened = [];
  issued = [];
  choices = memoryPerTab<TrialChoice>();
  windows = memoryPerTab<number>();
  let ids = 0;
  let windowIds = 100;
  flow = trialChoiceFlow({
    choices,
    windows,
    openWindow: async (tabId, id) => {
      opened.push({ tabId, id });
      openWindows.add(++windowIds);
      return windowIds;
    },
    focusWindow: async (windowId) => openWindows.has(windowId),
    tabOrigin: async (tabId) => {
      const origin = origins.get(tabId);
      if (!origin) throw new Error('no tab');
      return origin;
    },
    issueAndFill: async (tabId, trialEndsAt) => {
      issued.push({ tabId, trialEndsAt });
      // Let a second answer arrive while this one issues (the provider call takes time).
      await new Promise((r) => setTimeout(r, 0));
      return { card: { id: `card_${issued.length}` } as Card, filled: 3 };
    },
    now: () => now,
    newId: () => `q${++ids}`,
  });
});

/** The window closing as the browser reports it. */
async function closeWindow(windowId: number) {
  openWindows.delete(windowId);
  await flow.forgetWindow(windowId);
}

describe('the inline trial question', () => {
  it('opens a window that shows the shop and its wording, and issues nothing by itself', async () => {
    const choice = await flow.ask(TAB, SHOP, OFFER);
    expect(opened).toEqual([{ tabId: TAB, id: 'q1' }]);
    expect(await flow.get(TAB, choice.id)).toEqual({ origin: SHOP, offer: OFFER });
    expect(issued).toEqual([]);
  });

  it('issues a trial ending on the day the shopper confirmed, then the question is closed', async () => {
    const { id } = await flow.ask(TAB, SHOP, OFFER);
    const end = '2026-12-11T23:00:00.000Z';
    expect(await flow.answer(TAB, id, end)).toEqual({ card: { id: 'card_1' }, filled: 3 });
    expect(issued).toEqual([{ tabId: TAB, trialEndsAt: end }]);
    await expect(flow.get(TAB, id)).rejects.toThrow('This question is closed');
    expect(choices.size()).toBe(0);
    expect(windows.size()).toBe(0);
  });

  it('issues without a trial when the shopper says so', async () => {
    const { id } = await flow.ask(TAB, SHOP, OFFER);
    await flow.answer(TAB, id, null);
    expect(issued).toEqual([{ tabId: TAB, trialEndsAt: undefined }]);
  });

  it('issues nothing once the window was closed unanswered', async () => {
    const { id, windowId } = await flow.ask(TAB, SHOP, OFFER);
    await closeWindow(windowId!);
    await expect(flow.answer(TAB, id, null)).rejects.toThrow('This question is closed');
    expect(issued).toEqual([]);
    expect(choices.size()).toBe(0);
  });

  it('a double click issues one card', async () => {
    const { id } = await flow.ask(TAB, SHOP, OFFER);
    const answers = await Promise.allSettled([flow.answer(TAB, id, null), flow.answer(TAB, id, null)]);
    expect(answers.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(issued).toHaveLength(1);
  });

  it('issues nothing when the tab left the shop before the answer', async () => {
    const { id } = await flow.ask(TAB, SHOP, OFFER);
    origins.set(TAB, 'https://elsewhere.example');
    await expect(flow.answer(TAB, id, null)).rejects.toThrow(`The tab no longer shows ${SHOP}`);
    expect(issued).toEqual([]);
  });

  it('issues nothing after the tab navigated (the question is forgotten with the page)', async () => {
    const { id } = await flow.ask(TAB, SHOP, OFFER);
    await flow.forgetTab(TAB);
    await expect(flow.answer(TAB, id, null)).rejects.toThrow('This question is closed');
    expect(issued).toEqual([]);
  });

  it('refuses an answer for another tab, an older question, or after the time limit', async () => {
    const first = await flow.ask(TAB, SHOP, OFFER);
    await closeWindow(first.windowId!);
    const second = await flow.ask(TAB, SHOP, OFFER);
    await expect(flow.answer(TAB, first.id, null)).rejects.toThrow('This question is closed');
    await expect(flow.answer(TAB + 1, second.id, null)).rejects.toThrow('This question is closed');
    now += CHOICE_TTL_MS + 1;
    await expect(flow.answer(TAB, second.id, null)).rejects.toThrow('This question is closed');
    expect(issued).toEqual([]);
  });

  it('refuses an end that is not a date and keeps the question open', async () => {
    const { id } = await flow.ask(TAB, SHOP, OFFER);
    for (const bad of ['next week', '', 12 as unknown as string])
      await expect(flow.answer(TAB, id, bad)).rejects.toThrow('The trial end is not a date.');
    expect(issued).toEqual([]);
    expect(await flow.get(TAB, id)).toEqual({ origin: SHOP, offer: OFFER });
  });

  it('a second click while the window is open brings it forward instead of opening another', async () => {
    const first = await flow.ask(TAB, SHOP, OFFER);
    expect(await flow.ask(TAB, SHOP, OFFER)).toEqual(first);
    expect(opened).toHaveLength(1);
    await closeWindow(first.windowId!);
    const again = await flow.ask(TAB, SHOP, OFFER);
    expect(again.id).not.toBe(first.id);
    expect(opened).toHaveLength(2);
  });
});
