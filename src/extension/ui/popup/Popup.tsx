/** The toolbar popup: balance, whether this page is a checkout, and this site's Veil cards. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Card, Me } from '../../../protocol';
import type { SessionState, TabCheckout } from '../../messages';
import { send } from '../messaging';
import { money } from '../format';
import { ErrorNote } from '../components/ErrorNote';
import { VaultGate } from '../components/VaultGate';
import { useAction } from '../components/useAction';
import { CardRow, type CardChange } from './CardRow';
import { TestMoneyBadge } from '../components/TestMoneyBadge';
import { ShopView } from './ShopView';
import { CartIssue, type IssueChoice } from './CartIssue';
import { PrivateConnection } from './PrivateConnection';
import { Downloads } from '../components/Downloads';
import { TrialControl } from './TrialControl';
import { trialEndMoment } from './trial-dates';

export function Popup({ tabId }: { tabId: number | undefined }) {
  const [session, setSession] = useState<SessionState | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [checkout, setCheckout] = useState<TabCheckout | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The free trial's end day for the next card ('' for none): only the shopper sets it.
  const [trialDay, setTrialDay] = useState('');
  const { busy, error, run } = useAction();

  async function refresh() {
    const s = await send('session.get', {});
    setSession(s);
    if (!s.unlocked || !s.signedIn) return;
    setMe(await send('account.me', {}));
    if (tabId !== undefined) setCheckout(await send('tab.checkout', { tabId }));
  }
  useEffect(() => {
    void run(refresh);
  }, []);

  if (!session) return <p class="muted">Loading…</p>;
  if (!session.vaultCreated || (!session.signedIn && session.unlocked)) {
    return (
      <section class="card-panel">
        <h1>Veil</h1>
        <p>Set up Veil: choose a passphrase, sign in and add a funding source.</p>
        <button type="button" class="primary" onClick={() => void browser.runtime.openOptionsPage()}>
          Open Veil settings
        </button>
      </section>
    );
  }
  if (!session.unlocked) return <VaultGate session={session} onChange={() => void run(refresh)} />;

  const useHere = (choice: IssueChoice) =>
    run(async () => {
      if (tabId === undefined) throw new Error('No tab to fill.');
      const trialEndsAt = trialDay ? trialEndMoment(trialDay) : null;
      if (trialDay && !trialEndsAt) throw new Error('Pick the day the free trial ends.');
      const { card, filled } = await send('cards.issueForTab', {
        tabId,
        ...choice,
        ...(trialEndsAt ? { trialEndsAt } : {}),
      });
      setTrialDay('');
      const masked = card.shipping
        ? ` Shipping goes to Veil's forwarding address (Ref ${card.shipping.reference}); the billing postal code is the forwarding one.`
        : '';
      setNotice(
        filled > 0
          ? `Filled card •••• ${card.last4} into ${filled} fields.${masked}`
          : `Card •••• ${card.last4} is ready; no card fields were found to fill on this page.`,
      );
      await refresh();
    });
  const update = (card: Card, change: CardChange) =>
    run(async () => {
      await send('cards.update', { id: card.id, ...change });
      await refresh();
    });
  const fill = (card: Card) =>
    run(async () => {
      if (tabId === undefined) return;
      const { filled } = await send('cards.fill', { tabId, cardId: card.id });
      setNotice(filled > 0 ? `Filled ${filled} fields.` : 'No card fields were found to fill on this page.');
    });

  const shown = checkout?.cards.find((c) => c.state === 'active');
  return (
    <>
      <header class="popup-head">
        <h1>Veil</h1>
        <span class="balance" aria-label="Balance">
          {me ? money(me.balance, me.currency) : '…'}
        </span>
        <TestMoneyBadge me={me} />
        <button
          type="button"
          class="link"
          onClick={() => void run(async () => setSession(await send('vault.lock', {})))}
        >
          Lock
        </button>
      </header>
      <section aria-labelledby="site-title">
        <h2 id="site-title" class="site">
          {checkout?.origin ?? 'This page'}
        </h2>
        <p class={checkout?.detected ? 'detected' : 'muted'} data-testid="checkout-status">
          {checkout?.detected ? 'Checkout detected on this page.' : 'No checkout detected on this page.'}
        </p>
        {checkout?.origin && (
          <TrialControl offer={checkout.trial} value={trialDay} onChange={setTrialDay} busy={busy} />
        )}
        {checkout?.origin && (
          <CartIssue checkout={checkout} me={me} busy={busy} onIssue={(choice) => void useHere(choice)} />
        )}
        {checkout?.origin && <PrivateConnection origin={checkout.origin} />}
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <ErrorNote error={error} />
      </section>
      {shown && <ShopView card={shown} />}
      {checkout?.origin && <Downloads merchant={checkout.origin} />}
      {checkout && checkout.cards.length > 0 && (
        <section aria-labelledby="cards-title">
          <h2 id="cards-title">Cards for this site</h2>
          <ul class="cards">
            {checkout.cards.map((c) => (
              <CardRow card={c} busy={busy} onUpdate={(change) => void update(c, change)} onFill={() => void fill(c)} />
            ))}
          </ul>
        </section>
      )}
      <footer>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings and history
        </button>
      </footer>
    </>
  );
}
