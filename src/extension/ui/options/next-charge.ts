/**
 * When a subscription will charge next, guessed from when it charged before. Merchants
 * bill on a rhythm (monthly on the same day, weekly…): the usual gap between past
 * charges is the best guess, and a gap of about a month means "the same day next
 * month" (months differ in length). With one charge, the card's period is the rhythm;
 * with none, there is nothing to go on. Pure, so the guess is tested without a page.
 */

export type Period = 'day' | 'week' | 'month';

const DAY_MS = 24 * 3600_000;

/** The same day and time `n` months later, on the month's last day when it is shorter (Jan 31 → Feb 28). */
export function addMonths(iso: string, n: number): string {
  const d = new Date(iso);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()),
  ).toISOString();
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The last charge and the next expected one (ISO times), from the times of past charges in any order. */
export function nextCharge(
  charges: readonly string[],
  period: Period | null,
): { last: string | null; next: string | null } {
  const times = charges.map((c) => Date.parse(c)).filter((t) => !Number.isNaN(t));
  if (times.length === 0) return { last: null, next: null };
  times.sort((a, b) => a - b);
  const last = new Date(times[times.length - 1]!).toISOString();
  if (times.length === 1) {
    if (period === 'month') return { last, next: addMonths(last, 1) };
    if (period === 'week') return { last, next: new Date(Date.parse(last) + 7 * DAY_MS).toISOString() };
    if (period === 'day') return { last, next: new Date(Date.parse(last) + DAY_MS).toISOString() };
    return { last, next: null };
  }
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const gap = median(gaps);
  // 27–32 days apart is a monthly bill: the same day next month, not a fixed count of days.
  if (gap >= 27 * DAY_MS && gap <= 32 * DAY_MS) return { last, next: addMonths(last, 1) };
  return { last, next: new Date(Date.parse(last) + gap).toISOString() };
}
