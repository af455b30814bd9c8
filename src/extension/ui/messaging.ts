/** How UI pages talk to the background: typed by the message map, errors thrown as words. */
import browser from 'webextension-polyfill';
import type { BackgroundKind, BackgroundRequests, Reply, Result } from '../messages';

export async function send<K extends BackgroundKind>(kind: K, req: BackgroundRequests[K]['req']): Promise<Reply<BackgroundRequests, K>> {
  const result = (await browser.runtime.sendMessage({ kind, ...req })) as Result<Reply<BackgroundRequests, K>> | undefined;
  if (!result) throw new Error('Veil did not answer. Reload the extension and try again.');
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
