/** Provider address and account: sign up, sign in, sign out. */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { SessionState } from '../../messages';
import { send } from '../messaging';
import { Field } from '../components/Field';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';

export function AccountSection({ session, onChange }: { session: SessionState; onChange: (s: SessionState) => void }) {
  const [providerUrl, setProviderUrl] = useState(session.providerUrl);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  async function saveProvider(e: Event) {
    e.preventDefault();
    await run(async () => {
      // Permission must be asked from the page, during the click.
      const origin = new URL(providerUrl).origin;
      await browser.permissions.request({ origins: [`${origin}/*`] });
      onChange(await send('account.setProvider', { providerUrl }));
    });
  }
  const account = (kind: 'account.signUp' | 'account.signIn') => (e: Event) => {
    e.preventDefault();
    void run(async () => {
      onChange(await send(kind, { email, password }));
      setPassword('');
    });
  };

  return (
    <section class="card-panel" aria-labelledby="account-title">
      <h2 id="account-title">Account</h2>
      <form class="row" onSubmit={saveProvider}>
        <Field
          label="Provider address"
          type="url"
          name="provider"
          required
          value={providerUrl}
          onInput={(e) => setProviderUrl(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          Save address
        </button>
      </form>
      {session.signedIn ? (
        <>
          <p>
            Signed in as <strong>{session.email}</strong>.{' '}
            <button
              type="button"
              class="link"
              disabled={busy}
              onClick={() => void run(async () => onChange(await send('account.signOut', {})))}
            >
              Sign out
            </button>
          </p>
        </>
      ) : (
        <form onSubmit={account('account.signIn')}>
          <Field
            label="Email"
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <Field
            label="Password"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            minLength={10}
            hint="At least 10 characters."
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <div class="row">
            <button type="submit" class="primary" disabled={busy}>
              Sign in
            </button>
            <button type="button" disabled={busy} onClick={account('account.signUp')}>
              Create account
            </button>
          </div>
        </form>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
