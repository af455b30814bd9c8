/**
 * Digital goods over real HTTP: the vendor learns the per-purchase key once approved,
 * uploads a sealed file after capture, the shopper lists, fetches and confirms it; every
 * refusal is a clear 4xx that leaves nothing stored; an interrupted upload leaves
 * nothing; the retention sweep deletes; each step is in the shopper's audit trail.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/harness';
import {
  generateDeliveryKeyPair,
  openFromShop,
  sealForShopper,
  sealedSize,
  type Authorization,
  type DigitalFile,
  type ShopperDigitalFile,
} from '../../src/protocol';
import { sweep } from '../../src/provider/authorizations/sweep';

const MARKER = 'VEIL-PLAINTEXT-MARKER-7f3a';
const LIMIT = 256 * 1024;

function plaintext(n: number): Uint8Array {
  const text = new TextEncoder().encode(`${MARKER} `);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = text[i % text.length]!;
  return out;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

describeEachDb(
  'digital goods',
  (h) => {
    afterEach(async () => expect(await h().ledgerProblems()).toEqual([]));

    /** A shopper with a digital-delivery card, a vendor, an approved (uncaptured) charge. */
    async function purchase(opts: { digital?: boolean } = {}) {
      const keys = await generateDeliveryKeyPair();
      const s = await h().shopper(100_00);
      const v = await h().vendor();
      const card = await h().issue(s.token, {
        ...(opts.digital === false ? {} : { delivery: { digital_public_key: b64url(keys.publicKey) } }),
      });
      const auth = await h().authorize(v, card, 12_00);
      expect(auth.status).toBe(200);
      return { keys, s, v, card, auth: auth.body };
    }

    const capture = (v: { key: string }, id: string) =>
      h().request<Authorization>('POST', `/v1/authorizations/${id}/capture`, { token: v.key, body: {} });

    async function upload(
      key: string,
      authorizationId: string,
      body: Uint8Array,
      opts: { size?: number; name?: string; type?: string; headers?: Record<string, string>; chunked?: boolean } = {},
    ) {
      const q = new URLSearchParams({
        authorization_id: authorizationId,
        file_name: opts.name ?? 'novel.epub',
        media_type: 'application/epub+zip',
        size: String(opts.size ?? body.length),
      });
      const res = await fetch(`${h().url}/v1/deliveries/digital?${q}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': opts.type ?? 'application/octet-stream',
          ...opts.headers,
        },
        // A stream is sent chunked (no Content-Length): the provider counts what arrives.
        body: opts.chunked ? new Blob([body as Uint8Array<ArrayBuffer>]).stream() : body,
        ...(opts.chunked ? { duplex: 'half' } : {}),
      } as RequestInit);
      return { status: res.status, body: (await res.json()) as DigitalFile & { error?: { message: string } } };
    }

    const seal = async (publicKey: Uint8Array, plain: Uint8Array) =>
      bytesOf(await sealForShopper(publicKey, new Blob([plain as Uint8Array<ArrayBuffer>]).stream()));

    /** What "nothing stored" means: no row, no event of the kind, no blob or temp file. */
    async function stored() {
      const [files] = await h().db.query<{ n: number }>('SELECT count(*)::int AS n FROM digital_files');
      const [uploads] = await h().db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM events WHERE kind = 'digital.uploaded'",
      );
      return { files: files!.n, uploads: uploads!.n, blobs: await h().ctx.blobs.list() };
    }

    it('tells the vendor the reference and key once approved, and only for a digital-delivery card', async () => {
      const { keys, card, auth } = await purchase();
      expect(auth.status).toBe('approved');
      expect(auth.delivery).toEqual({ reference: card.purchasing_id, public_key: b64url(keys.publicKey) });
      expect(card.digital_public_key).toBe(b64url(keys.publicKey));
      const plain = await purchase({ digital: false });
      expect(plain.auth.delivery).toBeUndefined();
      // A declined try (wrong CVC) learns nothing of the purchase.
      const declined = await h().authorize(plain.v, card, 1_00, { cvc: card.secrets.cvc === '000' ? '001' : '000' });
      expect(declined.body.status).toBe('declined');
      expect(declined.body.delivery).toBeUndefined();
    });

    it('relays the sealed file after capture: listed, fetched, opened, confirmed and deleted, each audited', async () => {
      const { keys, s, v, card, auth } = await purchase();
      const plain = plaintext(200_000);
      const sealed = await seal(keys.publicKey, plain);
      expect(sealed.length).toBe(sealedSize(plain.length));
      expect((await capture(v, auth.id)).status).toBe(200);

      const up = await upload(v.key, auth.id, sealed);
      expect(up.status).toBe(201);
      expect(up.body).toMatchObject({ authorization_id: auth.id, file_name: 'novel.epub', size: sealed.length });

      // The provider holds ciphertext only: no marker in the blob, the row or the events.
      const blobs = await h().ctx.blobs.list();
      expect(blobs).toEqual([up.body.id]);
      const blob = await h().ctx.blobs.read(up.body.id);
      expect(Buffer.from(await bytesOf(blob!.stream)).includes(MARKER)).toBe(false);
      const rows = await h().db.query<{ t: string }>(
        "SELECT (SELECT string_agg(to_jsonb(f)::text, '') FROM digital_files f) || (SELECT string_agg(to_jsonb(e)::text, '') FROM events e) AS t",
      );
      expect(rows[0]!.t).not.toContain(MARKER);

      const list = await h().request<{ files: ShopperDigitalFile[] }>(
        'GET',
        `/v1/shopper/digital-files?merchant=${encodeURIComponent(v.origin)}`,
        { token: s.token },
      );
      expect(list.body.files).toEqual([
        expect.objectContaining({
          id: up.body.id,
          card_id: card.id,
          purchasing_id: card.purchasing_id,
          downloaded_at: null,
        }),
      ]);
      const other = await h().request<{ files: unknown[] }>(
        'GET',
        '/v1/shopper/digital-files?merchant=https%3A%2F%2Felsewhere.example',
        { token: s.token },
      );
      expect(other.body.files).toEqual([]);

      const res = await fetch(`${h().url}/v1/shopper/digital-files/${up.body.id}/content`, {
        headers: { authorization: `Bearer ${s.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(sealed.length));
      const opened = await bytesOf(openFromShop(keys.privateKey, res.body!));
      expect(Buffer.from(opened).equals(Buffer.from(plain))).toBe(true);

      // Another shopper cannot fetch or delete it.
      const stranger = await h().shopper(0);
      const theirs = await fetch(`${h().url}/v1/shopper/digital-files/${up.body.id}/content`, {
        headers: { authorization: `Bearer ${stranger.token}` },
      });
      expect(theirs.status).toBe(404);
      await theirs.body?.cancel();
      expect(
        (await h().request('DELETE', `/v1/shopper/digital-files/${up.body.id}`, { token: stranger.token })).status,
      ).toBe(404);

      expect((await h().request('DELETE', `/v1/shopper/digital-files/${up.body.id}`, { token: s.token })).status).toBe(
        204,
      );
      expect(await h().ctx.blobs.list()).toEqual([]);
      const after = await h().request<{ files: unknown[] }>('GET', '/v1/shopper/digital-files', { token: s.token });
      expect(after.body.files).toEqual([]);
      const gone = await fetch(`${h().url}/v1/shopper/digital-files/${up.body.id}/content`, {
        headers: { authorization: `Bearer ${s.token}` },
      });
      expect(gone.status).toBe(404);
      await gone.body?.cancel();

      const kinds = (await h().events(s.token)).filter((e) => e.kind.startsWith('digital.'));
      expect(kinds.map((e) => [e.kind, e.detail.file_id, e.detail.why])).toEqual([
        ['digital.deleted', up.body.id, 'downloaded'],
        ['digital.downloaded', up.body.id, undefined],
        ['digital.uploaded', up.body.id, undefined],
      ]);
    });

    it('refuses uploads before capture, from another vendor, without digital delivery, over the limit or mis-sized, storing nothing', async () => {
      const { keys, v, auth } = await purchase();
      const sealed = await seal(keys.publicKey, plaintext(5000));
      const before = await stored();
      const refusals: [string, Promise<{ status: number; body: { error?: { message: string } } }>, number, RegExp][] =
        [];
      refusals.push(['before capture', upload(v.key, auth.id, sealed), 409, /after capture.*approved/]);
      await capture(v, auth.id);
      const otherVendor = await h().vendor('https://other.example', 'Other Shop');
      refusals.push(['another vendor', upload(otherVendor.key, auth.id, sealed), 404, /authorization not found/]);
      const plain = await purchase({ digital: false });
      await capture(plain.v, plain.auth.id);
      refusals.push([
        'no digital delivery',
        upload(plain.v.key, plain.auth.id, sealed),
        409,
        /not made with digital delivery/,
      ]);
      refusals.push([
        'declared over the limit',
        upload(v.key, auth.id, new Uint8Array(LIMIT + 1), { headers: {} }),
        413,
        /limited to 262144 bytes/,
      ]);
      refusals.push([
        'Content-Length unlike size',
        upload(v.key, auth.id, sealed, { size: sealed.length + 1 }),
        400,
        /Content-Length \d+ is not the declared size/,
      ]);
      refusals.push([
        'streamed longer than declared',
        upload(v.key, auth.id, sealed, { size: sealed.length - 1, chunked: true }),
        413,
        /longer than the declared size/,
      ]);
      refusals.push([
        'streamed shorter than declared',
        upload(v.key, auth.id, sealed, { size: sealed.length + 1, chunked: true }),
        400,
        /ended after/,
      ]);
      refusals.push(['not binary', upload(v.key, auth.id, sealed, { type: 'application/json' }), 415, /octet-stream/]);
      refusals.push(['a path as name', upload(v.key, auth.id, sealed, { name: '../x' }), 400, /file_name/]);
      refusals.push(['no vendor key', upload('vk_notarealkey000', auth.id, sealed), 401, /vendor key/]);
      for (const [what, answer, status, message] of refusals) {
        const res = await answer;
        expect(res.status, what).toBe(status);
        expect(res.body.error?.message, what).toMatch(message);
      }
      expect(await stored()).toEqual(before);
    });

    it('an upload cut off mid-body leaves nothing: no row, no blob, no temp file', async () => {
      const { keys, v, auth } = await purchase();
      await capture(v, auth.id);
      const sealed = await seal(keys.publicKey, plaintext(100_000));
      const before = await stored();
      const url = new URL(
        `${h().url}/v1/deliveries/digital?authorization_id=${auth.id}&file_name=a.epub&media_type=application/epub%2Bzip&size=${sealed.length}`,
      );
      const until = async (done: (blobs: string[]) => boolean) => {
        // Bounded waits on the store's state, never on time alone.
        for (let i = 0; i < 400 && !done(await h().ctx.blobs.list()); i++) await new Promise((r) => setTimeout(r, 25));
      };
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${v.key}`,
          'content-type': 'application/octet-stream',
          'content-length': String(sealed.length),
        },
      });
      const closed = new Promise<void>((resolve) => req.on('close', () => resolve()));
      req.on('error', () => undefined);
      req.write(sealed.subarray(0, 50_000));
      // The provider is writing the first half to its temp file when the client goes away.
      await until((blobs) => blobs.some((b) => b.startsWith('tmp/')));
      expect((await h().ctx.blobs.list()).filter((b) => b.startsWith('tmp/'))).toHaveLength(1);
      req.destroy();
      await closed;
      await until((blobs) => blobs.length === 0);
      expect(await stored()).toEqual(before);
      // And the purchase can still be delivered.
      expect((await upload(v.key, auth.id, sealed)).status).toBe(201);
    });

    it('the sweep deletes files past the retention, audited, and not before', async () => {
      // Files the tests before left are past it first.
      h().clock.advance(3601);
      await sweep(h().ctx);
      const { keys, s, v, auth } = await purchase();
      await capture(v, auth.id);
      const up = await upload(v.key, auth.id, await seal(keys.publicKey, plaintext(10)));
      expect(up.status).toBe(201);
      h().clock.advance(3600 - 1);
      expect((await sweep(h().ctx)).files).toBe(0);
      h().clock.advance(2);
      expect((await sweep(h().ctx)).files).toBe(1);
      expect(await h().ctx.blobs.list()).toEqual([]);
      const deleted = (await h().events(s.token)).find((e) => e.kind === 'digital.deleted');
      expect(deleted?.detail).toMatchObject({ file_id: up.body.id, why: 'retention' });
    });
  },
  { policy: { digitalMaxBytes: LIMIT, digitalRetentionS: 3600 } },
);
