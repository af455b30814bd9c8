/** What the shop will see of the shopper with this card: the card, the shipping name and reference — not the home address. */
import type { Card } from '../../../protocol';
import { MODE_LABELS } from '../format';

export function ShopView({ card }: { card: Card }) {
  return (
    <section class="card-panel shop-view" aria-labelledby="shop-view-title">
      <h2 id="shop-view-title">What this shop sees</h2>
      <dl class="facts">
        <dt>Card</dt>
        <dd>
          Veil •••• {card.last4} ({MODE_LABELS[card.mode]})
        </dd>
        <dt>Ship to</dt>
        <dd>{card.shipping ? `${card.shipping.name}, ${card.shipping.address_line2}` : 'what you type'}</dd>
      </dl>
      <p class="small muted">
        {card.shipping
          ? 'Your home address stays private: a courier reads it from Veil only after the shop was paid.'
          : 'Add a delivery address in settings to keep your home address private.'}
      </p>
    </section>
  );
}
