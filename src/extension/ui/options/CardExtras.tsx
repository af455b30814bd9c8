/**
 * What an opened card holds beyond its limits and history: a free trial's end date,
 * editable while the card lives. (A purchase's dispute pack is offered beside each
 * charge in the card's history and in Activity.)
 */
import type { Card } from '../../../protocol';
import type { CardChange } from '../components/ModeChoice';
import { TrialEnd } from '../components/TrialEnd';

export function CardExtras(props: { card: Card; busy: boolean; onUpdate: (change: CardChange) => void }) {
  return <TrialEnd {...props} />;
}
