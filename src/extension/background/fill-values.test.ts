import { describe, expect, it } from 'vitest';
import { fillValues } from './fill-values';

const secrets = { number: '4999920000000001', cvc: '123', exp_month: 12, exp_year: 2026 };

describe('fill values', () => {
  it('fills only the card when there is no delivery masking', () => {
    expect(fillValues(secrets, null)).toEqual({
      card: { number: secrets.number, exp_month: 12, exp_year: 2026, cvc: '123' },
    });
  });

  it('fills the forwarding identity as shipping and only its postal code as billing; never the email', () => {
    const v = fillValues(secrets, {
      name: 'Veil VL-AB12-CD34',
      address_line1: '100 Relay Way',
      address_line2: 'Ref VL-AB12-CD34',
      city: 'Portland',
      region: 'OR',
      postal_code: '97209',
      country: 'US',
      phone: '+1 503 555 0199',
      reference: 'VL-AB12-CD34',
    });
    expect(v.shipping).toEqual({
      name: 'Veil VL-AB12-CD34',
      'address-line1': '100 Relay Way',
      'address-line2': 'Ref VL-AB12-CD34',
      'address-level2': 'Portland',
      'address-level1': 'OR',
      'postal-code': '97209',
      country: 'US',
      tel: '+1 503 555 0199',
    });
    expect(v.billing).toEqual({ 'postal-code': '97209' });
    expect(JSON.stringify(v)).not.toContain('email');
  });
});
