/**
 * Passkeys and security keys that unlock the vault (WebAuthn PRF): add one (the vault is
 * open, and the passphrase is asked again), list, remove. Where the provider has no host
 * name or the browser no PRF, the section says why and offers nothing to press.
 */
import { useEffect, useState } from 'preact/hooks';
import type { UnlockKeys } from '../../messages';
import { send } from '../messaging';
import { Field } from '../components/Field';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { dateTime } from '../format';
import { createUnlockKey, unlockKeyUnavailable } from '../unlock-keys';

export function UnlockKeysSection() {
  const [state, setState] = useState<UnlockKeys>({ rpId: null, keys: [] });
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [name, setName] = useState('My passkey');
  const [passphrase, setPassphrase] = useState('');
  const { busy, error, run } = useAction();
  useEffect(
    () =>
      void run(async () => {
        const now = await send('unlockKeys.list', {});
        setState(now);
        setUnavailable(await unlockKeyUnavailable(now.rpId));
      }),
    [],
  );

  const add = (e: Event) => {
    e.preventDefault();
    const rpId = state.rpId;
    if (!rpId) return;
    void run(async () => {
      const made = await createUnlockKey(
        rpId,
        state.keys.map((k) => k.id),
      );
      setState(await send('unlockKeys.add', { passphrase, name, rpId, ...made }));
      setPassphrase('');
    });
  };
  return (
    <section class="card-panel" aria-labelledby="unlock-keys-title">
      <h2 id="unlock-keys-title">Unlock with a passkey or security key</h2>
      <p class="muted">
        Instead of typing your passphrase, unlock Veil with a key and its PIN or fingerprint. The passphrase keeps
        working.
      </p>
      <ul class="plain unlock-keys" aria-label="Keys that unlock Veil">
        {state.keys.map((k) => (
          <li data-unlock-key-id={k.id}>
            {k.name} · added {dateTime(new Date(k.createdAt).toISOString())}
            <button
              type="button"
              class="link danger"
              disabled={busy}
              onClick={() => void run(async () => setState(await send('unlockKeys.remove', { id: k.id })))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {unavailable ? (
        <p class="muted" role="note">
          {unavailable}
        </p>
      ) : (
        <form onSubmit={add}>
          <div class="row">
            <Field
              label="Key name"
              name="unlock-key-name"
              required
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <Field
              label="Passphrase"
              name="unlock-key-passphrase"
              type="password"
              autoComplete="current-password"
              required
              value={passphrase}
              onInput={(e) => setPassphrase(e.currentTarget.value)}
            />
          </div>
          <button type="submit" disabled={busy}>
            Add a key that unlocks Veil
          </button>
        </form>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
