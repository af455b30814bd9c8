// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { optionsKind } from './options';

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function select(options: string[][]): HTMLSelectElement {
  const s = document.createElement('select');
  for (const [value, text] of options) s.add(option(value!, text ?? value!));
  return s;
}
const now = new Date('2026-03-01T00:00:00Z');

describe('optionsKind', () => {
  it('recognises months by number or name', () => {
    expect(
      optionsKind(
        select([['', 'Month'], ...Array.from({ length: 12 }, (_, i) => [String(i + 1).padStart(2, '0')])]),
        now,
      ),
    ).toBe('month');
    const names = [
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
    expect(optionsKind(select(names.map((n) => [n, n])), now)).toBe('month');
  });
  it('tells expiry years from birth years', () => {
    expect(optionsKind(select(Array.from({ length: 10 }, (_, i) => [String(2026 + i)])), now)).toBe('future-years');
    expect(optionsKind(select(Array.from({ length: 10 }, (_, i) => [String(26 + i)])), now)).toBe('future-years');
    expect(optionsKind(select(Array.from({ length: 60 }, (_, i) => [String(2010 - i)])), now)).toBe('past-years');
  });
  it('recognises country and state lists', () => {
    const countries = ['US', 'DE', 'FR', 'GB', 'CA', 'JP', ...Array.from({ length: 40 }, (_, i) => `X${i}`)].map(
      (c) => [c, c],
    );
    expect(optionsKind(select(countries), now)).toBe('country');
    const states = ['AL', 'AK', 'AZ', 'CA', 'NY', 'TX', 'WA', 'FL', 'GA', 'OH', 'OR'].map((c) => [c, c]);
    expect(optionsKind(select(states), now)).toBe('region');
  });
  it('says nothing about other lists', () => {
    expect(
      optionsKind(
        select([
          ['s', 'Small'],
          ['m', 'Medium'],
          ['l', 'Large'],
        ]),
        now,
      ),
    ).toBeNull();
  });
  it('stops reading a country list once it is known: the rest of its options are never read', () => {
    const countries = select([
      ['', 'Select a country'],
      ['US', 'United States'],
      ['CA', 'Canada'],
      ['GB', 'United Kingdom'],
      ...Array.from({ length: 200 }, (_, i) => [`C${i}`, `Country ${i}`]),
    ]);
    const last = countries.options[countries.options.length - 1]!;
    const read = vi.spyOn(last, 'text', 'get');
    expect(optionsKind(countries, now)).toBe('country');
    expect(read).not.toHaveBeenCalled();
    // The same list with the markers last is still a country list, read to the end.
    const late = select([...Array.from({ length: 40 }, (_, i) => [`C${i}`, `Country ${i}`]), ['US'], ['DE'], ['FR']]);
    expect(optionsKind(late, now)).toBe('country');
  });
});
