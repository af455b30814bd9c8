/**
 * When to remind the shopper of a free trial, as a pure plan: one alarm three days
 * before the end ("cancel or keep it?") and one at the end, for each card whose trial
 * is still open. Pure (cards and a time in, alarms and a badge out) so it is tested
 * without a browser; trial-reminders.ts applies it.
 */
export const REMIND_DAYS_BEFORE = 3;
const DAY_MS = 24 * 3600 * 1000;
export const ALARM_PREFIX = 'veil-trial:';

export interface TrialCard {
  id: string;
  state: string;
  trial_ends_at?: string | null;
}

export type ReminderKind = 'soon' | 'ended';

export interface PlannedAlarm {
  name: string;
  when: number;
}

export const alarmName = (cardId: string, kind: ReminderKind) => `${ALARM_PREFIX}${kind}:${cardId}`;

export function parseAlarm(name: string): { cardId: string; kind: ReminderKind } | null {
  if (!name.startsWith(ALARM_PREFIX)) return null;
  const [kind, cardId] = name.slice(ALARM_PREFIX.length).split(':');
  if ((kind !== 'soon' && kind !== 'ended') || !cardId) return null;
  return { cardId, kind };
}

/** A trial the shopper may still act on: the card still charges. */
const open = (c: TrialCard): c is TrialCard & { trial_ends_at: string } =>
  !!c.trial_ends_at && (c.state === 'active' || c.state === 'paused' || c.state === 'blocked');

/** The alarms still to come. A reminder whose moment passed is not planned again: the badge carries it. */
export function reminderPlan(cards: readonly TrialCard[], now: number): PlannedAlarm[] {
  const out: PlannedAlarm[] = [];
  for (const c of cards) {
    if (!open(c)) continue;
    const end = Date.parse(c.trial_ends_at);
    const soon = end - REMIND_DAYS_BEFORE * DAY_MS;
    if (soon > now) out.push({ name: alarmName(c.id, 'soon'), when: soon });
    if (end > now) out.push({ name: alarmName(c.id, 'ended'), when: end });
  }
  return out;
}

/**
 * The action badge: how many trials end within three days or have ended today
 * (a card closed at its end still shows on its day, so the shopper sees it happened).
 */
export function trialBadge(cards: readonly (TrialCard & { trial_ends_at?: string | null })[], now: number): string {
  let n = 0;
  for (const c of cards) {
    if (!c.trial_ends_at) continue;
    const end = Date.parse(c.trial_ends_at);
    const soon = open(c) && end - REMIND_DAYS_BEFORE * DAY_MS <= now && now < end;
    const endedToday = now >= end && now - end < DAY_MS && (open(c) || c.state === 'closed');
    if (soon || endedToday) n++;
  }
  return n === 0 ? '' : String(n);
}
