/**
 * HTTP to the Veil provider by route name from the API contract (src/protocol/api.ts):
 * the method and path come from the table, and every answer is parsed against the
 * route's schema, so a malformed answer is an error in words, never a silent cast.
 * Provider errors are turned into sentences a shopper can read.
 */
import {
  ROUTES,
  fillPath,
  type ApiErrorBody,
  type BinaryBody,
  type CallInput,
  type CallOutput,
  type RouteName,
  type RouteSpec,
} from '../../protocol';

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface Connection {
  baseUrl: string;
  token?: string | undefined;
}

const TIMEOUT_MS = 15_000;
/** A file of gigabytes on a slow line: the whole transfer, not a wait for an answer. */
const STREAM_TIMEOUT_MS = 6 * 3600_000;

export async function callRoute<N extends RouteName>(
  name: N,
  input: CallInput<N>,
  conn: Connection,
): Promise<CallOutput<N>> {
  const route: RouteSpec = ROUTES[name];
  const { query, body } = input as { query?: Record<string, unknown>; body?: unknown };
  let path = fillPath(route.path, input as Record<string, unknown>);
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q.set(k, String(v));
    if (q.size) path += `?${q}`;
  }
  const headers: Record<string, string> = {};
  if (conn.token) headers.authorization = `Bearer ${conn.token}`;
  if (body !== undefined) headers['content-type'] = route.bodyStream?.mediaType ?? 'application/json';
  let res: Response;
  try {
    res = await fetch(new URL(path, conn.baseUrl), {
      method: route.method,
      headers,
      body: body === undefined ? undefined : route.bodyStream ? (body as BinaryBody) : JSON.stringify(body),
      // A streamed body is sent as it is read (fetch requires saying so); the read of a
      // streamed answer is the caller's, so only the wait for its headers is bounded here.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      signal: AbortSignal.timeout(route.bodyStream || route.responseStream ? STREAM_TIMEOUT_MS : TIMEOUT_MS),
    } as RequestInit);
  } catch {
    throw new ProviderError(
      `Cannot reach the Veil provider at ${conn.baseUrl}. Check the address on the options page.`,
      0,
      'network',
    );
  }
  if (res.ok && route.responseStream) return res as CallOutput<N>;
  if (res.ok && !route.response) return null as CallOutput<N>;
  const text = await res.text();
  let answer: unknown;
  try {
    answer = text ? JSON.parse(text) : null;
  } catch {
    throw new ProviderError(
      `The provider answered with something that is not JSON (HTTP ${res.status}).`,
      res.status,
      'bad_response',
    );
  }
  if (!res.ok) {
    const error = (answer as Partial<ApiErrorBody> | null)?.error;
    throw new ProviderError(
      error?.message ? capitalise(error.message) : `The provider refused the request (HTTP ${res.status}).`,
      res.status,
      error?.code ?? 'http',
    );
  }
  const parsed = route.response!.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ProviderError(
      `The provider's answer to ${name} is not what this version of Veil expects (${where}${issue?.message ?? 'malformed'}). Check that the provider address is right and up to date.`,
      res.status,
      'bad_response',
    );
  }
  return parsed.data as CallOutput<N>;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}
