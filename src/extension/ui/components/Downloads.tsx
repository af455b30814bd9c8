/** Files shops delivered for the shopper's purchases: open and save each one here (in the popup, for one shop). */
import { useEffect, useState } from 'preact/hooks';
import type { ShopperDigitalFile } from '../../../protocol';
import { send } from '../messaging';
import { ErrorNote } from './ErrorNote';
import { useAction } from './useAction';
import { saveDigitalFile } from '../save-digital-file';
import { dateTime } from '../format';

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function Downloads({ merchant }: { merchant?: string }) {
  const [files, setFiles] = useState<ShopperDigitalFile[] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const reload = async () => setFiles(await send('digital.list', merchant ? { merchant } : {}));
  useEffect(() => void run(reload), [merchant]);
  // In the popup, say nothing when this shop delivered nothing.
  if (merchant && !files?.length && !error && !saved) return null;

  const save = (f: ShopperDigitalFile) =>
    void run(async () => {
      setSaved(null);
      await saveDigitalFile(f);
      setSaved(`Saved “${f.file_name}” to your downloads.`);
      await reload();
    });

  return (
    <section class="card-panel" aria-labelledby="downloads-title" data-testid="downloads">
      <h2 id="downloads-title">Downloads</h2>
      {!merchant && (
        <p class="muted">
          Files shops sent for your purchases, sealed so only this device can open them. Veil deletes its copy once you
          saved one.
        </p>
      )}
      {files?.length === 0 && <p class="muted">No files waiting.</p>}
      <ul class="plain">
        {files?.map((f) => (
          <li data-file-id={f.id}>
            <strong>{f.file_name}</strong>{' '}
            <span class="small muted">
              {size(f.size)} from {f.merchant.origin}, {dateTime(f.created_at)}
            </span>{' '}
            <button type="button" disabled={busy} onClick={() => save(f)}>
              Save
            </button>
          </li>
        ))}
      </ul>
      {saved && (
        <p class="notice" role="status">
          {saved}
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
