/** The shopper's real delivery addresses, kept by the provider (sealed) for couriers. */
import { AddDeliveryAddressRequest } from '../../../protocol';
import type { Handlers } from '../router';
import { api } from '../api';

type DeliveryHandlers = Pick<Handlers, 'delivery.list' | 'delivery.add' | 'delivery.makeDefault' | 'delivery.remove'>;

export const deliveryHandlers: DeliveryHandlers = {
  'delivery.list': async () => (await api.call('delivery.list', {})).delivery_addresses,
  'delivery.add': async ({ address }) => {
    const parsed = AddDeliveryAddressRequest.safeParse(address);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${issue?.path.join('.') || 'address'}: ${issue?.message ?? 'invalid'}`);
    }
    return api.call('delivery.add', { body: parsed.data });
  },
  'delivery.makeDefault': ({ id }) => api.call('delivery.makeDefault', { id, body: { make_default: true } }),
  'delivery.remove': async ({ id }) => {
    await api.call('delivery.remove', { id });
    return null;
  },
};
