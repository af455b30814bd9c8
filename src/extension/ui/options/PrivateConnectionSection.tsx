/** The private connection's default: which sites go through Veil's proxy unless chosen otherwise in the popup. */
import { useEffect, useState } from 'preact/hooks';
import type { PrivateConnectionDefault } from '../../messages';
import { send } from '../messaging';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';

const CHOICES: Record<PrivateConnectionDefault, string> = {
  off: 'Off (turn it on per site in the popup)',
  'card-sites': 'On for sites where I use a Veil card',
  always: 'Always, for every site',
};

export function PrivateConnectionSection() {
  const [choice, setChoice] = useState<PrivateConnectionDefault | null>(null);
  const { busy, error, run } = useAction();
  // Not shown until the background answers (an older background has no private connection).
  useEffect(() => {
    send('private.state', {}).then(
      (s) => setChoice(s.default),
      () => undefined,
    );
  }, []);
  if (!choice) return null;
  const change = (next: PrivateConnectionDefault) =>
    run(async () => setChoice((await send('private.setDefault', { default: next })).default));
  return (
    <section class="card-panel" aria-labelledby="private-default-title">
      <h2 id="private-default-title">Private connection</h2>
      <p class="small muted">
        Through Veil's private connection a shop sees Veil's address instead of yours. Sites you switch on or off in the
        popup keep that choice.
      </p>
      <div class="field">
        <label for="private-default">Use it</label>
        <select
          id="private-default"
          value={choice}
          disabled={busy}
          onChange={(e) => void change(e.currentTarget.value as PrivateConnectionDefault)}
        >
          {(Object.keys(CHOICES) as PrivateConnectionDefault[]).map((c) => (
            <option value={c}>{CHOICES[c]}</option>
          ))}
        </select>
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
