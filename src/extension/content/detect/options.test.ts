// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { monthIndex, monthOfPair, optionsKind, yearOf, type OptionsKind } from './options';

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

  it('reads a list the same as counting every test on every option (property)', () => {
    // The loop stops reading years and month-year pairs after a third option of another
    // kind, and a country list after its third marker: this counts everything instead.
    // options.ts's markers among the pieces below (Belize, Alberta, Iowa … are markers of neither list).
    const COUNTRY = ['us', 'de', 'fr', 'ca', 'united states', 'canada', 'japan'];
    const REGION = ['al', 'ak', 'ca', 'ny', 'texas', 'ontario'];
    const kindByHand = (opts: [string, string][]): OptionsKind => {
      // As the DOM gives them: the value untrimmed (to tell an option with nothing), the text trimmed.
      const read = opts.filter(([v, t]) => v !== '' || t.trim() !== '').map(([v, t]) => [v.trim(), t.trim()] as const);
      const n = read.length;
      const yearOfEach = read.map(([v, t]) => yearOf(v, t));
      const years = yearOfEach.filter((y) => y !== null);
      const pairs = read.flatMap(([v, t]) => monthOfPair(v, t) ?? []);
      const months = read.slice(0, 14).filter(([v, t]) => monthIndex(v, t) !== null).length;
      const marks = (set: string[]) =>
        read.map(([v, t]) => set.includes(t.toLowerCase()) || set.includes(v.toLowerCase()));
      const [country, region] = [marks(COUNTRY), marks(REGION)];
      // Known before its end: three country markers among the first k ≥ 30 options, which are no run of years.
      for (let k = 30; k <= n; k++) {
        const others = yearOfEach.slice(0, k).filter((y) => y === null).length;
        if (country.slice(0, k).filter(Boolean).length >= 3 && others > 2) return 'country';
      }
      if (n < 2) return null;
      if (n >= 12 && n <= 14 && months >= 12) return 'month';
      if (pairs.length >= 4 && pairs.length >= n - 2 && new Set(pairs).size >= 2) return 'month-year';
      if (years.length >= 4 && years.length >= n - 2)
        return years.filter((y) => y >= now.getUTCFullYear() - 1).length >= years.length * 0.8
          ? 'future-years'
          : 'past-years';
      if (n >= 30 && country.filter(Boolean).length >= 3) return 'country';
      if (n >= 10 && region.filter(Boolean).length >= 3) return 'region';
      return null;
    };
    // Lists of one kind (years, month-year pairs, months, country or state markers among
    // names) with up to five options of any kind put in anywhere: the third "other" is
    // where the loop stops counting, so lists are built to sit on either side of it.
    const KINDS = [
      ['2027', '27', '2031', '1999', '1985', '2012'],
      ['03/27', '3 - 2027', '12/2030', 'Mar 2027', '07/29', 'Dec 2028'],
      ['01', '7', '12', 'mar', 'May', 'Dezember'],
      ['US', 'CA', 'Canada', 'Japan', 'Belize', 'Chad', 'Peru', 'Fiji'],
      ['Texas', 'AL', 'Ontario', 'Alberta', 'Iowa', 'Utah'],
    ];
    const ANY = fc.constantFrom('', ' ', 'x', 'Small', ...KINDS.flat());
    const lists = fc
      .tuple(
        fc.integer({ min: 0, max: KINDS.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 70 }),
        fc.array(fc.tuple(fc.nat(70), ANY, ANY), { maxLength: 5 }),
      )
      .map(([kind, picks, others]) => {
        const pool = KINDS[kind]!;
        const opts: [string, string][] = picks.map(([a, b]) => [pool[a % pool.length]!, pool[b % pool.length]!]);
        for (const [at, value, text] of others) opts.splice(at % (opts.length + 1), 0, [value, text]);
        return opts;
      });
    fc.assert(
      fc.property(lists, (opts) => {
        // Parsed in one go: adding options one by one is most of this test's time in happy-dom.
        const s = document.createElement('select');
        s.innerHTML = opts.map(([v, t]) => `<option value="${v}">${t}</option>`).join('');
        expect(optionsKind(s, now)).toBe(kindByHand(opts));
      }),
      { numRuns: 600 },
    );
  });
});
