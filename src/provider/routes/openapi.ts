/**
 * The OpenAPI 3.1 document served at /openapi.json, generated from the API contract
 * (src/protocol/api.ts): the same table the provider registers its handlers from and
 * the extension parses answers with. A route the document lacks cannot be served.
 */
import { z } from 'zod';
import * as P from '../../protocol';
import { ROUTES, type RouteSpec } from '../../protocol';

const schema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });
const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({
  content: { 'application/json': { schema: schema(s, io) } },
});
const body = (s: z.ZodType) => ({ required: true, ...json(s, 'input') });
const binary = (b: P.BinaryContent) => ({
  content: { [b.mediaType]: { schema: { type: 'string', contentMediaType: b.mediaType, description: b.description } } },
});
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [String(code), { description: ERROR_TEXT[code] ?? 'Error', ...json(P.ApiErrorBody) }]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request: the message and issues name the problem',
  401: 'Missing, unknown or revoked credentials',
  403: 'Credentials not allowed to do this',
  404: 'Not found (or not yours)',
  409: 'Not possible in the current state',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Idempotency-Key reused for a different request, or a limit reached',
  429: 'Too many attempts: retry after the Retry-After header’s seconds',
  503: 'Unavailable for now: retry shortly',
};
const idem = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 255 },
  description: 'Retries with the same key get the first answer',
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

const FLOWS = `Two ways to get the shopper's answer for confirmation and card-reader cards:
1. Vendors that can wait get \`pending\` and long-poll \`GET /v1/authorizations/{id}?wait=25\` until it changes; no answer within the card's window declines 91.
2. Vendors that cannot wait send \`"wait": false\` (or \`deadline_ms\` under 3000) and get \`declined\` 1A at once while the shopper is still asked; once the shopper approves, a retry by the same merchant for the same amount within 10 minutes approves at once.`;

const reasonTable = Object.entries(P.REASONS)
  .map(([code, text]) => `| ${code} | ${text} |`)
  .join('\n');

const SECURITY: Record<RouteSpec['auth'], { [scheme: string]: never[] }[] | undefined> = {
  none: undefined,
  device: [{ deviceToken: [] }],
  vendor: [{ vendorKey: [] }],
  courier: [{ courierKey: [] }],
};

/** Query schemas are objects of optional fields: each field is one query parameter. */
function queryParams(query: z.ZodType) {
  const json = schema(query, 'input') as { properties?: Record<string, { description?: string }> };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: false,
    schema: s,
    ...(s.description ? { description: s.description } : {}),
  }));
}

function operation(name: string, r: RouteSpec) {
  const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map(([, param]) => ({ ...idParam, name: param! }));
  const parameters = [...pathParams, ...(r.query ? queryParams(r.query) : []), ...(r.idempotent ? [idem] : [])];
  const security = SECURITY[r.auth];
  return {
    operationId: name,
    tags: [r.audience],
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    ...(security ? { security } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(r.body ? { requestBody: r.bodyOptional ? { required: false, ...json(r.body, 'input') } : body(r.body) } : {}),
    ...(r.bodyStream ? { requestBody: { required: true, ...binary(r.bodyStream) } } : {}),
    responses: {
      [r.status]: {
        description: r.responseText,
        ...(r.response ? json(r.response) : {}),
        ...(r.responseStream ? binary(r.responseStream) : {}),
      },
      ...errors(...r.errors),
    },
  };
}

/** The live stream is a WebSocket, not a request: described with its frames as an extension field. */
function streamPath() {
  return {
    get: {
      operationId: 'stream',
      tags: ['shopper'],
      summary:
        'Live events over a WebSocket: authenticate with the first frame (never in the URL), then receive each new audit event',
      responses: { 101: { description: 'Switching Protocols: JSON text frames follow' } },
      'x-websocket-frames': {
        client: schema(P.ClientFrame, 'input'),
        server: schema(P.ServerFrame, 'output'),
        close_codes: P.STREAM_CLOSE,
      },
    },
  };
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, r] of Object.entries(ROUTES) as [string, RouteSpec][]) {
    (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(name, r);
  }
  paths[P.STREAM_PATH] = streamPath();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Veil service provider',
      version: '1',
      description: `Vendor API for validating Veil proxy cards, the courier API for anonymous delivery, and the shopper API the Veil extension uses.\n\nMoney is integer minor units.\n\n${FLOWS}\n\nReason codes:\n\n| code | meaning |\n|---|---|\n${reasonTable}`,
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        vendorKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'Vendor key (vk_…) from `npm run provider -- vendor create`',
        },
        deviceToken: { type: 'http', scheme: 'bearer', description: 'Device token (vd_…) from sign-up or sign-in' },
        courierKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'Courier key (ck_…) from `npm run provider -- courier create`',
        },
      },
    },
    paths,
  };
}
