/**
 * The place in an opened card for what other parts of issue 20 add to it: a free trial's
 * end date (trials) and the "Dispute pack" export of a purchase's receipts (receipts).
 * Each adds its own component here; nothing yet, so this renders nothing.
 */
import type { Card } from '../../../protocol';

export function CardExtras(_props: { card: Card }) {
  return null;
}
