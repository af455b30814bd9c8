/**
 * The confirmation window: every charge waiting on the shopper, queued. Only the
 * shopper's click approves; no answer before the deadline declines (91) at the provider.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ShopperAuthorization } from '../../../protocol';
import { chargeParty } from '../../../protocol';
import type { SessionState } from '../../messages';
import { onBroadcast, send } from '../messaging';
import { money } from '../format';
import { VaultGate } from '../components/VaultGate';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { approveWithKey } from '../webauthn';
import { PendingCharge } from './PendingCharge';

const REFRESH_MS = 2000;

export function Confirm() {
  const [session, setSession] = useState<SessionState | null>(null);
  const [pending, setPending] = useState<ShopperAuthorization[]>([]);
  const [outcomes, setOutcomes] = useState<string[]>([]);
  const { busy, error, run } = useAction();

  async function refresh() {
    const s = await send('session.get', {});
    setSession(s);
    if (s.unlocked) setPending(await send('confirm.pending', {}));
  }

  useEffect(() => {
    void run(refresh);
    const timer = setInterval(() => void refresh().catch(() => undefined), REFRESH_MS);
    const stop = onBroadcast('ui.refresh', () => void refresh().catch(() => undefined));
    return () => {
      clearInterval(timer);
      stop();
    };
  }, []);

  const decide = (charge: ShopperAuthorization, decision: 'approve' | 'decline') =>
    run(async () => {
      const assertion = decision === 'approve' && charge.reason === 'P1' ? await approveWithKey(charge.id) : undefined;
      const { authorization, pre_approved } = await send('confirm.decide', {
        id: charge.id,
        decision,
        ...(assertion ? { assertion } : {}),
      });
      const amount = `${money(authorization.amount, authorization.currency)} at ${chargeParty(authorization.vendor, null, authorization.merchant.origin).headline}`;
      const line = pre_approved
        ? `Approved ${amount}: the shop's retry in the next 10 minutes will go through.`
        : `${authorization.status === 'approved' ? 'Approved' : 'Declined'} ${amount}.`;
      setOutcomes((o) => [line, ...o]);
      await refresh();
    });

  if (!session) return <ErrorNote error={error} />;
  if (!session.unlocked) return <VaultGate session={session} onChange={() => void run(refresh)} />;
  return (
    <>
      <header class="page-head">
        <h1>Confirm a charge</h1>
      </header>
      {pending.length === 0 && <p class="muted">Nothing is waiting for you.</p>}
      {pending.map((c) => (
        <PendingCharge charge={c} busy={busy} onDecide={(d) => void decide(c, d)} />
      ))}
      <ErrorNote error={error} />
      {outcomes.length > 0 && (
        <ul class="plain" role="status" aria-label="Decisions">
          {outcomes.map((o) => (
            <li>{o}</li>
          ))}
        </ul>
      )}
      {pending.length === 0 && outcomes.length > 0 && (
        <button type="button" onClick={() => window.close()}>
          Close
        </button>
      )}
    </>
  );
}
