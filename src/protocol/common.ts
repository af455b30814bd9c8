import { z } from 'zod';

/** Money is always an integer count of minor units (cents for USD). */
export const MAX_AMOUNT = 100_000_000_00; // 100 million in major units: far above any card's cap
export const Amount = z
  .int()
  .min(0)
  .max(MAX_AMOUNT)
  .meta({ description: 'Integer amount in minor units (e.g. cents)' });
export const PositiveAmount = z
  .int()
  .min(1)
  .max(MAX_AMOUNT)
  .meta({ description: 'Positive integer amount in minor units' });
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals, like USD')
  .meta({ description: 'ISO 4217 currency code' });

/**
 * A web origin: scheme, host and optional port, nothing else. Merchant locks compare
 * origins exactly, so the input is normalised (lower-case host, default port dropped).
 */
export const Origin = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a URL origin like https://shop.example' });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: 'origin must be http(s)' });
      return z.NEVER;
    }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'origin must have no path, query, fragment or credentials' });
      return z.NEVER;
    }
    return url.origin;
  })
  .meta({ description: 'Web origin, e.g. https://shop.example' });

/**
 * Free text as every schema takes it: a string with no U+0000 and no unpaired UTF-16
 * surrogate. PostgreSQL's text and jsonb refuse both, so they used to surface as a 500
 * (on the validation path, after rolling back the whole batch the item was in); no real
 * name, address, password or id holds either. Use it for every string a client sends
 * that is not already held to a pattern excluding them: `Text().trim().max(200)`.
 */
export const Text = () =>
  z.string().refine(storableText, 'must not contain NUL (U+0000) or unpaired surrogate characters');

/** With the `u` flag, \p{Cs} matches only a surrogate that is not half of a pair. */
const UNSTORABLE = /[\0\p{Cs}]/u;
export function storableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

export const Id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{8,40}$`), `a ${prefix}_… id`);

export const Timestamp = z.string().meta({ description: 'ISO 8601 timestamp' });

/** Every error from the provider has this shape. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const ErrorCodes = [
  'invalid_json',
  'invalid_request',
  'body_too_large',
  'unsupported_media_type',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'idempotency_mismatch',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ErrorCodes)[number];
