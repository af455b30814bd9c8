/** HTTP to the Veil provider, with provider errors turned into sentences a shopper can read. */
import type { ApiErrorBody } from '../../protocol';

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface ProviderCall {
  baseUrl: string;
  token?: string | undefined;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
}

const TIMEOUT_MS = 15_000;

export async function callProvider<T>(path: string, call: ProviderCall): Promise<T> {
  const headers: Record<string, string> = {};
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(new URL(path, call.baseUrl), {
      method: call.method ?? 'GET',
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ProviderError(`Cannot reach the Veil provider at ${call.baseUrl}. Check the address on the options page.`, 0, 'network');
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ProviderError(`The provider answered with something that is not JSON (HTTP ${res.status}).`, res.status, 'bad_response');
  }
  if (!res.ok) {
    const error = (body as Partial<ApiErrorBody> | null)?.error;
    throw new ProviderError(error?.message ? capitalise(error.message) : `The provider refused the request (HTTP ${res.status}).`, res.status, error?.code ?? 'http');
  }
  return body as T;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.');
}
