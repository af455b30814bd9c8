/** Defaults for new cards, and the auto-lock time. */
import { useEffect, useState } from 'preact/hooks';
import type { CardMode } from '../../../protocol';
import type { Defaults } from '../../messages';
import { send } from '../messaging';
import { Field } from '../components/Field';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { MODE_LABELS, parseMoney } from '../format';

export function DefaultsSection() {
  const [d, setD] = useState<Defaults | null>(null);
  const [cap, setCap] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, run, setError } = useAction();
  useEffect(
    () =>
      void run(async () => {
        const got = await send('defaults.get', {});
        setD(got);
        setCap((got.cap / 100).toFixed(2));
      }),
    [],
  );
  if (!d) return null;

  const save = (e: Event) => {
    e.preventDefault();
    const capMinor = parseMoney(cap);
    if (!capMinor) return setError('Enter the cap as an amount, like 100 or 100.00.');
    void run(async () => {
      setD(await send('defaults.set', { ...d, cap: capMinor }));
      setSaved(true);
    });
  };
  return (
    <form class="card-panel" onSubmit={save} aria-labelledby="defaults-title">
      <h2 id="defaults-title">Defaults for new cards</h2>
      <div class="field">
        <label for="default-mode">Mode</label>
        <select
          id="default-mode"
          value={d.mode}
          onChange={(e) => setD({ ...d, mode: e.currentTarget.value as CardMode })}
        >
          {(Object.keys(MODE_LABELS) as CardMode[]).map((m) => (
            <option value={m}>{MODE_LABELS[m]}</option>
          ))}
        </select>
      </div>
      <div class="row">
        <Field
          label="Cap per card (USD)"
          name="cap"
          inputMode="decimal"
          value={cap}
          onInput={(e) => setCap(e.currentTarget.value)}
        />
        <Field
          label="Valid for (hours)"
          name="validity"
          type="number"
          min={1}
          max={8784}
          value={d.validityHours}
          onInput={(e) => setD({ ...d, validityHours: Number(e.currentTarget.value) })}
        />
        <Field
          label="Lock after idle (minutes)"
          name="autolock"
          type="number"
          min={1}
          max={1440}
          value={d.autoLockMinutes}
          onInput={(e) => setD({ ...d, autoLockMinutes: Number(e.currentTarget.value) })}
        />
      </div>
      <div class="field">
        <input
          id="default-digital"
          type="checkbox"
          checked={d.digitalDelivery}
          onChange={(e) => setD({ ...d, digitalDelivery: e.currentTarget.checked })}
        />{' '}
        <label for="default-digital">
          Digital delivery: shops can send files sealed to a key only this device holds
        </label>
      </div>
      <p class="small muted">
        A card for an order total found on the checkout is capped at the total plus this margin, for tax and shipping
        that change after it was read; in the total's currency.
      </p>
      <div class="row">
        <Field
          label="Margin over the order total (%)"
          name="tolerance-percent"
          type="number"
          min={0}
          max={100}
          value={d.tolerancePercent}
          onInput={(e) => setD({ ...d, tolerancePercent: Number(e.currentTarget.value) })}
        />
        <Field
          label="At least (in the total's currency)"
          name="tolerance-minimum"
          type="number"
          min={0}
          max={10000}
          value={d.toleranceMinimum}
          onInput={(e) => setD({ ...d, toleranceMinimum: Number(e.currentTarget.value) })}
        />
      </div>
      <button type="submit" disabled={busy}>
        Save defaults
      </button>
      {saved && !error && (
        <span role="status" class="muted">
          {' '}
          Saved.
        </span>
      )}
      <ErrorNote error={error} />
    </form>
  );
}
