import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../protocol';
import { clearEvents, listEvents, saveEvents, toAuditEvent, toCachedEvent, type CachedEvent } from './events';
import { clearDb } from './test-db';

beforeEach(clearDb);

const SHOP = 'https://shop.example';
const OTHER = 'https://other.example';

function event(id: number, kind: CachedEvent['kind'], merchantOrigin: string | null, createdAt: string): CachedEvent {
  return {
    id,
    kind,
    cardId: null,
    authorizationId: null,
    reason: null,
    amount: null,
    currency: null,
    merchantOrigin,
    detail: {},
    createdAt,
  };
}

const ids = (events: CachedEvent[]): number[] => events.map((e) => e.id);

describe('events repository', () => {
  beforeEach(async () => {
    await saveEvents([
      event(1, 'card.issued', SHOP, '2025-01-01T10:00:00.000Z'),
      event(2, 'authorization.approved', SHOP, '2025-01-02T10:00:00.000Z'),
      event(3, 'card.issued', OTHER, '2025-01-03T10:00:00.000Z'),
      event(4, 'balance.topped_up', null, '2025-01-04T10:00:00.000Z'),
      event(5, 'authorization.declined', SHOP, '2025-01-05T10:00:00.000Z'),
      // Same instant as 5: the later id comes first.
      event(6, 'card.closed', SHOP, '2025-01-05T10:00:00.000Z'),
    ]);
  });

  it('lists everything newest first', async () => {
    expect(ids(await listEvents({}))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(ids(await listEvents())).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('filters by merchant', async () => {
    expect(ids(await listEvents({ merchant: SHOP }))).toEqual([6, 5, 2, 1]);
    expect(ids(await listEvents({ merchant: OTHER }))).toEqual([3]);
  });

  it('filters by kind', async () => {
    expect(ids(await listEvents({ kind: 'card.issued' }))).toEqual([3, 1]);
  });

  it('filters by merchant and kind together', async () => {
    expect(ids(await listEvents({ merchant: SHOP, kind: 'card.issued' }))).toEqual([1]);
    expect(ids(await listEvents({ merchant: OTHER, kind: 'authorization.approved' }))).toEqual([]);
  });

  it('limits after sorting, so the newest are kept', async () => {
    expect(ids(await listEvents({ limit: 2 }))).toEqual([6, 5]);
    expect(ids(await listEvents({ merchant: SHOP, limit: 3 }))).toEqual([6, 5, 2]);
    await expect(listEvents({ limit: 0 })).rejects.toThrow(/positive integer/);
  });

  it('upserts by id and clears', async () => {
    await saveEvents([event(1, 'card.issued', OTHER, '2025-01-01T10:00:00.000Z')]);
    expect(ids(await listEvents({ merchant: OTHER }))).toEqual([3, 1]);
    await clearEvents();
    expect(await listEvents()).toEqual([]);
  });

  it('maps protocol events to the cache shape and back', () => {
    const audit: AuditEvent = {
      id: 9,
      kind: 'authorization.declined',
      card_id: 'crd_1',
      authorization_id: 'auth_1',
      reason: null,
      amount: 1_250,
      currency: 'USD',
      merchant_origin: SHOP,
      vendor: { name: 'Shop', origin: SHOP },
      detail: { note: 'x' },
      created_at: '2025-02-01T00:00:00.000Z',
    };
    const cached = toCachedEvent(audit);
    expect(cached).toMatchObject({
      id: 9,
      cardId: 'crd_1',
      authorizationId: 'auth_1',
      merchantOrigin: SHOP,
      createdAt: '2025-02-01T00:00:00.000Z',
    });
    expect(toAuditEvent(cached)).toEqual(audit);
  });
});
