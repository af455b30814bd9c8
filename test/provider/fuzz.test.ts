/**
 * Property-based fuzzing of every endpoint the provider serves (read from the app's
 * own route table, so endpoints added later are fuzzed too). Every case is wrong in
 * at least one way that must refuse it — authentication, the id in the path, the
 * body, or the query — and random in every other way: truncated, oversized, wrongly
 * typed or wrongly encoded bodies, junk and hostile headers. The properties: a 4xx
 * answer, never a 5xx, and no change to any table.
 *
 * "No change" counts the rows of every table (and the balances), except the two
 * that record attacks by design: throttles and security_events.
 */
import { beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { IssuedCard } from '../../src/protocol';
import { createApp } from '../../src/provider/app';
import { describeEachDb, type Harness } from '../support/harness';

interface Route {
  method: string;
  path: string;
  audience: 'vendor' | 'shopper' | 'other';
  authenticated: boolean;
  readsBody: boolean;
  readsQuery: boolean;
}

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Sends exactly these bytes and headers (fetch would refuse or rewrite some of them). */
function send(base: string, c: Case): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...c.headers };
    if (c.body) headers['content-length'] = String(c.body.length);
    const req = request(new URL(c.path, base), { method: c.method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(c.body);
  });
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...ALNUM), minLength: min, maxLength: max });
/** Header-safe text: tab, visible ASCII and latin-1, which is what HTTP/1.1 can carry. */
const headerText = fc.string({
  unit: fc
    .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
    .map((n) => String.fromCharCode(n)),
  maxLength: 300,
});

/** Valid bodies for the endpoints we know, to mutate one field at a time. */
const SAMPLES: Record<string, (ctx: Fixtures) => Record<string, unknown>> = {
  'POST /v1/authorizations': (f) => ({
    card: { ...f.attackerCard.secrets },
    amount: 1_00,
    currency: 'USD',
    merchant: { name: 'Shop', origin: 'https://shop.example' },
  }),
  'POST /v1/authorizations/:id/capture': () => ({ amount: 1_00 }),
  'POST /v1/refunds': (f) => ({ authorization_id: f.victimAuthId, amount: 1_00 }),
  'POST /v1/shopper/signup': () => ({
    email: `f${randomBytes(4).toString('hex')}@example.com`,
    password: 'a long enough password',
    device_name: 'fuzz',
  }),
  'POST /v1/shopper/signin': (f) => ({
    email: f.attackerEmail,
    password: 'a long enough password',
    device_name: 'fuzz',
  }),
  'POST /v1/shopper/cards': () => ({ merchant: { origin: 'https://shop.example' }, cap: 10_00 }),
  'POST /v1/shopper/top-ups': () => ({ amount: 1_00, currency: 'USD' }),
  'POST /v1/shopper/funding-sources': () => ({
    kind: 'card',
    number: '4242424242424242',
    exp_month: 12,
    exp_year: 2099,
    holder: 'Fuzz',
  }),
  'PATCH /v1/shopper/cards/:id': () => ({ state: 'paused' }),
  'POST /v1/shopper/authorizations/:id/decision': () => ({ decision: 'approve' }),
};

interface Fixtures {
  vendorKey: string;
  deviceToken: string;
  attackerEmail: string;
  attackerCard: IssuedCard;
  victimAuthId: string;
  /** Real ids that belong to someone else: using them must look exactly like "not found". */
  victimIds: string[];
}

/** A JSON value of a different type than `v`. */
const otherType = (v: unknown): fc.Arbitrary<unknown> => {
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 20 })],
    [
      'number',
      fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e300, -0, 2 ** 63)),
    ],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })],
  ];
  const type = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  return fc.oneof(...all.filter(([t]) => t !== type).map(([, a]) => a));
};

/** Paths to every leaf of a JSON object. */
const leaves = (o: Record<string, unknown>, prefix: string[] = []): string[][] =>
  Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? leaves(v as Record<string, unknown>, [...prefix, k])
      : [[...prefix, k]],
  );
const setPath = (o: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> => {
  const [head, ...rest] = path;
  return { ...o, [head!]: rest.length ? setPath(o[head!] as Record<string, unknown>, rest, value) : value };
};

/** Bodies no endpoint that reads a JSON body can accept. */
const badBody = (sample: Record<string, unknown> | undefined): fc.Arbitrary<{ bytes: Buffer; type: string }> => {
  const json = (text: string, type = 'application/json') => ({ bytes: Buffer.from(text), type });
  const options: fc.Arbitrary<{ bytes: Buffer; type: string }>[] = [
    // Not JSON at all, or JSON that is not an object.
    fc
      .string({ maxLength: 200 })
      .filter((t) => {
        try {
          JSON.parse(t);
          return false;
        } catch {
          return true;
        }
      })
      .map((t) => json(t)),
    fc
      .oneof(
        fc.integer(),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
      )
      .map((v) => json(JSON.stringify(v))),
    // An object with a field no schema knows.
    fc
      .tuple(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([o, v]) => json(JSON.stringify({ ...o, x_fuzz_unknown: v }))),
    // Bytes that are not UTF-8.
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => ({
      bytes: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from(b), Buffer.from('"}')]),
      type: 'application/json',
    })),
    // Over the 16 kB body limit.
    fc.integer({ min: 16 * 1024 + 1, max: 64 * 1024 }).map((n) => json(JSON.stringify({ pad: 'x'.repeat(n) }))),
  ];
  if (sample) {
    const text = JSON.stringify(sample);
    options.push(
      // Truncated anywhere.
      fc.integer({ min: 1, max: text.length - 1 }).map((n) => json(text.slice(0, n))),
      // One field, at any depth, of the wrong type.
      fc
        .constantFrom(...leaves(sample))
        .chain((path) =>
          otherType(path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], sample)).map((v) =>
            json(JSON.stringify(setPath(sample, path, v))),
          ),
        ),
      // Right JSON, wrong media type or encoding.
      fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/jsonx',
          '',
        )
        .map((type) => json(text, type)),
      fc.constant({ bytes: Buffer.from(text, 'utf16le'), type: 'application/json; charset=utf-16' }),
    );
  }
  return fc.oneof(...options);
};

const RUNS = { auth: 300, id: 300, body: 600, query: 150, junk: 100 };

describeEachDb(
  'fuzzing every endpoint',
  (h) => {
    let routes: Route[];
    let f: Fixtures;
    let fingerprint: () => Promise<string>;

    beforeAll(async () => {
      // The attacker: a vendor and a shopper of their own. The victim: another of each, with real ids.
      const vendor = await h().vendor();
      const attacker = await h().shopper(50_00);
      const attackerCard = await h().issue(attacker.token);
      const victimVendor = await h().vendor();
      const victim = await h().shopper(50_00);
      const victimCard = await h().issue(victim.token, { mode: 'confirmation' });
      const victimAuth = await h().authorize(victimVendor, victimCard, 1_00);
      const sources = await h().request<{ funding_sources: { id: string }[] }>('GET', '/v1/shopper/funding-sources', {
        token: victim.token,
      });
      f = {
        vendorKey: vendor.key,
        deviceToken: attacker.token,
        attackerEmail: attacker.email,
        attackerCard,
        victimAuthId: victimAuth.body.id,
        victimIds: [
          victimCard.id,
          victim.deviceId,
          victimAuth.body.id,
          ...sources.body.funding_sources.map((s) => s.id),
        ],
      };

      const tables = (
        await h().db.query<{ t: string }>(
          "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('throttles', 'security_events') ORDER BY 1",
        )
      ).map((r) => r.t);
      const sql = `SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}")::text`).join(" || ',' || ")} || ',' || coalesce((SELECT sum(balance * id) FROM ledger_accounts), 0)::text AS f`;
      fingerprint = async () => (await h().db.query<{ f: string }>(sql))[0]!.f;

      // The route table, and what each route checks, found by asking it.
      const seen = new Set<string>();
      routes = [];
      for (const r of createApp(h().ctx, { publicUrl: () => h().url }).routes) {
        if (
          !['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method) ||
          r.path.includes('*') ||
          seen.has(`${r.method} ${r.path}`)
        )
          continue;
        seen.add(`${r.method} ${r.path}`);
        const audience = r.path.startsWith('/v1/shopper/')
          ? 'shopper'
          : /^\/v1\/(authorizations|refunds)/.test(r.path)
            ? 'vendor'
            : 'other';
        const path = r.path.replace(/:\w+/g, `zz_${'Q'.repeat(22)}`);
        const token = audience === 'vendor' ? f.vendorKey : audience === 'shopper' ? f.deviceToken : undefined;
        const noAuth = await send(h().url, { method: r.method, path, headers: {} });
        const withBody =
          token && r.method !== 'GET'
            ? await send(h().url, {
                method: r.method,
                path,
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: Buffer.from('['),
              })
            : undefined;
        const withQuery =
          token && r.method === 'GET' && !r.path.includes(':')
            ? await send(h().url, {
                method: r.method,
                path: `${path}?x_fuzz=1`,
                headers: { authorization: `Bearer ${token}` },
              })
            : undefined;
        routes.push({
          method: r.method,
          path: r.path,
          audience,
          authenticated: noAuth.status === 401,
          readsBody: withBody?.status === 400 && /invalid_json/.test(withBody.text),
          readsQuery: withQuery?.status === 400,
        });
      }
      expect(routes.length).toBeGreaterThan(20);
      console.log(
        `[fuzz ${h().kind}] routes: ${routes.map((r) => `${r.method} ${r.path}${r.authenticated ? '' : ' (public)'}${r.readsBody ? ' [body]' : ''}${r.readsQuery ? ' [query]' : ''}`).join('; ')}`,
      );
    });

    const tokenFor = (r: Route) =>
      r.audience === 'vendor' ? f.vendorKey : r.audience === 'shopper' ? f.deviceToken : undefined;
    /** An id that is not the caller's: junk, well-formed but unknown, or someone else's real one. */
    const badId = () =>
      fc.oneof(
        alnum(1, 60),
        fc.constantFrom(...f.victimIds),
        alnum(22, 22).map((s) => `card_${s}`),
        alnum(22, 22).map((s) => `auth_${s}`),
        fc.constantFrom('..', '%2e%2e', '%00', "x'%3B--", '%F0%9F%92%B3', '%ZZ', 'a'.repeat(2000)),
      );
    const fillPath = (r: Route, id: fc.Arbitrary<string>) =>
      fc.tuple(...(r.path.match(/:\w+/g) ?? []).map(() => id)).map((ids) => {
        let i = 0;
        return r.path.replace(/:\w+/g, () => ids[i++]!);
      });
    const noise = fc.record({
      extra: fc.dictionary(
        alnum(1, 12).map((k) => `x-fuzz-${k}`),
        headerText,
        { maxKeys: 3 },
      ),
      idempotency: fc.option(fc.oneof(headerText, alnum(1, 40)), { nil: undefined }),
      query: fc.option(
        fc
          .dictionary(alnum(1, 8), fc.string({ maxLength: 20 }), { maxKeys: 3 })
          .map((q) => new URLSearchParams(q).toString()),
        { nil: undefined },
      ),
    });
    const anyBody = (r: Route) => fc.option(badBody(SAMPLES[`${r.method} ${r.path}`]?.(f)), { nil: undefined });
    const build = (
      r: Route,
      path: string,
      auth: string | undefined,
      n: { extra: Record<string, string>; idempotency?: string | undefined; query?: string | undefined },
      body?: { bytes: Buffer; type: string },
      query?: string,
    ): Case => ({
      method: r.method,
      path: path + (query ?? (n.query ? `?${n.query}` : '')),
      headers: {
        ...n.extra,
        ...(auth !== undefined ? { authorization: auth } : {}),
        ...(n.idempotency !== undefined ? { 'idempotency-key': n.idempotency } : {}),
        ...(body && body.type ? { 'content-type': body.type } : {}),
      },
      ...(body ? { body: body.bytes } : {}),
    });

    let initial: string;
    async function check(c: Case, counts: Record<string, number>, kind: string) {
      initial ??= await fingerprint();
      const res = await send(h().url, c);
      expect(
        res.status,
        `${c.method} ${c.path.slice(0, 120)} → ${res.status} ${res.text.slice(0, 200)}`,
      ).toBeGreaterThanOrEqual(400);
      expect(res.status, `${c.method} ${c.path.slice(0, 120)} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(
        500,
      );
      // Nothing may change, ever: each case is compared with the state before the first.
      expect(await fingerprint(), `${c.method} ${c.path.slice(0, 120)} changed state`).toBe(initial);
      counts[kind] = (counts[kind] ?? 0) + 1;
    }

    it('answers every malformed, unauthenticated or foreign request with a 4xx and changes nothing', async () => {
      const counts: Record<string, number> = {};
      const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
      const authed = routes.filter((r) => r.authenticated);
      const withIds = routes.filter((r) => r.path.includes(':') && tokenFor(r));
      const bodies = routes.filter((r) => r.readsBody && tokenFor(r));
      const queries = routes.filter((r) => r.readsQuery && tokenFor(r));

      // Wrong credentials: none, junk, another audience's, an unknown key of the right shape.
      const wrongAuth = (r: Route) =>
        fc.option(
          fc.oneof(
            headerText,
            fc.constant('Basic dXNlcjpwYXNz'),
            alnum(10, 60).map((s) => `Bearer ${s}`),
            alnum(43, 43).map((s) => `Bearer ${r.audience === 'vendor' ? 'vk' : 'vd'}_${s}`),
            fc.constant(`Bearer ${r.audience === 'vendor' ? f.deviceToken : f.vendorKey}`),
          ),
          { nil: undefined },
        );
      await fc.assert(
        fc.asyncProperty(
          pick(authed).chain((r) =>
            fc.tuple(
              fc.constant(r),
              fillPath(
                r,
                fc.oneof(
                  badId(),
                  alnum(22, 22).map((s) => `card_${s}`),
                ),
              ),
              wrongAuth(r),
              noise,
              anyBody(r),
            ),
          ),
          async ([r, path, auth, n, body]) => check(build(r, path, auth, n, body ?? undefined), counts, 'auth'),
        ),
        { numRuns: RUNS.auth },
      );

      // The caller's own valid credentials, an id that is not theirs, any body.
      const anyValidOrBadBody = (r: Route) => {
        const sample = SAMPLES[`${r.method} ${r.path}`];
        return fc.option(
          fc.oneof(
            badBody(sample?.(f)),
            ...(sample
              ? [fc.constant({ bytes: Buffer.from(JSON.stringify(sample(f))), type: 'application/json' })]
              : []),
          ),
          { nil: undefined },
        );
      };
      await fc.assert(
        fc.asyncProperty(
          pick(withIds).chain((r) => fc.tuple(fc.constant(r), fillPath(r, badId()), noise, anyValidOrBadBody(r))),
          async ([r, path, n, body]) =>
            check(build(r, path, `Bearer ${tokenFor(r)}`, n, body ?? undefined), counts, 'foreign or unknown id'),
        ),
        { numRuns: RUNS.id },
      );

      // Valid credentials, a body no schema accepts.
      await fc.assert(
        fc.asyncProperty(
          pick(bodies).chain((r) =>
            fc.tuple(fc.constant(r), fillPath(r, badId()), noise, badBody(SAMPLES[`${r.method} ${r.path}`]?.(f))),
          ),
          async ([r, path, n, body]) => check(build(r, path, `Bearer ${tokenFor(r)}`, n, body), counts, 'body'),
        ),
        { numRuns: RUNS.body },
      );

      // Valid credentials, a query string with a parameter no endpoint knows, among random ones.
      if (queries.length > 0) {
        await fc.assert(
          fc.asyncProperty(
            pick(queries).chain((r) =>
              fc.tuple(
                fc.constant(r),
                noise,
                fc.dictionary(alnum(1, 8), fc.string({ maxLength: 30 }), { maxKeys: 3 }),
                fc.string({ maxLength: 30 }),
              ),
            ),
            async ([r, n, q, v]) =>
              check(
                build(
                  r,
                  r.path,
                  `Bearer ${tokenFor(r)}`,
                  n,
                  undefined,
                  `?${new URLSearchParams({ ...q, x_fuzz: v }).toString()}`,
                ),
                counts,
                'query',
              ),
          ),
          { numRuns: RUNS.query },
        );
      }

      // Paths and methods nobody serves.
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
          fc.array(alnum(1, 12), { minLength: 1, maxLength: 4 }),
          noise,
          async (method, segments, n) =>
            check(
              {
                method,
                path: `/v1/x-${segments.join('/')}`,
                headers: { ...n.extra, authorization: `Bearer ${f.deviceToken}` },
              },
              counts,
              'unknown route',
            ),
        ),
        { numRuns: RUNS.junk },
      );

      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      console.log(
        `[fuzz ${h().kind}] ${total} cases over ${routes.length} routes: ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
      expect(total).toBe(RUNS.auth + RUNS.id + RUNS.body + (queries.length > 0 ? RUNS.query : 0) + RUNS.junk);
    }, 240_000);
  },
  { policy: { signinPerEmail: { max: 1_000_000, windowS: 60 }, signinPerAddress: { max: 1_000_000, windowS: 60 } } },
);

export type { Harness };
