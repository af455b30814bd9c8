import { describe, expect, it } from 'vitest';
import { card } from '../testing/samples';
import { filterCards, merchantLabel, merchantsOf, NO_FILTER } from './card-filter';

const books = card({ id: 'c1', merchant: { origin: 'https://books.example', name: 'Lumen Books' }, last4: '1111' });
const music = card({
  id: 'c2',
  merchant: { origin: 'https://music.example', name: null },
  mode: 'recurring',
  state: 'paused',
  last4: '2222',
  purchasing_id: 'VL-9999-0000',
});
const books2 = card({ id: 'c3', merchant: { origin: 'https://books.example', name: 'Lumen Books' }, state: 'closed' });
const all = [books, music, books2];
const ids = (f: Partial<typeof NO_FILTER>) => filterCards(all, { ...NO_FILTER, ...f }).map((c) => c.id);

describe('card filter', () => {
  it('keeps every card with no filter', () => expect(ids({})).toEqual(['c1', 'c2', 'c3']));
  it('filters by state, merchant and mode, together', () => {
    expect(ids({ state: 'paused' })).toEqual(['c2']);
    expect(ids({ merchant: 'https://books.example' })).toEqual(['c1', 'c3']);
    expect(ids({ mode: 'recurring' })).toEqual(['c2']);
    expect(ids({ merchant: 'https://books.example', state: 'closed' })).toEqual(['c3']);
  });
  it('searches names, hosts, last four and purchasing ID, every word, any case', () => {
    expect(ids({ search: 'lumen' })).toEqual(['c1', 'c3']);
    expect(ids({ search: 'MUSIC' })).toEqual(['c2']);
    expect(ids({ search: '1111' })).toEqual(['c1']);
    expect(ids({ search: 'vl-9999' })).toEqual(['c2']);
    expect(ids({ search: 'lumen 1111' })).toEqual(['c1']);
    expect(ids({ search: 'nothing-like-it' })).toEqual([]);
  });
  it('names a merchant by its name, else its host, and lists each once', () => {
    expect(merchantLabel(music)).toBe('music.example');
    expect(merchantsOf(all)).toEqual([
      { origin: 'https://books.example', label: 'Lumen Books' },
      { origin: 'https://music.example', label: 'music.example' },
    ]);
  });
});
