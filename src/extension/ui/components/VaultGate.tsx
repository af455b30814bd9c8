/** Create or unlock the vault: shown wherever secrets are needed and the vault is not open. */
import { useState } from 'preact/hooks';
import type { SessionState } from '../../messages';
import { send } from '../messaging';
import { Field } from './Field';
import { ErrorNote } from './ErrorNote';
import { useAction } from './useAction';
import { unlockWithKey } from '../unlock-keys';

export function VaultGate({ session, onChange }: { session: SessionState; onChange: (s: SessionState) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, run, setError } = useAction();
  const creating = !session.vaultCreated;

  async function submit(e: Event) {
    e.preventDefault();
    if (creating && passphrase !== confirm) return setError('The two passphrases differ.');
    const next = await run(() => send(creating ? 'vault.create' : 'vault.unlock', { passphrase }));
    if (next) {
      setPassphrase('');
      setConfirm('');
      onChange(next);
    }
  }

  /** A passkey or security key registered on the options page: its PRF secret unwraps the vault key. */
  async function unlockByKey() {
    const next = await run(async () => {
      const { keys } = await send('unlockKeys.list', {});
      return send('vault.unlockWithKey', await unlockWithKey(keys));
    });
    if (next) onChange(next);
  }

  return (
    <form class="card-panel" onSubmit={submit} aria-labelledby="vault-title">
      <h2 id="vault-title">{creating ? 'Protect Veil with a passphrase' : 'Veil is locked'}</h2>
      <p class="muted">
        {creating
          ? 'Your card numbers and sign-in are encrypted on this device with a key made from this passphrase. Veil cannot recover it.'
          : 'Enter your passphrase to use your cards.'}
      </p>
      <Field
        label="Passphrase"
        type="password"
        name="passphrase"
        autoComplete={creating ? 'new-password' : 'current-password'}
        minLength={8}
        required
        value={passphrase}
        onInput={(e) => setPassphrase(e.currentTarget.value)}
      />
      {creating && (
        <Field
          label="Repeat passphrase"
          type="password"
          name="confirm"
          autoComplete="new-password"
          minLength={8}
          required
          value={confirm}
          onInput={(e) => setConfirm(e.currentTarget.value)}
        />
      )}
      <ErrorNote error={error} />
      <button type="submit" class="primary" disabled={busy}>
        {creating ? 'Create vault' : 'Unlock'}
      </button>
      {!creating && session.unlockKeys > 0 && (
        <button type="button" disabled={busy} onClick={() => void unlockByKey()}>
          Unlock with security key
        </button>
      )}
    </form>
  );
}
