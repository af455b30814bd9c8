/**
 * The entry point to a purchase's dispute pack, self-contained so any list of charges
 * can hold it: download the pack as JSON, or open the printable page.
 */
import browser from 'webextension-polyfill';
import { send } from '../messaging';
import { useAction } from '../components/useAction';
import { ErrorNote } from '../components/ErrorNote';
import { buildDisputePack, packFileName } from './build-pack';
import { saveJson } from './save-json';

export const DISPUTE_PAGE = 'dispute/index.html';

export function DisputePackButton({ authorizationId }: { authorizationId: string }) {
  const { busy, error, run } = useAction();
  const download = () =>
    run(async () => {
      const sources = await send('dispute.sources', { authorizationId });
      const pack = buildDisputePack({ ...sources, now: new Date() });
      saveJson(packFileName(pack), pack);
    });
  return (
    <span class="dispute-pack">
      <button type="button" class="link" disabled={busy} onClick={download} data-dispute-download={authorizationId}>
        Dispute pack (JSON)
      </button>{' '}
      <a
        href={`${browser.runtime.getURL(DISPUTE_PAGE)}#${encodeURIComponent(authorizationId)}`}
        target="_blank"
        rel="noopener"
        data-dispute-page={authorizationId}
      >
        Printable
      </a>
      <ErrorNote error={error} />
    </span>
  );
}
