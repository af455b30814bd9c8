/** The security keys that approve card-reader charges: listing, registering, removing. */
import type { Handlers } from '../router';
import { api } from '../api';

type KeyHandlers = Pick<Handlers, 'keys.list' | 'keys.registerOptions' | 'keys.register' | 'keys.remove'>;

export const keyHandlers: KeyHandlers = {
  'keys.list': async () => (await api.call('keys.list', {})).security_keys,
  'keys.registerOptions': (req) => api.call('keys.registerOptions', { body: req }),
  'keys.register': (req) => api.call('keys.register', { body: req }),
  'keys.remove': async ({ id, password }) => {
    await api.call('keys.remove', { id, body: { password } });
    return null;
  },
};
