/** Security keys for card-reader mode: register one, list, remove (each needs the account password again). */
import { useEffect, useState } from 'preact/hooks';
import type { SecurityKey } from '../../../protocol';
import { send } from '../messaging';
import { Field } from '../components/Field';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { dateTime } from '../format';
import { registerKey } from '../webauthn';

export function SecurityKeysSection() {
  const [keys, setKeys] = useState<SecurityKey[]>([]);
  const [name, setName] = useState('My security key');
  const [password, setPassword] = useState('');
  /** The key being removed: removing weakens card-reader mode, so the provider asks for the password. */
  const [removing, setRemoving] = useState<SecurityKey | undefined>();
  const [removePassword, setRemovePassword] = useState('');
  const { busy, error, run } = useAction();
  const reload = async () => setKeys(await send('keys.list', {}));
  useEffect(() => void run(reload), []);

  const add = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await registerKey(name, password);
      setPassword('');
      await reload();
    });
  };
  const remove = (e: Event) => {
    e.preventDefault();
    if (!removing) return;
    void run(async () => {
      await send('keys.remove', { id: removing.id, password: removePassword });
      setRemoving(undefined);
      setRemovePassword('');
      await reload();
    });
  };
  return (
    <section class="card-panel" aria-labelledby="keys-title">
      <h2 id="keys-title">Security keys</h2>
      <p class="muted">
        Cards in security-key mode need one of these, plus your PIN or fingerprint, to approve each charge.
      </p>
      <ul class="plain keys">
        {keys.map((k) => (
          <li data-key-id={k.id}>
            {k.name} · added {dateTime(k.created_at)}
            {k.last_used_at && <span class="muted"> · last used {dateTime(k.last_used_at)}</span>}
            <button
              type="button"
              class="link danger"
              disabled={busy}
              onClick={() => {
                setRemoving(k);
                setRemovePassword('');
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {removing && (
        <form class="confirm-removal" onSubmit={remove}>
          <Field
            label={`Password to remove ${removing.name}`}
            name="remove-key-password"
            type="password"
            autoComplete="current-password"
            required
            value={removePassword}
            onInput={(e) => setRemovePassword(e.currentTarget.value)}
          />
          <button type="submit" class="danger" disabled={busy}>
            Remove this key
          </button>
          <button type="button" class="link" disabled={busy} onClick={() => setRemoving(undefined)}>
            Cancel
          </button>
        </form>
      )}
      <form onSubmit={add}>
        <div class="row">
          <Field
            label="Key name"
            name="key-name"
            required
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <Field
            label="Account password"
            name="key-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          Register a security key
        </button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
