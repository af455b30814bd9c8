/**
 * What a card fills: its number, expiry and CVC, and — with delivery masking — the
 * forwarding identity as the shipping address. Billing gets only the forwarding postal
 * code (shops often check it against the card); names, street and email are left to
 * the shopper so nothing of theirs is invented.
 */
import type { IssuedCard, ShippingIdentity } from '../../protocol';
import type { AddressToken, FillValues } from '../messages';

export function fillValues(secrets: IssuedCard['secrets'], shipping: ShippingIdentity | null): FillValues {
  const values: FillValues = {
    card: { number: secrets.number, exp_month: secrets.exp_month, exp_year: secrets.exp_year, cvc: secrets.cvc },
  };
  if (!shipping) return values;
  const address: Partial<Record<AddressToken, string>> = {
    name: shipping.name,
    'address-line1': shipping.address_line1,
    'address-line2': shipping.address_line2,
    'address-level2': shipping.city,
    'address-level1': shipping.region,
    'postal-code': shipping.postal_code,
    country: shipping.country,
    tel: shipping.phone,
  };
  return { ...values, shipping: address, billing: { 'postal-code': shipping.postal_code } };
}
