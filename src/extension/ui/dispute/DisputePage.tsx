/**
 * The printable dispute pack of one purchase (dispute/index.html#<authorization id>):
 * the purchase, the card and its limits, the cart total, each receipt with whether it
 * verifies against the provider's published keys, and the timeline. Print it, or save
 * the same pack as JSON.
 */
import { useEffect, useState } from 'preact/hooks';
import { verifyReceipt, type ReceiptCheck, type ReceiptJwks } from '../../../protocol';
import { send } from '../messaging';
import { useAction } from '../components/useAction';
import { ErrorNote } from '../components/ErrorNote';
import { dateTime, money } from '../format';
import { buildDisputePack, packFileName, type DisputePack } from './build-pack';
import { saveJson } from './save-json';

function receiptVerdict(check: ReceiptCheck | undefined): string {
  if (!check) return 'checking…';
  return check.ok ? `verified (key ${check.kid})` : `does not verify: ${check.message}`;
}

export function DisputePage({ authorizationId }: { authorizationId: string }) {
  const [pack, setPack] = useState<DisputePack | null>(null);
  const [checks, setChecks] = useState<ReceiptCheck[]>([]);
  const { error, run } = useAction();
  useEffect(
    () =>
      void run(async () => {
        if (!authorizationId) throw new Error('No purchase named: open this page from a purchase in your history.');
        const sources = await send('dispute.sources', { authorizationId });
        const built = buildDisputePack({ ...sources, now: new Date() });
        setPack(built);
        const jwks: ReceiptJwks = sources.jwks;
        setChecks(await Promise.all(built.receipts.map((r) => verifyReceipt(r, jwks))));
      }),
    [authorizationId],
  );
  if (!pack)
    return (
      <main class="dispute">
        <h1>Dispute pack</h1>
        {error ? <ErrorNote error={error} /> : <p class="muted">Loading…</p>}
      </main>
    );
  const p = pack.purchase;
  const c = pack.card;
  return (
    <main class="dispute">
      <h1>Dispute pack</h1>
      <p class="no-print">
        <button type="button" onClick={() => window.print()}>
          Print
        </button>{' '}
        <button type="button" onClick={() => saveJson(packFileName(pack), pack)}>
          Save as JSON
        </button>
      </p>
      <h2>Purchase</h2>
      <dl class="pack" data-section="purchase">
        <dt>Shop</dt>
        <dd data-field="shop-origin">{pack.shop_origin}</dd>
        <dt>Charged by</dt>
        <dd>
          {p.vendor.name} ({p.vendor.origin})
        </dd>
        <dt>Amount</dt>
        <dd data-field="amount">{money(p.amount, p.currency)}</dd>
        <dt>Status</dt>
        <dd>
          {p.status} ({p.reason}: {p.reason_text})
        </dd>
        <dt>Authorization</dt>
        <dd>
          <code>{p.authorization_id}</code>, {dateTime(p.created_at)}
        </dd>
        <dt>Cart total when the card was issued</dt>
        <dd data-field="cart-total">
          {pack.cart_total ? money(pack.cart_total.amount, pack.cart_total.currency) : 'not recorded'}
        </dd>
      </dl>
      {c && (
        <>
          <h2>Card</h2>
          <dl class="pack" data-section="card">
            <dt>Purchasing ID</dt>
            <dd>
              <code>{c.purchasing_id}</code> (•••• {c.last4})
            </dd>
            <dt>Locked to</dt>
            <dd>{c.merchant_lock}</dd>
            <dt>Limit per charge</dt>
            <dd data-field="cap">{money(c.cap, c.currency)}</dd>
            <dt>Period limit</dt>
            <dd>{c.period_limit !== null ? `${money(c.period_limit, c.currency)} per ${c.period}` : 'none'}</dd>
            <dt>Uses</dt>
            <dd>
              {c.uses_count} of {c.uses_allowed ?? 'unlimited'}
            </dd>
            <dt>Mode, state</dt>
            <dd>
              {c.mode}, {c.state}; valid until {dateTime(c.valid_until)}
            </dd>
          </dl>
        </>
      )}
      <h2>Signed receipts</h2>
      <p class="muted">
        Signed by the provider (Ed25519); its public keys: <code>{pack.keys_url}</code>.
      </p>
      <ol class="receipts">
        {pack.receipts.map((jws, i) => {
          const claims = pack.receipt_claims[i];
          const check = checks[i];
          return (
            <li data-receipt-index={i} data-verified={check ? String(check.ok) : 'pending'}>
              <strong>
                {claims ? `${claims.status} ${money(claims.amount, claims.currency)} at ${dateTime(claims.time)}` : ''}
              </strong>{' '}
              — {receiptVerdict(check)}
              <pre class="jws">{jws}</pre>
            </li>
          );
        })}
      </ol>
      {pack.receipts.length === 0 && <p class="muted">No receipts for this charge.</p>}
      <h2>Timeline</h2>
      <table class="history" data-section="timeline">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Amount</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {pack.timeline.map((t) => (
            <tr data-kind={t.kind}>
              <td>{dateTime(t.at)}</td>
              <td>{t.kind}</td>
              <td>{t.amount !== null ? money(t.amount, t.currency ?? p.currency) : ''}</td>
              <td>{t.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">Generated {dateTime(pack.generated_at)}.</p>
      <ErrorNote error={error} />
    </main>
  );
}
