/** Turns raw request input into typed values, or a 4xx naming what is wrong. */
import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from './errors';

function issuesOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

function fail(error: z.ZodError, where: string): never {
  const issues = issuesOf(error);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new HttpError(400, 'invalid_request', `invalid ${where}: ${summary}`, issues);
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (text.trim() !== '' && !/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new HttpError(400, 'invalid_json', `body is not valid JSON: ${(e as Error).message}`);
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) fail(parsed.error, 'body');
  return parsed.data;
}

export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) fail(parsed.error, 'query');
  return parsed.data;
}

const ID_RE = /^[a-z]{2,5}_[A-Za-z0-9]{8,40}$/;

/** Path ids are checked for shape before any query, so junk never reaches SQL. */
export function pathId(c: Context, name: string, what: string): string {
  const id = c.req.param(name) ?? '';
  if (!ID_RE.test(id)) throw new HttpError(404, 'not_found', `${what} not found`);
  return id;
}

const IDEMPOTENCY_RE = /^[\x21-\x7e]{1,255}$/;

export function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_RE.test(key))
    throw new HttpError(400, 'invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
  return key;
}
