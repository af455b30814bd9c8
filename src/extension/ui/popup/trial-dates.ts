/**
 * Trial dates as the shopper picks them: a calendar day in their own time zone. A
 * trial "ending on 12 December" stops the card at the start of that day, local time, so
 * a shop billing on the day finds it already refund-only.
 */
import type { TrialOffer } from '../../messages';

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD of `d` in local time (what a date input holds). */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The ISO moment a trial ending on `day` (YYYY-MM-DD) stops the card: that day's local midnight. */
export function trialEndMoment(day: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) || localDay(d) !== day ? null : d.toISOString();
}

/** The calendar day a stored trial end falls on, for a date input. */
export const trialDay = (iso: string): string => localDay(new Date(iso));

/** The day a trial the page offers, starting `from`, ends: months by the calendar, days and weeks by days. */
export function trialEndDate(offer: Pick<TrialOffer, 'count' | 'unit'>, from: Date): string {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  if (offer.unit === 'month') d.setMonth(d.getMonth() + offer.count);
  else d.setDate(d.getDate() + offer.count * (offer.unit === 'week' ? 7 : 1));
  return localDay(d);
}
