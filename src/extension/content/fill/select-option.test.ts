// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { countryOption, monthOption, regionOption, yearOption } from './select-option';

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

const select = (options: [string, string][]) => {
  const s = document.createElement('select');
  for (const [value, text] of options) s.add(option(value, text));
  return s;
};
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

describe('monthOption', () => {
  it.each([
    [
      '01..12 values',
      select(MONTHS_EN.map((_, i) => [String(i + 1).padStart(2, '0'), String(i + 1).padStart(2, '0')])),
      '03',
    ],
    ['1..12 values', select(MONTHS_EN.map((_, i) => [String(i + 1), String(i + 1)])), '3'],
    ['names as text', select(MONTHS_EN.map((m, i) => [`m${i}`, m])), 'm2'],
    ['short names', select(MONTHS_EN.map((m) => [m.slice(0, 3), m.slice(0, 3)])), 'Mar'],
    ['"03 - March"', select(MONTHS_EN.map((m, i) => [`x${i}`, `${String(i + 1).padStart(2, '0')} - ${m}`])), 'x2'],
    ['German names', select(['Januar', 'Februar', 'März', 'April'].map((m, i) => [`d${i}`, m])), 'd2'],
    ['French names', select(['janvier', 'février', 'mars', 'avril'].map((m, i) => [`f${i}`, m])), 'f2'],
  ])('%s', (_name, s, value) => {
    expect(monthOption(s, 3)?.value).toBe(value);
  });
});

describe('yearOption', () => {
  it('matches four- and two-digit years', () => {
    expect(
      yearOption(
        select([
          ['2026', '2026'],
          ['2027', '2027'],
        ]),
        2027,
      )?.value,
    ).toBe('2027');
    expect(
      yearOption(
        select([
          ['26', '26'],
          ['27', '27'],
        ]),
        2027,
      )?.value,
    ).toBe('27');
    expect(
      yearOption(
        select([
          ['a', '2026'],
          ['b', '2027'],
        ]),
        2027,
      )?.value,
    ).toBe('b');
    expect(yearOption(select([['2026', '2026']]), 2030)).toBeNull();
  });
});

describe('countryOption', () => {
  it('by code, by English name, by the page language name', () => {
    expect(
      countryOption(
        select([
          ['CA', 'Canada'],
          ['US', 'United States'],
        ]),
        'US',
      )?.value,
    ).toBe('US');
    expect(
      countryOption(
        select([
          ['1', 'Canada'],
          ['2', 'United States'],
        ]),
        'US',
      )?.value,
    ).toBe('2');
    document.documentElement.lang = 'de';
    expect(
      countryOption(
        select([
          ['x', 'Frankreich'],
          ['y', 'Deutschland'],
        ]),
        'DE',
      )?.value,
    ).toBe('y');
    document.documentElement.lang = '';
  });
});

describe('regionOption', () => {
  it('by code or by name, whichever the list uses', () => {
    expect(
      regionOption(
        select([
          ['NY', 'New York'],
          ['CA', 'California'],
        ]),
        'California',
      )?.value,
    ).toBe('CA');
    expect(
      regionOption(
        select([
          ['New York', 'New York'],
          ['California', 'California'],
        ]),
        'CA',
      )?.value,
    ).toBe('California');
    expect(
      regionOption(
        select([
          ['US-NY', 'NY'],
          ['US-CA', 'CA'],
        ]),
        'CA',
      )?.value,
    ).toBe('US-CA');
  });
});
