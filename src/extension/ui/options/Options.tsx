/** The options page: vault, account, funding sources, defaults, history. */
import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from '../../messages';
import { send } from '../messaging';
import { VaultGate } from '../components/VaultGate';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { AccountSection } from './AccountSection';
import { FundingSection } from './FundingSection';
import { DefaultsSection } from './DefaultsSection';
import { PrivateConnectionSection } from './PrivateConnectionSection';
import { HistorySection } from './HistorySection';
import { SecurityKeysSection } from './SecurityKeysSection';
import { DeliverySection } from './DeliverySection';
import { UnlockKeysSection } from './UnlockKeysSection';
import { Downloads } from '../components/Downloads';

export function Options() {
  const [session, setSession] = useState<SessionState | null>(null);
  const { error, run } = useAction();
  const refresh = () => run(async () => setSession(await send('session.get', {})));
  useEffect(() => void refresh(), []);

  if (!session) return <ErrorNote error={error} />;
  return (
    <>
      <header class="page-head">
        <h1>Veil settings</h1>
        {session.unlocked && (
          <button
            type="button"
            class="link"
            onClick={() => void run(async () => setSession(await send('vault.lock', {})))}
          >
            Lock now
          </button>
        )}
      </header>
      <ErrorNote error={error} />
      {!session.unlocked ? (
        <VaultGate session={session} onChange={setSession} />
      ) : (
        <>
          <AccountSection session={session} onChange={setSession} />
          <UnlockKeysSection />
          {session.signedIn && (
            <>
              <FundingSection />
              <Downloads />
              <DeliverySection />
              <DefaultsSection />
              <PrivateConnectionSection />
              <SecurityKeysSection />
              <HistorySection />
            </>
          )}
        </>
      )}
    </>
  );
}
