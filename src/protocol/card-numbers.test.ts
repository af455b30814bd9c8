import { describe, expect, it } from 'vitest';
import { cardBrand, luhnCheckDigit, luhnValid, routingNumberValid } from './card-numbers';

describe('card numbers', () => {
  it('checks Luhn on known numbers', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true); // Amex test number
    expect(luhnValid('12345')).toBe(false); // too short to be a card
    expect(luhnValid('4242 4242 4242 4242')).toBe(false); // callers normalise first
  });

  it('completes any body with the one digit that makes it valid', () => {
    for (const body of ['499992000000000', '400000000000000', '510510510510510']) {
      const d = luhnCheckDigit(body);
      expect(luhnValid(body + d)).toBe(true);
      expect(luhnValid(body + ((d + 1) % 10))).toBe(false);
    }
  });

  it('names brands by prefix', () => {
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2223003122003222')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('discover');
    expect(cardBrand('9999999999999995')).toBe('unknown');
  });

  it('checks ABA routing numbers', () => {
    expect(routingNumberValid('011000015')).toBe(true);
    expect(routingNumberValid('021000021')).toBe(true);
    expect(routingNumberValid('123456789')).toBe(false);
    expect(routingNumberValid('01100001')).toBe(false);
  });
});
