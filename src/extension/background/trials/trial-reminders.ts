/**
 * Free-trial reminders: a notification and the action badge three days before a trial
 * ends and on the day. Alarms carry them (a service worker or Firefox event page may be
 * asleep at the moment; an alarm wakes it in both browsers), each named for its card
 * and reminder (reminder-plan.ts). The cards' trial facts are kept in storage.local, so
 * a worker woken by an alarm can word the notification without the vault or the network.
 */
import browser from 'webextension-polyfill';
import type { Card } from '../../../protocol';
import { trialReminders } from '../../store';
import { alarmName, parseAlarm, reminderPlan, trialBadge, type ReminderKind } from './reminder-plan';

type Entry = { endsAt: string; merchant: string; last4: string; state?: string };

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
const asCards = (map: Record<string, Entry>) =>
  Object.entries(map).map(([id, e]) => ({ id, state: e.state ?? 'active', trial_ends_at: e.endsAt }));

/** Records the trials among `cards` (fresh from the provider) and plans their alarms and the badge again. */
export async function syncTrialReminders(cards: readonly Card[]): Promise<void> {
  const map: Record<string, Entry> = { ...((await trialReminders.get()) ?? {}) };
  for (const c of cards) {
    if (c.trial_ends_at)
      map[c.id] = {
        endsAt: c.trial_ends_at,
        merchant: c.merchant.name ?? c.merchant.origin,
        last4: c.last4,
        state: c.state,
      };
    else if (map[c.id]) {
      delete map[c.id];
      for (const kind of ['soon', 'ended'] as const) await browser.alarms.clear(alarmName(c.id, kind));
    }
  }
  // A trial that ended more than a day ago needs nothing more: forget it.
  const now = Date.now();
  for (const [id, e] of Object.entries(map)) if (Date.parse(e.endsAt) < now - 24 * 3600 * 1000) delete map[id];
  await trialReminders.set(map);
  const planned = new Set<string>();
  for (const a of reminderPlan(asCards(map), now)) {
    planned.add(a.name);
    await browser.alarms.create(a.name, { when: a.when });
  }
  // A trial moved, cleared or closed early: its earlier alarms go.
  for (const id of Object.keys(map))
    for (const kind of ['soon', 'ended'] as const)
      if (!planned.has(alarmName(id, kind))) await browser.alarms.clear(alarmName(id, kind));
  await showBadge(map, now);
}

async function showBadge(map: Record<string, Entry>, now: number): Promise<void> {
  const text = trialBadge(asCards(map), now);
  await browser.action.setBadgeText({ text });
  if (text) await browser.action.setBadgeBackgroundColor({ color: '#b45309' });
}

function words(kind: ReminderKind, e: Entry): { title: string; message: string } {
  return kind === 'soon'
    ? {
        title: `Free trial at ${e.merchant} ends ${day(e.endsAt)}`,
        message: `Card •••• ${e.last4} stops charging then. To keep the subscription, move the date in Veil's popup.`,
      }
    : {
        title: `Free trial at ${e.merchant} ended`,
        message: `Card •••• ${e.last4} now only takes refunds: the shop's charges are declined.`,
      };
}

/** Handles one of our alarms; false for any other alarm. */
export async function onTrialAlarm(name: string): Promise<boolean> {
  const parsed = parseAlarm(name);
  if (!parsed) return false;
  const map = (await trialReminders.get()) ?? {};
  const e = map[parsed.cardId];
  if (!e) return true;
  if (parsed.kind === 'ended') map[parsed.cardId] = { ...e, state: 'closed' };
  await trialReminders.set(map);
  await browser.notifications.create(name, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/veil-128.png'),
    ...words(parsed.kind, e),
  });
  await showBadge(map, Date.now());
  return true;
}
