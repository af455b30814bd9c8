/** Defaults and history: the options page's settings and the audit trail. */
import type { AuditEvent } from '../../../protocol';
import { CardMode } from '../../../protocol';
import type { Defaults } from '../../messages';
import type { Handlers } from '../router';
import { getSetting, saveEvents, setSetting, toCachedEvent } from '../../store';
import { asDevice } from '../session';

type HistoryHandlers = Pick<Handlers, 'defaults.get' | 'defaults.set' | 'history.list'>;

function checkDefaults(d: Defaults): Defaults {
  if (!CardMode.safeParse(d.mode).success) throw new Error('Choose a mode: notification, confirmation, card reader or recurring.');
  if (!Number.isInteger(d.cap) || d.cap < 1) throw new Error('The default cap must be above zero.');
  if (!(d.validityHours >= 1 && d.validityHours <= 24 * 366)) throw new Error('Validity must be between 1 hour and a year.');
  if (!(Number.isInteger(d.autoLockMinutes) && d.autoLockMinutes >= 1 && d.autoLockMinutes <= 24 * 60)) throw new Error('Auto-lock must be between 1 minute and a day.');
  return d;
}

export const historyHandlers: HistoryHandlers = {
  'defaults.get': () => getSetting('defaults'),

  'defaults.set': async (change) => {
    const next = checkDefaults({ ...(await getSetting('defaults')), ...change });
    await setSetting('defaults', next);
    return next;
  },

  'history.list': async ({ merchant, eventKind: kind, limit }) => {
    const q = new URLSearchParams({ limit: String(Math.min(limit ?? 200, 500)) });
    if (merchant) q.set('merchant', merchant);
    if (kind) q.set('kind', kind);
    const { events } = await asDevice<{ events: AuditEvent[] }>(`/v1/shopper/events?${q}`);
    await saveEvents(events.map(toCachedEvent));
    return events;
  },
};
