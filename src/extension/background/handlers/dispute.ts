/** What a dispute pack is built from (ui/dispute/build-pack.ts): the charge with its receipts, its card, the card's events. */
import type { Handlers } from '../router';
import { getSetting } from '../../store';
import { api } from '../api';

type DisputeHandlers = Pick<Handlers, 'dispute.sources'>;

export const disputeHandlers: DisputeHandlers = {
  'dispute.sources': async ({ authorizationId }) => {
    const { authorizations } = await api.call('authorizations.list', { query: {} });
    const authorization = authorizations.find((a) => a.id === authorizationId);
    if (!authorization) throw new Error('That charge is not among your latest 200: no dispute pack for it here.');
    const [cards, { events }, providerUrl, jwks] = await Promise.all([
      api.call('cards.list', { query: {} }),
      api.call('events.list', { query: { card_id: authorization.card_id, limit: 500 } }),
      getSetting('providerUrl'),
      api.call('meta.receiptKeys', {}),
    ]);
    return {
      authorization,
      card: cards.cards.find((c) => c.id === authorization.card_id) ?? null,
      events,
      providerUrl,
      jwks,
    };
  },
};
