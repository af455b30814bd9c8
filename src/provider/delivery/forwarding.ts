/** The shipping identity a masked card shows the shop: the forwarding address, under the purchasing ID. */
import type { ShippingIdentity } from '../../protocol';
import type { ForwardingAddress } from '../policy';

export function shippingIdentity(
  forwarding: ForwardingAddress,
  purchasingId: string,
  alias?: string,
): ShippingIdentity {
  return {
    name: alias ?? `Veil ${purchasingId}`,
    address_line1: forwarding.line1,
    address_line2: `Ref ${purchasingId}`,
    city: forwarding.city,
    region: forwarding.region,
    postal_code: forwarding.postal_code,
    country: forwarding.country,
    phone: forwarding.phone,
    reference: purchasingId,
  };
}
