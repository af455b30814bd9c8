// @vitest-environment happy-dom
/** The EUR storefront's checkout shows a total the extension's reader finds: 49,00 € in EUR. */
import { expect, it } from 'vitest';
import { findTotal } from '../../src/extension/content/total/find-total';
import { eurCheckoutPage, euros } from '../fixtures/demo-shop/eur-storefront';

it('shows its order total as "49,00 €", and the total reader reads 49.00 EUR from it', () => {
  expect(euros(49_00)).toBe('49,00 €');
  expect(euros(1_234_56)).toBe('1.234,56 €');
  const doc = new DOMParser().parseFromString(eurCheckoutPage(), 'text/html');
  document.documentElement.lang = 'de';
  document.body.innerHTML = doc.body.innerHTML;
  expect(findTotal(document)).toMatchObject({ amount: 49_00, currency: 'EUR' });
});
