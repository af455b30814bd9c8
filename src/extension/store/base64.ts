/**
 * Standard base64 for sealed blobs and salts. Neither noble package ships a codec, and
 * `Uint8Array.prototype.toBase64` is not yet in every browser we target, so this uses
 * btoa/atob, which exist in service workers, extension pages and Node alike.
 */

const CANONICAL = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: spreading a large array into fromCharCode would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Returns undefined for anything that is not canonical padded base64 (atob alone accepts whitespace and missing padding). */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (!CANONICAL.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
