// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { formatExpiry } from './expiry';

const input = (attrs: Record<string, string>) => {
  const el = document.createElement('input');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
};

describe('formatExpiry', () => {
  it.each([
    [{ placeholder: 'MM/YY' }, '03/27'],
    [{ placeholder: 'MM / YY' }, '03 / 27'],
    [{ placeholder: 'MM/YYYY' }, '03/2027'],
    [{ placeholder: 'MMYY' }, '0327'],
    [{ placeholder: 'MM-AA' }, '03-27'],
    [{ placeholder: 'MM/JJJJ' }, '03/2027'],
    [{ placeholder: '01/28' }, '03/27'],
    [{ pattern: '\\d{2}/\\d{4}' }, '03/2027'],
    [{ maxlength: '4' }, '0327'],
    [{ maxlength: '5' }, '03/27'],
    [{ maxlength: '7' }, '03/2027'],
    [{}, '03/27'],
    [{ type: 'month' }, '2027-03'],
  ])('%o → %s', (attrs, expected) => {
    expect(formatExpiry(input(attrs), 3, 2027)).toBe(expected);
  });
});
