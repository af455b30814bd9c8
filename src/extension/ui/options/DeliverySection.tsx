/** Where parcels really go: kept sealed by Veil, read only by a courier after the shop was paid. */
import { useEffect, useState } from 'preact/hooks';
import type { DeliveryAddress } from '../../../protocol';
import { send } from '../messaging';
import { Field } from '../components/Field';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { changeThenReload, RowAction } from '../components/RowAction';

const EMPTY = {
  label: 'Home',
  name: '',
  line1: '',
  line2: '',
  city: '',
  region: '',
  postal_code: '',
  country: 'US',
  phone: '',
};

export function DeliverySection() {
  const [addresses, setAddresses] = useState<DeliveryAddress[]>([]);
  const [form, setForm] = useState(EMPTY);
  const { busy, error, run } = useAction();
  const reload = async () => setAddresses(await send('delivery.list', {}));
  useEffect(() => void run(reload), []);
  const change = changeThenReload(run, reload);
  const set = (k: keyof typeof EMPTY) => (e: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [k]: e.currentTarget.value });

  const add = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const optional = (v: string) => (v.trim() ? v.trim() : undefined);
      await send('delivery.add', {
        address: {
          label: form.label.trim() || 'Home',
          name: form.name,
          line1: form.line1,
          line2: optional(form.line2),
          city: form.city,
          region: optional(form.region),
          postal_code: form.postal_code,
          country: form.country.trim().toUpperCase(),
          phone: optional(form.phone),
        } as Parameters<typeof send<'delivery.add'>>[1]['address'],
      });
      setForm(EMPTY);
      await reload();
    });
  };

  return (
    <section class="card-panel" aria-labelledby="delivery-title">
      <h2 id="delivery-title">Private delivery</h2>
      <p class="muted">
        Shops get Veil's forwarding address with your purchasing ID as the reference. Your address below is sealed; a
        courier reads it only after the shop was paid, and you see every read in your history.
      </p>
      <ul class="plain addresses">
        {addresses.map((a) => (
          <li data-address-id={a.id}>
            <strong>{a.label}</strong> {a.summary}
            {a.is_default ? (
              <span class="badge">default</span>
            ) : (
              <RowAction
                label="Make default"
                busy={busy}
                onClick={change(() => send('delivery.makeDefault', { id: a.id }))}
              />
            )}
            <RowAction
              label="Remove"
              danger
              busy={busy}
              onClick={change(() => send('delivery.remove', { id: a.id }))}
            />
          </li>
        ))}
      </ul>
      <form onSubmit={add} aria-labelledby="add-address-title">
        <h3 id="add-address-title">Add a delivery address</h3>
        <div class="row">
          <Field label="Label" name="label" value={form.label} onInput={set('label')} />
          <Field
            label="Recipient name"
            name="name"
            autoComplete="off"
            required
            value={form.name}
            onInput={set('name')}
          />
        </div>
        <div class="row">
          <Field label="Street" name="line1" autoComplete="off" required value={form.line1} onInput={set('line1')} />
          <Field
            label="Apartment, suite (optional)"
            name="line2"
            autoComplete="off"
            value={form.line2}
            onInput={set('line2')}
          />
        </div>
        <div class="row">
          <Field label="City" name="city" autoComplete="off" required value={form.city} onInput={set('city')} />
          <Field label="State or region" name="region" autoComplete="off" value={form.region} onInput={set('region')} />
          <Field
            label="Postal code"
            name="postal"
            autoComplete="off"
            required
            value={form.postal_code}
            onInput={set('postal_code')}
          />
        </div>
        <div class="row">
          <Field
            label="Country (two letters)"
            name="country"
            autoComplete="off"
            required
            maxLength={2}
            value={form.country}
            onInput={set('country')}
          />
          <Field
            label="Phone for the courier (optional)"
            name="phone"
            type="tel"
            autoComplete="off"
            value={form.phone}
            onInput={set('phone')}
          />
        </div>
        <button type="submit" disabled={busy}>
          Add address
        </button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
