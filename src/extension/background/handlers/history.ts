/** The audit trail: what happened on the shopper's cards, kept in the store for the options page. */
import type { Handlers } from '../router';
import { saveEvents, toCachedEvent } from '../../store';
import { api } from '../api';

type HistoryHandlers = Pick<Handlers, 'history.list'>;

export const historyHandlers: HistoryHandlers = {
  'history.list': async ({ merchant, eventKind: kind, cardId, limit }) => {
    const { events } = await api.call('events.list', {
      query: {
        limit: Math.min(limit ?? 200, 500),
        ...(merchant ? { merchant } : {}),
        ...(kind ? { kind } : {}),
        ...(cardId ? { card_id: cardId } : {}),
      },
    });
    await saveEvents(events.map(toCachedEvent));
    return events;
  },
};
