/**
 * The opening worker: started by an extension page for one delivered file, it fetches the
 * sealed file from the provider, opens it and writes the plaintext into a private file of the
 * extension (OPFS), then answers once and is terminated. Here, off the page's thread, the file
 * is written through a synchronous access handle (createSyncAccessHandle: workers only): each
 * chunk lands at its offset at once, with no round trip to the browser per write and nothing
 * batched in memory; and the chunks open with libsodium's WebAssembly cipher
 * (sodium-chunk-workspace.ts), which this worker alone loads.
 *
 * A file that does not open leaves nothing: the worker removes what it wrote before it
 * answers (the page removes the entry again whatever happens: opened-file-store.ts).
 */
import { SealedFileError } from '../../protocol/sealed-file';
import { fetchSealed, openIntoFile, type FileAtOffsets, type SealedSource } from './open-into-file';
import { sodiumWorkspaces } from './sodium-chunk-workspace';

/** What the page asks: the provider's address and credential for the file, its key, and the private file to write. */
export interface OpenRequest extends SealedSource {
  /** The entry in the OPFS root to create and fill. */
  name: string;
}

/** The one answer: the plaintext's size, or why it did not open (`altered`: the file itself was refused). */
export type OpenReply = { ok: true; bytes: number } | { ok: false; altered: boolean; message: string };

/** The worker's global scope, as far as used here (the DOM typings this project compiles with have no worker scope). */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<OpenRequest>) => void) | null;
  postMessage(reply: OpenReply): void;
};

// The WebAssembly compiles while the page's request is on its way.
const workspaces = sodiumWorkspaces();

scope.onmessage = async (event: MessageEvent<OpenRequest>) => {
  let reply: OpenReply;
  try {
    reply = { ok: true, bytes: await open(event.data) };
  } catch (err) {
    reply = {
      ok: false,
      altered: err instanceof SealedFileError,
      message: err instanceof Error ? err.message : String(err),
    };
  } finally {
    event.data.privateKey.fill(0);
  }
  scope.postMessage(reply);
};

/** FileSystemSyncAccessHandle, as far as used here (workers only, so not in the DOM typings). */
interface SyncAccessHandle extends FileAtOffsets {
  flush(): void;
  close(): void;
}
type SyncAccessFile = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> };

async function open(request: OpenRequest): Promise<number> {
  const { privateKey, name } = request;
  const body = await fetchSealed(request);
  const root = await navigator.storage.getDirectory();
  const entry = await root.getFileHandle(name, { create: true });
  const file = await (entry as SyncAccessFile).createSyncAccessHandle();
  try {
    const bytes = await openIntoFile(body, privateKey, file, await workspaces);
    file.flush();
    return bytes;
  } catch (err) {
    file.close();
    await root.removeEntry(name).catch(() => undefined);
    throw err;
  } finally {
    // Closing twice is harmless: the handle must be closed before the page can read the file.
    file.close();
  }
}
