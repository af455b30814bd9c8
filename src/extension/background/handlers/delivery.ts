/** The shopper's real delivery addresses, kept by the provider (sealed) for couriers. */
import type { DeliveryAddress } from '../../../protocol';
import { AddDeliveryAddressRequest } from '../../../protocol';
import type { Handlers } from '../router';
import { asDevice } from '../session';

type DeliveryHandlers = Pick<Handlers, 'delivery.list' | 'delivery.add' | 'delivery.makeDefault' | 'delivery.remove'>;

export const deliveryHandlers: DeliveryHandlers = {
  'delivery.list': async () => (await asDevice<{ delivery_addresses: DeliveryAddress[] }>('/v1/shopper/delivery-addresses')).delivery_addresses,
  'delivery.add': async ({ address }) => {
    const parsed = AddDeliveryAddressRequest.safeParse(address);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${issue?.path.join('.') || 'address'}: ${issue?.message ?? 'invalid'}`);
    }
    return asDevice<DeliveryAddress>('/v1/shopper/delivery-addresses', { method: 'POST', body: parsed.data });
  },
  'delivery.makeDefault': ({ id }) => asDevice<DeliveryAddress>(`/v1/shopper/delivery-addresses/${encodeURIComponent(id)}`, { method: 'PATCH', body: { make_default: true } }),
  'delivery.remove': async ({ id }) => {
    await asDevice(`/v1/shopper/delivery-addresses/${encodeURIComponent(id)}`, { method: 'DELETE' });
    return null;
  },
};
