/**
 * The one contract of the provider's HTTP API: every route the provider serves, with
 * its method, path, credentials, request and answer schemas, status and the errors it
 * may give. Three readers hold to it, so they cannot drift apart:
 *   - the provider registers each handler by name from this table (src/provider/routes/register.ts)
 *     and validates request bodies and queries with its schemas;
 *   - /openapi.json is generated from it (src/provider/routes/openapi.ts);
 *   - the extension calls `api.call(name, input)` and parses every answer against
 *     `response` (src/extension/background/api.ts), so a malformed answer is an error in words.
 * A test holds the table equal to the app's routes (test/provider/api-contract.test.ts).
 * A new route is a new entry here first.
 *
 * Paths use OpenAPI's `{param}`; every path parameter is a string. Answers are not
 * parsed on the provider: its hot path stays as fast as before.
 */
import { z } from 'zod';
import {
  AuthorizationRequest,
  Authorization,
  CaptureRequest,
  RefundRequest,
  Refund,
  ReverseRequest,
  WaitQuery,
} from './vendor';
import {
  AddFundingSourceRequest,
  AuditEvent,
  Card,
  DecisionRequest,
  Device,
  FundingSource,
  FxQuote,
  FxQuoteQuery,
  IssueCardRequest,
  IssuedCard,
  ListAuthorizationsQuery,
  ListCardsQuery,
  ListEventsQuery,
  Me,
  ProxyCredential,
  Session,
  ShopperAuthorization,
  SignInRequest,
  SignUpRequest,
  TopUp,
  TopUpRequest,
  TopUpResult,
  UpdateCardRequest,
  UpdateFundingSourceRequest,
} from './shopper';
import {
  RegisterKeyOptionsRequest,
  RegisterKeyVerifyRequest,
  RemoveSecurityKeyRequest,
  SecurityKey,
  WebAuthnOptions,
  WebAuthnPlace,
} from './webauthn';
import {
  AddDeliveryAddressRequest,
  DeliveryAddress,
  DeliveryLabel,
  ResolveRequest,
  UpdateDeliveryAddressRequest,
} from './delivery';
import { RECEIPTS_JWKS_PATH, ReceiptJwks } from './receipts';
import { DigitalFile, DigitalUploadQuery, ListDigitalFilesQuery, ShopperDigitalFile } from './digital';

/** Who may call: nobody in particular, a shopper's device (vd_…), a vendor (vk_…), a courier (ck_…). */
export type Auth = 'none' | 'device' | 'vendor' | 'courier';
export type Audience = 'meta' | 'vendor' | 'courier' | 'shopper';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  audience: Audience;
  auth: Auth;
  summary: string;
  description?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body may be left out (it then reads as `{}`). */
  bodyOptional?: true;
  /** Takes an Idempotency-Key header: retries with the same key get the first answer. */
  idempotent?: true;
  /** The status of a success; 204 has no body. */
  status: 200 | 201 | 204;
  /** The success body's schema; absent with 204. */
  response?: z.ZodType;
  responseText: string;
  /**
   * A streamed binary body instead of JSON (`body`): the bytes go through as they arrive,
   * counted against the route's own size limit, not the provider's small JSON limit; what
   * describes them travels in `query`. Callers pass a stream, bytes or a Blob.
   */
  bodyStream?: BinaryContent;
  /** A streamed binary answer instead of JSON (`response`): callers get the Response to read. */
  responseStream?: BinaryContent;
  /** The error statuses this route may answer (all with ApiErrorBody). */
  errors: readonly number[];
}

export interface BinaryContent {
  mediaType: 'application/octet-stream';
  description: string;
}

/** What a caller may send as a streamed body. */
export type BinaryBody = ReadableStream<Uint8Array> | Uint8Array | Blob;

const list = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  z.object({ [key]: z.array(item) } as { [P in K]: z.ZodArray<T> });

/** The answer to a shopper's decision on a pending charge. */
export const DecisionResult = z.object({
  changed: z.boolean().meta({ description: 'false when repeating the decision already made' }),
  pre_approved: z.boolean(),
  authorization: ShopperAuthorization,
});
export type DecisionResult = z.infer<typeof DecisionResult>;

export const Health = z.object({ ok: z.literal(true), db: z.string() });

export const ROUTES = {
  // The provider itself --------------------------------------------------------
  'meta.health': {
    method: 'GET',
    path: '/healthz',
    audience: 'meta',
    auth: 'none',
    summary: 'Liveness: the database answers',
    status: 200,
    response: Health,
    responseText: 'Up',
    errors: [503],
  },
  'meta.openapi': {
    method: 'GET',
    path: '/openapi.json',
    audience: 'meta',
    auth: 'none',
    summary: 'This document',
    status: 200,
    response: z.record(z.string(), z.unknown()),
    responseText: 'The OpenAPI 3.1 document',
    errors: [],
  },
  'meta.receiptKeys': {
    method: 'GET',
    path: RECEIPTS_JWKS_PATH,
    audience: 'meta',
    auth: 'none',
    summary: 'The public keys that sign receipts (JWKS)',
    description:
      'Ed25519 keys (kty OKP) by kid: the active one first, then every retired one, kept so that old receipts stay verifiable.',
    status: 200,
    response: ReceiptJwks,
    responseText: 'A JSON Web Key Set',
    errors: [503],
  },

  // Vendor API -----------------------------------------------------------------
  'vendor.authorize': {
    method: 'POST',
    path: '/v1/authorizations',
    audience: 'vendor',
    auth: 'vendor',
    summary: 'Validate a charge on a Veil card',
    idempotent: true,
    body: AuthorizationRequest,
    status: 200,
    response: Authorization,
    responseText: 'Decision: approved, declined (with reason) or pending (shopper must confirm)',
    errors: [400, 401, 403, 413, 415, 422],
  },
  'vendor.getAuthorization': {
    method: 'GET',
    path: '/v1/authorizations/{id}',
    audience: 'vendor',
    auth: 'vendor',
    summary: 'Read an authorization; long-poll while pending',
    query: WaitQuery,
    status: 200,
    response: Authorization,
    responseText: 'The authorization',
    errors: [400, 401, 404],
  },
  'vendor.capture': {
    method: 'POST',
    path: '/v1/authorizations/{id}/capture',
    audience: 'vendor',
    auth: 'vendor',
    summary: 'Capture an approved authorization (full or partial; the rest is released)',
    idempotent: true,
    body: CaptureRequest,
    bodyOptional: true,
    status: 200,
    response: Authorization,
    responseText: 'Captured',
    errors: [400, 401, 404, 409, 422],
  },
  'vendor.reverse': {
    method: 'POST',
    path: '/v1/authorizations/{id}/reverse',
    audience: 'vendor',
    auth: 'vendor',
    summary: 'Release an approved or pending authorization without charging',
    idempotent: true,
    body: ReverseRequest,
    bodyOptional: true,
    status: 200,
    response: Authorization,
    responseText: 'Reversed',
    errors: [400, 401, 404, 409, 422],
  },
  'vendor.refund': {
    method: 'POST',
    path: '/v1/refunds',
    audience: 'vendor',
    auth: 'vendor',
    summary: 'Refund part or all of a captured authorization',
    idempotent: true,
    body: RefundRequest,
    status: 200,
    response: Refund,
    responseText: 'Refunded',
    errors: [400, 401, 404, 409, 422],
  },

  // Courier API ----------------------------------------------------------------
  'courier.resolve': {
    method: 'POST',
    path: '/v1/deliveries/resolve',
    audience: 'courier',
    auth: 'courier',
    summary: 'Resolve a parcel reference (purchasing ID) to the delivery label, after capture',
    description:
      'Only for the courier carrying the parcel: the one the vendor named at capture, else the first to resolve the paid reference. For any other courier, or before capture, a real reference answers 404 like an unknown one and counts as a miss.',
    body: ResolveRequest,
    status: 200,
    response: DeliveryLabel,
    responseText: 'The delivery label',
    errors: [400, 401, 404, 409, 429],
  },

  // Digital goods: the vendor uploads sealed files --------------------------------
  'digital.upload': {
    method: 'POST',
    path: '/v1/deliveries/digital',
    audience: 'vendor',
    auth: 'vendor',
    summary: 'Deliver a purchased file, sealed to the shopper’s per-purchase key, after capture',
    description:
      'The body is the sealed file (sealForShopper in the protocol package; format in docs/digital-goods.md), streamed; its exact length is `size`. Only for a captured authorization of this vendor on a card issued with digital delivery. Refused uploads, and uploads cut short, leave nothing stored.',
    query: DigitalUploadQuery,
    bodyStream: { mediaType: 'application/octet-stream', description: 'The sealed file' },
    status: 201,
    response: DigitalFile,
    responseText: 'Stored; the shopper’s extension can fetch it',
    errors: [400, 401, 404, 409, 413, 415],
  },

  // Shopper API: account and devices ---------------------------------------------
  'account.signUp': {
    method: 'POST',
    path: '/v1/shopper/signup',
    audience: 'shopper',
    auth: 'none',
    summary: 'Create an account and enrol this device',
    body: SignUpRequest,
    status: 201,
    response: Session,
    responseText: 'Session',
    errors: [400, 409, 429],
  },
  'account.signIn': {
    method: 'POST',
    path: '/v1/shopper/signin',
    audience: 'shopper',
    auth: 'none',
    summary: 'Sign in and enrol this device',
    body: SignInRequest,
    status: 200,
    response: Session,
    responseText: 'Session',
    errors: [400, 401, 429],
  },
  'account.me': {
    method: 'GET',
    path: '/v1/shopper/me',
    audience: 'shopper',
    auth: 'device',
    summary: 'Account and balance',
    status: 200,
    response: Me,
    responseText: 'Me',
    errors: [401],
  },
  'devices.list': {
    method: 'GET',
    path: '/v1/shopper/devices',
    audience: 'shopper',
    auth: 'device',
    summary: 'Enrolled devices',
    status: 200,
    response: list('devices', Device),
    responseText: 'Devices',
    errors: [401],
  },
  'devices.revoke': {
    method: 'DELETE',
    path: '/v1/shopper/devices/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'Revoke a device token',
    status: 204,
    responseText: 'Revoked',
    errors: [401, 404],
  },

  'proxy.credential': {
    method: 'POST',
    path: '/v1/shopper/proxy-credentials',
    audience: 'shopper',
    auth: 'device',
    summary: 'A short-lived credential for the private-connection proxy',
    description:
      "Basic proxy authentication for the provider's forward proxy, valid for minutes and for this device only: it stops when it expires or the device is revoked (the proxy then answers 407). Fetch a new one before `expires_at`; the device token itself never reaches the proxy.",
    status: 201,
    response: ProxyCredential,
    responseText: 'The credential',
    errors: [401, 503],
  },

  // Funding ---------------------------------------------------------------------
  'funding.list': {
    method: 'GET',
    path: '/v1/shopper/funding-sources',
    audience: 'shopper',
    auth: 'device',
    summary: 'Funding sources (last 4 and brand only)',
    status: 200,
    response: list('funding_sources', FundingSource),
    responseText: 'Sources',
    errors: [401],
  },
  'funding.add': {
    method: 'POST',
    path: '/v1/shopper/funding-sources',
    audience: 'shopper',
    auth: 'device',
    summary: 'Add a card or bank account',
    body: AddFundingSourceRequest,
    status: 201,
    response: FundingSource,
    responseText: 'Added',
    errors: [400, 401],
  },
  'funding.update': {
    method: 'PATCH',
    path: '/v1/shopper/funding-sources/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'Make default or set the limit',
    body: UpdateFundingSourceRequest,
    status: 200,
    response: FundingSource,
    responseText: 'Updated',
    errors: [400, 401, 404],
  },
  'funding.remove': {
    method: 'DELETE',
    path: '/v1/shopper/funding-sources/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'Remove',
    status: 204,
    responseText: 'Removed',
    errors: [401, 404],
  },
  'topUps.request': {
    method: 'POST',
    path: '/v1/shopper/top-ups',
    audience: 'shopper',
    auth: 'device',
    summary:
      'Request a top-up through the funding rail; spendable once it settles (the sandbox settles at once, with test money)',
    body: TopUpRequest,
    status: 200,
    response: TopUpResult,
    responseText: 'The top-up as it stands, and the balance',
    errors: [400, 401, 404, 409, 422, 503],
  },
  'topUps.get': {
    method: 'GET',
    path: '/v1/shopper/top-ups/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'One top-up and its state',
    status: 200,
    response: TopUp,
    responseText: 'Top-up',
    errors: [401, 404],
  },

  // Cards -----------------------------------------------------------------------
  'cards.list': {
    method: 'GET',
    path: '/v1/shopper/cards',
    audience: 'shopper',
    auth: 'device',
    summary: 'Cards (masked)',
    query: ListCardsQuery,
    status: 200,
    response: list('cards', Card),
    responseText: 'Cards',
    errors: [400, 401],
  },
  'cards.issue': {
    method: 'POST',
    path: '/v1/shopper/cards',
    audience: 'shopper',
    auth: 'device',
    summary: 'Issue a proxy card locked to a merchant',
    body: IssueCardRequest,
    status: 201,
    response: IssuedCard,
    responseText: 'Issued, with number and CVC shown once',
    errors: [400, 401, 409],
  },
  'fx.quote': {
    method: 'GET',
    path: '/v1/shopper/fx/quote',
    audience: 'shopper',
    auth: 'device',
    summary: 'The rate a card in one currency drawing on another balance would lock, shown before issuing',
    query: FxQuoteQuery,
    status: 200,
    response: FxQuote,
    responseText: 'Quote',
    errors: [400, 401, 409],
  },
  'cards.get': {
    method: 'GET',
    path: '/v1/shopper/cards/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'One card (masked)',
    status: 200,
    response: Card,
    responseText: 'Card',
    errors: [401, 404],
  },
  'cards.update': {
    method: 'PATCH',
    path: '/v1/shopper/cards/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'Pause, resume, close, unblock, change mode or limits (leaving card_reader needs password or assertion)',
    body: UpdateCardRequest,
    status: 200,
    response: Card,
    responseText: 'Card',
    errors: [400, 401, 403, 404, 409, 429],
  },
  'cards.reveal': {
    method: 'POST',
    path: '/v1/shopper/cards/{id}/reveal',
    audience: 'shopper',
    auth: 'device',
    summary: 'Show number and CVC again (audited)',
    status: 200,
    response: IssuedCard,
    responseText: 'Card with secrets',
    errors: [401, 404, 409],
  },

  // Charges on the shopper's cards ------------------------------------------------
  'authorizations.list': {
    method: 'GET',
    path: '/v1/shopper/authorizations',
    audience: 'shopper',
    auth: 'device',
    summary: 'Authorizations on my cards (?status=pending for those awaiting me)',
    query: ListAuthorizationsQuery,
    status: 200,
    response: list('authorizations', ShopperAuthorization),
    responseText: 'Authorizations',
    errors: [400, 401],
  },
  'authorizations.decide': {
    method: 'POST',
    path: '/v1/shopper/authorizations/{id}/decision',
    audience: 'shopper',
    auth: 'device',
    summary: 'Approve or decline a pending charge',
    body: DecisionRequest,
    status: 200,
    response: DecisionResult,
    responseText: 'Decided (changed=false when repeating the same decision)',
    errors: [400, 401, 404, 409],
  },
  'authorizations.challenge': {
    method: 'POST',
    path: '/v1/shopper/authorizations/{id}/webauthn-challenge',
    audience: 'shopper',
    auth: 'device',
    summary: 'Assertion options bound to one pending charge',
    body: WebAuthnPlace,
    status: 200,
    response: WebAuthnOptions,
    responseText: 'Options and challenge id',
    errors: [400, 401, 404, 409],
  },

  // Delivery addresses -------------------------------------------------------------
  'delivery.list': {
    method: 'GET',
    path: '/v1/shopper/delivery-addresses',
    audience: 'shopper',
    auth: 'device',
    summary: 'Delivery addresses (summaries)',
    status: 200,
    response: list('delivery_addresses', DeliveryAddress),
    responseText: 'Addresses',
    errors: [401],
  },
  'delivery.add': {
    method: 'POST',
    path: '/v1/shopper/delivery-addresses',
    audience: 'shopper',
    auth: 'device',
    summary: 'Add a delivery address (sealed at rest)',
    body: AddDeliveryAddressRequest,
    status: 201,
    response: DeliveryAddress,
    responseText: 'Added',
    errors: [400, 401],
  },
  'delivery.makeDefault': {
    method: 'PATCH',
    path: '/v1/shopper/delivery-addresses/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'Make this the default delivery address',
    body: UpdateDeliveryAddressRequest,
    status: 200,
    response: DeliveryAddress,
    responseText: 'Updated',
    errors: [400, 401, 404],
  },
  'delivery.remove': {
    method: 'DELETE',
    path: '/v1/shopper/delivery-addresses/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'Remove a delivery address',
    status: 204,
    responseText: 'Removed',
    errors: [401, 404],
  },

  // Security keys ---------------------------------------------------------------------
  'keys.list': {
    method: 'GET',
    path: '/v1/shopper/security-keys',
    audience: 'shopper',
    auth: 'device',
    summary: 'Registered security keys',
    status: 200,
    response: list('security_keys', SecurityKey),
    responseText: 'Security keys',
    errors: [401],
  },
  'keys.registerOptions': {
    method: 'POST',
    path: '/v1/shopper/security-keys/options',
    audience: 'shopper',
    auth: 'device',
    summary: 'WebAuthn registration options (needs the password, throttled like sign-in)',
    body: RegisterKeyOptionsRequest,
    status: 200,
    response: WebAuthnOptions,
    responseText: 'Options and challenge id',
    errors: [400, 401, 429],
  },
  'keys.register': {
    method: 'POST',
    path: '/v1/shopper/security-keys',
    audience: 'shopper',
    auth: 'device',
    summary: 'Register the security key',
    body: RegisterKeyVerifyRequest,
    status: 201,
    response: SecurityKey,
    responseText: 'Registered',
    errors: [400, 401, 409],
  },
  'keys.stepUpOptions': {
    method: 'POST',
    path: '/v1/shopper/security-keys/step-up-options',
    audience: 'shopper',
    auth: 'device',
    summary: 'Assertion options for a step-up proof (leaving card-reader mode, removing a key)',
    body: WebAuthnPlace,
    status: 200,
    response: WebAuthnOptions,
    responseText: 'Options and challenge id',
    errors: [400, 401, 409],
  },
  'keys.remove': {
    method: 'DELETE',
    path: '/v1/shopper/security-keys/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'Remove a security key (needs the password or a step-up assertion)',
    body: RemoveSecurityKeyRequest,
    status: 204,
    responseText: 'Removed',
    errors: [400, 401, 403, 404, 429],
  },

  // Digital goods ------------------------------------------------------------------------
  'digital.list': {
    method: 'GET',
    path: '/v1/shopper/digital-files',
    audience: 'shopper',
    auth: 'device',
    summary: 'Files shops delivered for my purchases, not yet deleted (?merchant= for one shop)',
    query: ListDigitalFilesQuery,
    status: 200,
    response: list('files', ShopperDigitalFile),
    responseText: 'Files',
    errors: [400, 401],
  },
  'digital.download': {
    method: 'GET',
    path: '/v1/shopper/digital-files/{id}/content',
    audience: 'shopper',
    auth: 'device',
    summary: 'The sealed file, streamed (open it with the purchase’s private key)',
    status: 200,
    responseStream: { mediaType: 'application/octet-stream', description: 'The sealed file as the shop uploaded it' },
    responseText: 'The sealed file',
    errors: [401, 404],
  },
  'digital.received': {
    method: 'DELETE',
    path: '/v1/shopper/digital-files/{id}',
    audience: 'shopper',
    auth: 'device',
    summary: 'Confirm the file was opened and saved: the provider deletes its copy',
    status: 204,
    responseText: 'Deleted',
    errors: [401, 404],
  },

  // Audit trail -----------------------------------------------------------------------
  'events.list': {
    method: 'GET',
    path: '/v1/shopper/events',
    audience: 'shopper',
    auth: 'device',
    summary: 'My audit trail, newest first',
    query: ListEventsQuery,
    status: 200,
    response: list('events', AuditEvent),
    responseText: 'Events',
    errors: [400, 401],
  },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;

/** `{id: string}` for '/v1/shopper/cards/{id}/reveal'. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? { [K in Name]: string } & PathParams<Rest>
  : unknown;

type InputOf<S, Key extends 'body' | 'query'> = S extends { [K in Key]: infer T extends z.ZodType }
  ? z.input<T>
  : never;

/**
 * What a caller passes for a route: its path parameters, and `query` and `body` where
 * the route takes them (with the schema's input types).
 */
export type CallInput<N extends RouteName> = PathParams<Routes[N]['path']> &
  ([InputOf<Routes[N], 'query'>] extends [never] ? unknown : { query?: InputOf<Routes[N], 'query'> }) &
  ([InputOf<Routes[N], 'body'>] extends [never]
    ? Routes[N] extends { bodyStream: BinaryContent }
      ? { body: BinaryBody }
      : unknown
    : Routes[N] extends { bodyOptional: true }
      ? { body?: InputOf<Routes[N], 'body'> }
      : { body: InputOf<Routes[N], 'body'> });

/** What a route answers on success: its parsed response, or null for 204. */
export type CallOutput<N extends RouteName> = Routes[N] extends { response: infer T extends z.ZodType }
  ? z.output<T>
  : Routes[N] extends { responseStream: BinaryContent }
    ? Response
    : null;

/** The path with its parameters filled in (each URI-encoded). */
export function fillPath(path: string, params: Record<string, unknown>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== 'string') throw new Error(`path parameter ${name} is missing`);
    return encodeURIComponent(value);
  });
}
