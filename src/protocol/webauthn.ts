/** Security keys (WebAuthn) for card-reader mode: registering one, and approving a charge with it. */
import { z } from 'zod';
import { Text } from './common';

/**
 * The relying-party ID for a provider reached at `url`: its host name, which an
 * extension page may claim as RP ID because the host is in its host permissions
 * (Chrome ≥ 122, Firefox ≥ 150). That one ID works in both browsers, where an
 * extension's own origin does not (Firefox refuses "moz-extension://<uuid>").
 * A loopback address is `localhost` (same machine; an IP address is never an RP ID);
 * any other IP address has none: such a provider needs a host name (VEIL_PUBLIC_URL).
 */
export function webauthnRpId(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)) return 'localhost';
  if (host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host)) return null;
  return host.replace(/\.$/, '');
}

/**
 * Where the ceremony runs: the page's origin (an extension page, or a web page under
 * the RP ID). The RP ID is the provider's own (webauthnRpId of its public URL), named
 * in the options it answers with; the page never chooses it.
 */
export const WebAuthnPlace = z.strictObject({
  origin: z
    .string()
    .max(300)
    .regex(/^(chrome-extension|moz-extension|https?):\/\/[A-Za-z0-9.:-]+$/, 'an origin like chrome-extension://<id>'),
});

export const RegisterKeyOptionsRequest = WebAuthnPlace.extend({
  /** Adding a key is a change to how charges are approved: it needs the account password again. */
  password: Text().min(1).max(200),
  name: Text().trim().min(1).max(100),
});

/** The browser's credential, as JSON (base64url fields), passed through to verification. */
const CredentialJson = z.looseObject({
  id: Text().min(1).max(1024),
  rawId: Text().max(1024),
  type: z.literal('public-key'),
  response: z.record(z.string(), z.unknown()),
});

export const RegisterKeyVerifyRequest = z.strictObject({
  challenge_id: Text().min(1).max(64),
  credential: CredentialJson,
});
export const Assertion = z.strictObject({ challenge_id: Text().min(1).max(64), credential: CredentialJson });
export type Assertion = z.infer<typeof Assertion>;

/**
 * A fresh proof of the account holder, for what weakens card-reader mode (leaving it,
 * removing a key): the account password, or an assertion on a step-up challenge
 * (POST /v1/shopper/security-keys/step-up-options). A device token alone is not enough.
 */
export const StepUpProof = z.strictObject({
  password: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'the account password; throttled and logged like a sign-in' }),
  assertion: Assertion.optional().meta({ description: 'a security-key assertion on a step-up challenge' }),
});
export type StepUpProof = z.infer<typeof StepUpProof>;

/** DELETE /v1/shopper/security-keys/:id: the proof is required (403 without it). */
export const RemoveSecurityKeyRequest = StepUpProof;

export const SecurityKey = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});
export type SecurityKey = z.infer<typeof SecurityKey>;

/** WebAuthn options as JSON (base64url binary fields), with the id of the challenge they carry. */
export const WebAuthnOptions = z.object({
  challenge_id: z.string(),
  options: z.looseObject({ challenge: z.string() }),
});
export type WebAuthnOptions = z.infer<typeof WebAuthnOptions>;
