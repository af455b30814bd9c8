/**
 * The options page as an application: a navigation and one view at a time (Cards,
 * Subscriptions, Activity, Funding, Delivery, Security, Settings), chosen by the URL
 * hash (route.ts). Locked, it shows only the vault gate; signed out, only the views
 * that work without an account.
 */
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
import { SecurityKeysSection } from './SecurityKeysSection';
import { DeliverySection } from './DeliverySection';
import { UnlockKeysSection } from './UnlockKeysSection';
import { DevicesSection } from './DevicesSection';
import { Downloads } from '../components/Downloads';
import { ActivityView } from './ActivityView';
import { CardsView } from './CardsView';
import { SubscriptionsView } from './SubscriptionsView';
import { Nav } from './Nav';
import { Loading, View } from './View';
import { VIEWS, useHashView, type ViewId } from './route';

export function Options() {
  const [session, setSession] = useState<SessionState | null>(null);
  const { error, run } = useAction();
  const refresh = () => run(async () => setSession(await send('session.get', {})));
  useEffect(() => void refresh(), []);
  const { view: asked, moved, settle } = useHashView();
  // No hash: a signed-in shopper lands on their cards, anyone else where they can sign in.
  useEffect(() => {
    if (session && !asked) settle(session.signedIn ? 'cards' : 'settings');
  }, [session, asked]);

  if (!session) return error ? <ErrorNote error={error} /> : <Loading what="Veil" />;
  const view: ViewId = asked ?? (session.signedIn ? 'cards' : 'settings');
  const meta = VIEWS.find((v) => v.id === view)!;
  return (
    <>
      <header class="page-head">
        <p class="brand">Veil</p>
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
        <div class="app">
          <Nav current={view} signedIn={session.signedIn} />
          <View title={meta.label} focus={moved}>
            {meta.needsAccount && !session.signedIn ? (
              <p class="card-panel">
                This view needs an account: <a href="#settings">sign in under Settings</a>.
              </p>
            ) : (
              <ViewContent view={view} session={session} onSession={setSession} />
            )}
          </View>
        </div>
      )}
    </>
  );
}

function ViewContent({
  view,
  session,
  onSession,
}: {
  view: ViewId;
  session: SessionState;
  onSession: (s: SessionState) => void;
}) {
  switch (view) {
    case 'cards':
      return <CardsView />;
    case 'subscriptions':
      return <SubscriptionsView />;
    case 'activity':
      return <ActivityView />;
    case 'funding':
      return <FundingSection />;
    case 'delivery':
      return (
        <>
          <DeliverySection />
          <Downloads />
        </>
      );
    case 'security':
      return (
        <>
          <UnlockKeysSection />
          {session.signedIn && (
            <>
              <SecurityKeysSection />
              <DevicesSection />
            </>
          )}
        </>
      );
    case 'settings':
      return (
        <>
          {session.signedIn && (
            <>
              <DefaultsSection />
              <PrivateConnectionSection />
            </>
          )}
          <AccountSection session={session} onChange={onSession} />
        </>
      );
  }
}
