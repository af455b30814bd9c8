/**
 * The free-trial wording each tab's top page states (content/trial/detect-trial.ts),
 * kept in storage.session per tab for the popup, which offers it as a guess. Only the
 * top frame is heard: an ad or widget frame's "free for 30 days" is not the shop's.
 */
import type { Runtime } from 'webextension-polyfill';
import type { TrialOffer } from '../../messages';
import { trialReports } from '../../store';

const reports = trialReports<TrialOffer>();
const UNITS = new Set(['day', 'week', 'month']);

/** The page's claim, checked: a content script runs beside a page that could be hostile. */
function clean(t: TrialOffer | null | undefined): TrialOffer | null {
  if (!t || typeof t !== 'object') return null;
  const count = Number(t.count);
  if (!Number.isInteger(count) || count < 1 || count > 366 || !UNITS.has(t.unit)) return null;
  const text = (s: unknown) => (typeof s === 'string' ? s.slice(0, 80) : '');
  const then = text(t.then);
  return { count, unit: t.unit, phrase: text(t.phrase), ...(then ? { then } : {}) };
}

export async function recordTrialOffer(trial: TrialOffer | null, sender: Runtime.MessageSender): Promise<null> {
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.frameId !== 0) return null;
  const checked = clean(trial);
  if (checked) await reports.set(tabId, checked);
  else await reports.forget(tabId);
  return null;
}

export const trialOfferFor = async (tabId: number): Promise<TrialOffer | null> => (await reports.get(tabId)) ?? null;

export const forgetTrialOffer = (tabId: number): Promise<void> => reports.forget(tabId);
