/** The defaults new cards get, and the auto-lock delay: the options page's settings. */
import { CardMode } from '../../../protocol';
import type { Defaults } from '../../messages';
import type { Handlers } from '../router';
import { getSetting, setSetting } from '../../store';

type DefaultsHandlers = Pick<Handlers, 'defaults.get' | 'defaults.set'>;

function checkDefaults(d: Defaults): Defaults {
  if (!CardMode.safeParse(d.mode).success)
    throw new Error('Choose a mode: notification, confirmation, card reader or recurring.');
  if (!Number.isInteger(d.cap) || d.cap < 1) throw new Error('The default cap must be above zero.');
  if (!(d.validityHours >= 1 && d.validityHours <= 24 * 366))
    throw new Error('Validity must be between 1 hour and a year.');
  if (!(Number.isInteger(d.autoLockMinutes) && d.autoLockMinutes >= 1 && d.autoLockMinutes <= 24 * 60))
    throw new Error('Auto-lock must be between 1 minute and a day.');
  if (typeof d.digitalDelivery !== 'boolean') throw new Error('Digital delivery is on or off.');
  if (!(Number.isInteger(d.tolerancePercent) && d.tolerancePercent >= 0 && d.tolerancePercent <= 100))
    throw new Error('The tolerance over the order total must be between 0 and 100 %.');
  if (!(Number.isFinite(d.toleranceMinimum) && d.toleranceMinimum >= 0 && d.toleranceMinimum <= 10_000))
    throw new Error('The minimum tolerance must be between 0 and 10,000.');
  return d;
}

export const defaultsHandlers: DefaultsHandlers = {
  'defaults.get': () => getSetting('defaults'),

  'defaults.set': async (change) => {
    const next = checkDefaults({ ...(await getSetting('defaults')), ...change });
    await setSetting('defaults', next);
    return next;
  },
};
