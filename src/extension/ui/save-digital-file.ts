/**
 * Opens a delivered file and saves it through the downloads API. The sealed bytes stream
 * from the provider through the opener into a private file of the extension, in a worker
 * this page starts (opened-file-store.ts: memory stays flat at any size), and nothing
 * reaches the downloads folder until the whole file has opened: a file altered or cut
 * short in transit fails before `downloads.download` is called, so nothing is saved and
 * the private file is dropped.
 * Only once the browser reports the download complete is the provider told to delete
 * its copy.
 */
import browser from 'webextension-polyfill';
import { SealedFileError, keyFromText, type ShopperDigitalFile } from '../../protocol';
import { send } from './messaging';
import { OPENED_MARK } from './digital-save-marks';
import { openDeliveredFile, type OpenedFile } from './opened-file-store';

/** A bound on waiting for the browser to finish writing a file it already holds in full. */
const SAVE_WAIT_MS = 10 * 60_000;

export async function saveDigitalFile(file: ShopperDigitalFile): Promise<void> {
  const access = await send('digital.access', { id: file.id });
  let opened: OpenedFile;
  try {
    opened = await openDeliveredFile({ ...access, privateKey: keyFromText(access.privateKey) });
  } catch (err) {
    if (err instanceof SealedFileError)
      throw new Error(
        `“${file.file_name}” did not open: it was altered or cut short on its way. Nothing was saved; ask ${file.merchant.origin} to send it again.`,
      );
    throw err;
  }
  performance.mark(OPENED_MARK);
  try {
    const url = URL.createObjectURL(await opened.blob(file.media_type));
    try {
      const downloadId = await browser.downloads.download({ url, filename: file.file_name, saveAs: false });
      await finished(downloadId);
    } finally {
      URL.revokeObjectURL(url);
    }
  } finally {
    // Saved (the downloads folder has its own copy) or not: the private file is not kept.
    await opened.discard();
  }
  await send('digital.received', { id: file.id });
}

function finished(id: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('The browser did not finish saving the file.')), SAVE_WAIT_MS);
    const listener = (delta: browser.Downloads.OnChangedDownloadDeltaType) => {
      if (delta.id !== id || !delta.state) return;
      if (delta.state.current === 'complete') done();
      else if (delta.state.current === 'interrupted') done(new Error('The browser could not save the file.'));
    };
    function done(err?: Error) {
      clearTimeout(timer);
      browser.downloads.onChanged.removeListener(listener);
      if (err) reject(err);
      else resolve();
    }
    browser.downloads.onChanged.addListener(listener);
    // It may have completed before the listener was added.
    void browser.downloads.search({ id }).then(([item]) => {
      if (item?.state === 'complete') done();
    });
  });
}
