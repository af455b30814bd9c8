/**
 * Issuing for the cart: the order total the page shows, confirmed (and editable) by the
 * shopper before a card is issued for it, with the cap that follows (total + the
 * tolerance in the defaults) in the total's currency. Without a total the defaults apply,
 * and this says so. A shopper with no balance in that currency may opt in to paying from
 * their home balance: the provider's rate is shown before issuing, and locked on the card.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CartAmount, FxQuote, Me } from '../../../protocol';
import type { Defaults, TabCheckout } from '../../messages';
import { capForCart } from '../../cart-cap';
import { minorPerMajor } from '../../../protocol/currencies';
import { send } from '../messaging';
import { amountText, money, parseAmount } from '../format';

export interface IssueChoice {
  cart: CartAmount | null;
  fundFrom?: string;
  fxRate?: string;
}

interface Props {
  checkout: TabCheckout;
  me: Me | null;
  busy: boolean;
  onIssue: (choice: IssueChoice) => void;
}

const hostOf = (origin: string | null) => (origin ? new URL(origin).host : 'this site');

export function CartIssue({ checkout, me, busy, onIssue }: Props) {
  const total = checkout.total;
  const [defaults, setDefaults] = useState<Defaults | null>(null);
  const [text, setText] = useState(total ? amountText(total.amount, total.currency) : '');
  const [convert, setConvert] = useState(false);
  const [quote, setQuote] = useState<FxQuote | string | null>(null);
  // Unknown defaults only hide the cap preview: issuing still works (the background reads them itself).
  useEffect(() => void send('defaults.get', {}).then(setDefaults, () => setDefaults(null)), []);

  const currency = total?.currency ?? me?.currency ?? 'USD';
  const amount = total ? parseAmount(text, currency) : undefined;
  const cap = amount && defaults ? capForCart(amount, currency, defaults) : undefined;
  const held = me?.balances.find((b) => b.currency === currency)?.available ?? 0;
  // Conversion is offered only when this currency's balance cannot pay the cap and another (home) one exists.
  const home = me && me.currency !== currency ? me.currency : null;
  const canConvert = total !== null && home !== null && (cap === undefined || held < cap);

  useEffect(() => {
    setQuote(null);
    if (!convert || !home || !cap) return;
    send('fx.quote', { currency, fundFrom: home, amount: cap }).then(setQuote, (e: Error) => setQuote(e.message));
  }, [convert, cap, home, currency]);

  if (!total) {
    return (
      <div class="cart-issue">
        <p class="muted" data-testid="cart-summary">
          No order total found on this page: the card gets your defaults
          {defaults ? ` (cap ${money(defaults.cap, 'USD')})` : ''}.
        </p>
        <button type="button" class="primary" disabled={busy} onClick={() => onIssue({ cart: null })}>
          Use a Veil card here
        </button>
      </div>
    );
  }

  const ready = amount !== undefined && amount > 0 && (!convert || typeof quote === 'object');
  const issue = () => {
    if (!amount) return;
    const cart = { amount, currency };
    if (convert && home && quote && typeof quote === 'object') onIssue({ cart, fundFrom: home, fxRate: quote.rate });
    else onIssue({ cart });
  };
  return (
    <div class="cart-issue">
      <p data-testid="cart-summary">
        <strong>
          Card for {amount ? money(amount, currency) : total.text} at {hostOf(checkout.origin)}
        </strong>
      </p>
      <div class="field">
        <label for="cart-amount">Order total ({currency})</label>
        <input id="cart-amount" inputMode="decimal" value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </div>
      {amount === undefined && (
        <p class="error" role="alert">
          Enter the total as an amount in {currency}, like {amountText(total.amount, currency)}.
        </p>
      )}
      {cap !== undefined && defaults && (
        <p class="small muted" data-testid="cart-cap">
          Cap {money(cap, currency)}: the total plus {defaults.tolerancePercent} %, at least{' '}
          {money(Math.round(defaults.toleranceMinimum * minorPerMajor(currency)), currency)}, for tax and shipping.
        </p>
      )}
      {canConvert && (
        <label class="checkbox">
          <input type="checkbox" checked={convert} onChange={(e) => setConvert(e.currentTarget.checked)} />
          Pay from my {home} balance
        </label>
      )}
      {convert && typeof quote === 'object' && quote && (
        <p class="small" data-testid="fx-quote">
          At 1 {quote.currency} = {quote.rate} {quote.fund_from}, locked for this card: at most{' '}
          {money(quote.funded_amount, quote.fund_from)} from your {quote.fund_from} balance.
        </p>
      )}
      {convert && typeof quote === 'string' && (
        <p class="error" role="alert">
          {quote}
        </p>
      )}
      <button type="button" class="primary" disabled={busy || !ready} onClick={issue}>
        Use a Veil card here
      </button>
    </div>
  );
}
