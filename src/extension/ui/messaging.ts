/** How UI pages talk to the background: typed by the message map, errors thrown as words. */
import browser from 'webextension-polyfill';
import type { BackgroundKind, BackgroundRequests, Message, Reply, Result, UiKind, UiRequests } from '../messages';

export async function send<K extends BackgroundKind>(
  kind: K,
  req: BackgroundRequests[K]['req'],
): Promise<Reply<BackgroundRequests, K>> {
  const result = (await browser.runtime.sendMessage({ kind, ...req })) as
    Result<Reply<BackgroundRequests, K>> | undefined;
  if (!result) throw new Error('Veil did not answer. Reload the extension and try again.');
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** Hears one kind of broadcast from the background (see UiRequests); returns the unsubscribe. */
export function onBroadcast<K extends UiKind>(
  kind: K,
  listener: (message: Message<UiRequests, K>) => void,
): () => void {
  const onMessage = (m: unknown) => {
    if ((m as { kind?: unknown } | null)?.kind === kind) listener(m as Message<UiRequests, K>);
    // Not answered here: a broadcast has no reply, and answering would race the background's.
    return undefined;
  };
  browser.runtime.onMessage.addListener(onMessage);
  return () => browser.runtime.onMessage.removeListener(onMessage);
}
