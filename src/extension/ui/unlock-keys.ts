/**
 * The WebAuthn ceremonies for unlocking the vault with a passkey or security key. They
 * run in the page (WebAuthn needs a document and a user gesture) and ask the PRF
 * extension for a secret on a salt fixed per credential; the background turns that
 * secret into the key that unwraps the vault key (store/unlock-keys.ts). Nothing is
 * sent to the provider: the credential exists only to give this secret.
 *
 * User verification is always required: an authenticator keeps separate PRF secrets
 * with and without it, and a key that unlocks Veil should need its PIN or fingerprint.
 * The RP ID is the provider's host (see protocol webauthnRpId), which an extension page
 * may claim in Chrome and in Firefox.
 */
import type { UnlockKeyInfo } from '../messages';

const NO_PRF =
  'This browser or key gives no PRF secret (the WebAuthn PRF extension, hmac-secret on security keys), so it cannot unlock Veil. Your passphrase still does.';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const toBase64 = (b: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(b)));
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const fromBase64Url = (s: string) =>
  fromBase64(
    s
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(s.length / 4) * 4, '='),
  );

/** Why unlocking with a key is unavailable here, or null when it may be tried. */
export async function unlockKeyUnavailable(rpId: string | null): Promise<string | null> {
  if (!rpId)
    return 'Unlocking with a key needs the provider to have a host name (an IP address cannot be a WebAuthn relying party).';
  if (typeof PublicKeyCredential === 'undefined') return 'This browser offers no WebAuthn here.';
  // Chrome 133+ and Firefox 135+ say whether they support PRF; older ones are simply tried.
  const caps = await PublicKeyCredential.getClientCapabilities?.().catch(() => undefined);
  if (caps?.['extension:prf'] === false) return NO_PRF;
  return null;
}

/** The credential's first PRF result; undefined when the browser or authenticator gave none. */
function prfOf(credential: PublicKeyCredential): Uint8Array | undefined {
  const first = credential.getClientExtensionResults().prf?.results?.first;
  return first ? new Uint8Array(first as ArrayBuffer) : undefined;
}

async function evaluate(
  rpId: string,
  keys: Pick<UnlockKeyInfo, 'id' | 'salt'>[],
): Promise<{ id: string; prf: string }> {
  let credential: PublicKeyCredential | null;
  try {
    credential = (await navigator.credentials.get({
      publicKey: {
        rpId,
        // Nothing verifies this challenge: the PRF secret itself is the proof.
        challenge: random(32),
        allowCredentials: keys.map((k) => ({ type: 'public-key' as const, id: fromBase64Url(k.id) })),
        userVerification: 'required',
        timeout: 120_000,
        extensions: {
          prf: { evalByCredential: Object.fromEntries(keys.map((k) => [k.id, { first: fromBase64(k.salt) }])) },
        },
      },
    })) as PublicKeyCredential | null;
  } catch (err) {
    // The browser says no more, on purpose (no hint whether a key holds a credential): cancelled, timed out, or none of ours.
    if (err instanceof DOMException && err.name === 'NotAllowedError')
      throw new Error('No key that unlocks Veil answered (or the request was cancelled). Your passphrase still works.');
    throw err;
  }
  if (!credential) throw new Error('No key answered.');
  const prf = prfOf(credential);
  if (!prf) throw new Error(NO_PRF);
  return { id: credential.id, prf: toBase64(prf) };
}

/** Makes a credential under `rpId` and evaluates its PRF on a new salt. */
export async function createUnlockKey(
  rpId: string,
  existing: string[],
): Promise<{ id: string; salt: string; prf: string }> {
  const salt = random(32);
  const credential = (await navigator.credentials.create({
    publicKey: {
      rp: { id: rpId, name: 'Veil' },
      user: { id: random(16), name: 'Veil vault', displayName: 'Veil vault' },
      challenge: random(32),
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      authenticatorSelection: { userVerification: 'required', residentKey: 'discouraged' },
      excludeCredentials: existing.map((id) => ({ type: 'public-key' as const, id: fromBase64Url(id) })),
      timeout: 120_000,
      extensions: { prf: { eval: { first: salt } } },
    },
  })) as PublicKeyCredential | null;
  if (!credential) throw new Error('No key answered.');
  const at = credential.getClientExtensionResults().prf;
  const prf = prfOf(credential);
  if (prf) return { id: credential.id, salt: toBase64(salt), prf: toBase64(prf) };
  // Many authenticators only say "enabled" at creation: one assertion then gives the secret.
  if (!at?.enabled) throw new Error(NO_PRF);
  const answer = await evaluate(rpId, [{ id: credential.id, salt: toBase64(salt) }]);
  return { ...answer, salt: toBase64(salt) };
}

/** One ceremony offering every key made under the same RP ID as the first; answers the credential used and its secret. */
export function unlockWithKey(keys: UnlockKeyInfo[]): Promise<{ id: string; prf: string }> {
  const rpId = keys[0]?.rpId;
  if (!rpId) return Promise.reject(new Error('No key unlocks Veil yet.'));
  return evaluate(
    rpId,
    keys.filter((k) => k.rpId === rpId),
  );
}
