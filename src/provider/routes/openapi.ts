/**
 * The OpenAPI 3.1 document served at /openapi.json, generated from the same zod
 * schemas the provider validates with, so the contract cannot drift from the code.
 */
import { z } from 'zod';
import * as P from '../../protocol';

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });
const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({ content: { 'application/json': { schema: schema(s, io) } } });
const body = (s: z.ZodType) => ({ required: true, ...json(s, 'input') });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_TEXT[code] ?? 'Error', ...json(P.ApiErrorBody) }]));
const ERROR_TEXT: Record<number, string> = {
  400: 'Malformed request: the message and issues name the problem',
  401: 'Missing, unknown or revoked credentials',
  403: 'Credentials not allowed to do this',
  404: 'Not found (or not yours)',
  409: 'Not possible in the current state',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Idempotency-Key reused for a different request, or a limit reached',
};
const idem = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 }, description: 'Retries with the same key get the first answer' };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

const FLOWS = `Two ways to get the shopper's answer for confirmation and card-reader cards:
1. Vendors that can wait get \`pending\` and long-poll \`GET /v1/authorizations/{id}?wait=25\` until it changes; no answer within the card's window declines 91.
2. Vendors that cannot wait send \`"wait": false\` (or \`deadline_ms\` under 3000) and get \`declined\` 1A at once while the shopper is still asked; once the shopper approves, a retry by the same merchant for the same amount within 10 minutes approves at once.`;

const reasonTable = Object.entries(P.REASONS).map(([code, text]) => `| ${code} | ${text} |`).join('\n');

export function openApiDocument(serverUrl: string) {
  const vendor = [{ vendorKey: [] }];
  const device = [{ deviceToken: [] }];
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
        vendorKey: { type: 'http', scheme: 'bearer', description: 'Vendor key (vk_…) from `npm run provider -- vendor create`' },
        deviceToken: { type: 'http', scheme: 'bearer', description: 'Device token (vd_…) from sign-up or sign-in' },
        courierKey: { type: 'http', scheme: 'bearer', description: 'Courier key (ck_…) from `npm run provider -- courier create`' },
      },
    },
    paths: {
      '/v1/authorizations': {
        post: {
          tags: ['vendor'], summary: 'Validate a charge on a Veil card', security: vendor, parameters: [idem], requestBody: body(P.AuthorizationRequest),
          responses: { 200: { description: 'Decision: approved, declined (with reason) or pending (shopper must confirm)', ...json(P.Authorization) }, ...errors(400, 401, 403, 413, 415, 422) },
        },
      },
      '/v1/authorizations/{id}': {
        get: {
          tags: ['vendor'], summary: 'Read an authorization; long-poll while pending', security: vendor,
          parameters: [idParam, { name: 'wait', in: 'query', required: false, schema: { type: 'number', minimum: 0, maximum: 30 }, description: 'Seconds to wait for a pending decision' }],
          responses: { 200: { description: 'The authorization', ...json(P.Authorization) }, ...errors(400, 401, 404) },
        },
      },
      '/v1/authorizations/{id}/capture': {
        post: {
          tags: ['vendor'], summary: 'Capture an approved authorization (full or partial; the rest is released)', security: vendor, parameters: [idParam, idem],
          requestBody: { required: false, ...json(P.CaptureRequest, 'input') },
          responses: { 200: { description: 'Captured', ...json(P.Authorization) }, ...errors(400, 401, 404, 409, 422) },
        },
      },
      '/v1/authorizations/{id}/reverse': {
        post: {
          tags: ['vendor'], summary: 'Release an approved or pending authorization without charging', security: vendor, parameters: [idParam, idem],
          responses: { 200: { description: 'Reversed', ...json(P.Authorization) }, ...errors(400, 401, 404, 409, 422) },
        },
      },
      '/v1/refunds': {
        post: {
          tags: ['vendor'], summary: 'Refund part or all of a captured authorization', security: vendor, parameters: [idem], requestBody: body(P.RefundRequest),
          responses: { 200: { description: 'Refunded', ...json(P.Refund) }, ...errors(400, 401, 404, 409, 422) },
        },
      },
      '/v1/deliveries/resolve': {
        post: {
          tags: ['courier'], summary: 'Resolve a parcel reference (purchasing ID) to the delivery label, after capture',
          description: 'Only for the courier carrying the parcel: the one the vendor named at capture, else the first to resolve the paid reference. For any other courier, or before capture, a real reference answers 404 like an unknown one and counts as a miss.',
          security: [{ courierKey: [] }], requestBody: body(P.ResolveRequest),
          responses: { 200: { description: 'The delivery label', ...json(P.DeliveryLabel) }, ...errors(400, 401, 404, 409, 429) },
        },
      },
      '/v1/shopper/delivery-addresses': {
        get: { tags: ['shopper'], security: device, summary: 'Delivery addresses (summaries)', responses: { 200: { description: 'Addresses' }, ...errors(401) } },
        post: { tags: ['shopper'], security: device, summary: 'Add a delivery address (sealed at rest)', requestBody: body(P.AddDeliveryAddressRequest), responses: { 201: { description: 'Added', ...json(P.DeliveryAddress) }, ...errors(400, 401) } },
      },
      '/v1/shopper/security-keys/options': { post: { tags: ['shopper'], security: device, summary: 'WebAuthn registration options (needs the password, throttled like sign-in)', requestBody: body(P.RegisterKeyOptionsRequest), responses: { 200: { description: 'Options and challenge id' }, ...errors(400, 401, 429) } } },
      '/v1/shopper/security-keys/step-up-options': { post: { tags: ['shopper'], security: device, summary: 'Assertion options for a step-up proof (leaving card-reader mode, removing a key)', requestBody: body(P.WebAuthnPlace), responses: { 200: { description: 'Options and challenge id' }, ...errors(400, 401, 409) } } },
      '/v1/shopper/security-keys/{id}': { delete: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'Remove a security key (needs the password or a step-up assertion)', requestBody: body(P.RemoveSecurityKeyRequest), responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404, 429) } } },
      '/v1/shopper/security-keys': { post: { tags: ['shopper'], security: device, summary: 'Register the security key', requestBody: body(P.RegisterKeyVerifyRequest), responses: { 201: { description: 'Registered', ...json(P.SecurityKey) }, ...errors(400, 401, 409) } } },
      '/v1/shopper/authorizations/{id}/webauthn-challenge': { post: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'Assertion options bound to one pending charge', requestBody: body(P.WebAuthnPlace), responses: { 200: { description: 'Options and challenge id' }, ...errors(400, 401, 404, 409) } } },
      '/v1/shopper/signup': { post: { tags: ['shopper'], summary: 'Create an account and enrol this device', requestBody: body(P.SignUpRequest), responses: { 201: { description: 'Session', ...json(P.Session) }, ...errors(400, 409, 429) } } },
      '/v1/shopper/signin': { post: { tags: ['shopper'], summary: 'Sign in and enrol this device', requestBody: body(P.SignInRequest), responses: { 200: { description: 'Session', ...json(P.Session) }, ...errors(400, 401, 429) } } },
      '/v1/shopper/me': { get: { tags: ['shopper'], security: device, summary: 'Account and balance', responses: { 200: { description: 'Me', ...json(P.Me) }, ...errors(401) } } },
      '/v1/shopper/devices': { get: { tags: ['shopper'], security: device, summary: 'Enrolled devices', responses: { 200: { description: 'Devices' }, ...errors(401) } } },
      '/v1/shopper/devices/{id}': { delete: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'Revoke a device token', responses: { 204: { description: 'Revoked' }, ...errors(401, 404) } } },
      '/v1/shopper/funding-sources': {
        get: { tags: ['shopper'], security: device, summary: 'Funding sources (last 4 and brand only)', responses: { 200: { description: 'Sources' }, ...errors(401) } },
        post: { tags: ['shopper'], security: device, summary: 'Add a card or bank account', requestBody: body(P.AddFundingSourceRequest), responses: { 201: { description: 'Added', ...json(P.FundingSource) }, ...errors(400, 401) } },
      },
      '/v1/shopper/funding-sources/{id}': {
        patch: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'Make default or set the limit', requestBody: body(P.UpdateFundingSourceRequest), responses: { 200: { description: 'Updated', ...json(P.FundingSource) }, ...errors(400, 401, 404) } },
        delete: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'Remove', responses: { 204: { description: 'Removed' }, ...errors(401, 404) } },
      },
      '/v1/shopper/top-ups': {
        post: {
          tags: ['shopper'], security: device, summary: 'Request a top-up through the funding rail; spendable once it settles (the sandbox settles at once, with test money)',
          requestBody: body(P.TopUpRequest), responses: { 200: { description: 'The top-up as it stands, and the balance', ...json(P.TopUpResult) }, ...errors(400, 401, 404, 409, 422, 503) },
        },
      },
      '/v1/shopper/top-ups/{id}': { get: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'One top-up and its state', responses: { 200: { description: 'Top-up', ...json(P.TopUp) }, ...errors(401, 404) } } },
      '/v1/shopper/cards': {
        get: { tags: ['shopper'], security: device, summary: 'Cards (masked)', responses: { 200: { description: 'Cards' }, ...errors(400, 401) } },
        post: { tags: ['shopper'], security: device, summary: 'Issue a proxy card locked to a merchant', requestBody: body(P.IssueCardRequest), responses: { 201: { description: 'Issued, with number and CVC shown once', ...json(P.IssuedCard) }, ...errors(400, 401) } },
      },
      '/v1/shopper/cards/{id}': {
        get: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'One card (masked)', responses: { 200: { description: 'Card', ...json(P.Card) }, ...errors(401, 404) } },
        patch: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'Pause, resume, close, unblock, change mode or limits (leaving card_reader needs password or assertion)', requestBody: body(P.UpdateCardRequest), responses: { 200: { description: 'Card', ...json(P.Card) }, ...errors(400, 401, 403, 404, 409, 429) } },
      },
      '/v1/shopper/cards/{id}/reveal': { post: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'Show number and CVC again (audited)', responses: { 200: { description: 'Card with secrets', ...json(P.IssuedCard) }, ...errors(401, 404, 409) } } },
      '/v1/shopper/authorizations': { get: { tags: ['shopper'], security: device, summary: 'Authorizations on my cards (?status=pending for those awaiting me)', responses: { 200: { description: 'Authorizations' }, ...errors(400, 401) } } },
      '/v1/shopper/authorizations/{id}/decision': {
        post: { tags: ['shopper'], security: device, parameters: [idParam], summary: 'Approve or decline a pending charge', requestBody: body(P.DecisionRequest), responses: { 200: { description: 'Decided (changed=false when repeating the same decision)' }, ...errors(400, 401, 404, 409) } },
      },
      '/v1/shopper/events': { get: { tags: ['shopper'], security: device, summary: 'My audit trail, newest first', responses: { 200: { description: 'Events' }, ...errors(400, 401) } } },
    },
  };
}
