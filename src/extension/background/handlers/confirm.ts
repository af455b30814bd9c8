/** Charges waiting for the shopper, and the shopper's answer (with a security key in card-reader mode). */
import type { Handlers } from '../router';
import { api } from '../api';

type ConfirmHandlers = Pick<Handlers, 'confirm.pending' | 'confirm.decide' | 'confirm.challenge'>;

export const confirmHandlers: ConfirmHandlers = {
  'confirm.pending': async () =>
    (await api.call('authorizations.list', { query: { status: 'pending' } })).authorizations,
  'confirm.decide': ({ id, decision, assertion }) =>
    api.call('authorizations.decide', { id, body: { decision, ...(assertion ? { assertion } : {}) } }),
  'confirm.challenge': ({ id, origin }) => api.call('authorizations.challenge', { id, body: { origin } }),
};
