/** The browsers signed in to this account; any but this one can be revoked. */
import { useEffect, useState } from 'preact/hooks';
import type { Device } from '../../../protocol';
import { send } from '../messaging';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { changeThenReload, RowAction } from '../components/RowAction';
import { dateTime } from '../format';

export function DevicesSection() {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const { busy, error, run } = useAction();
  const reload = async () => setDevices(await send('devices.list', {}));
  useEffect(() => void run(reload), []);
  const change = changeThenReload(run, reload);
  return (
    <section class="card-panel" aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      {devices === null && !error && <p class="muted">Loading devices…</p>}
      <ul class="plain">
        {devices?.map((d) => (
          <li>
            {d.name} {d.current && <em>(this browser)</em>} · since {dateTime(d.created_at)}
            {d.revoked_at ? (
              <span class="muted"> · revoked</span>
            ) : (
              !d.current && (
                <RowAction label="Revoke" busy={busy} onClick={change(() => send('devices.revoke', { id: d.id }))} />
              )
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={error} />
    </section>
  );
}
