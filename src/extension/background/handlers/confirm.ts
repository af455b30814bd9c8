/** Charges waiting for the shopper, and the shopper's answer. */
import type { ShopperAuthorization } from '../../../protocol';
import type { Handlers } from '../router';
import { asDevice } from '../session';

type ConfirmHandlers = Pick<Handlers, 'confirm.pending' | 'confirm.decide'>;

export const confirmHandlers: ConfirmHandlers = {
  'confirm.pending': async () => (await asDevice<{ authorizations: ShopperAuthorization[] }>('/v1/shopper/authorizations?status=pending')).authorizations,
  'confirm.decide': ({ id, decision }) =>
    asDevice(`/v1/shopper/authorizations/${encodeURIComponent(id)}/decision`, { method: 'POST', body: { decision } }),
};
