/**
 * Card-reader approvals against the provider directly, with Chromium's virtual
 * authenticator making real assertions on a loopback page: a valid assertion
 * approves; the same assertion replayed, or one made for another charge, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openPglite, type Db } from '../../src/provider/db/db';
import { startProvider, type RunningProvider } from '../../src/provider/provider';
import { Harness, TestClock } from '../support/harness';
import { serveFixtures, type StaticServer } from '../fixtures/shop-server';
import { CHROMIUM } from './support/browser';
import { existsSync } from 'node:fs';

describe.skipIf(!existsSync(CHROMIUM))('security-key approvals', () => {
  let db: Db;
  let provider: RunningProvider;
  let h: Harness;
  let site: StaticServer;
  let browser: Browser;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    db = await openPglite();
    provider = await startProvider({ db, masterKey: randomBytes(32), sweepMs: 0 });
    h = new Harness('pglite', db, provider, new TestClock());
    site = await serveFixtures();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    page = await browser.newPage();
    // WebAuthn needs a secure context and a domain RP ID: localhost is both.
    origin = site.origin.replace('127.0.0.1', 'localhost');
    await page.goto(`${origin}/simple-checkout.html`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await provider?.close();
    await db?.close();
  });

  /** Runs navigator.credentials.create/get in the page on JSON options, returning the credential as JSON. */
  async function ceremony(kind: 'create' | 'get', options: Record<string, unknown>): Promise<Record<string, unknown>> {
    return page.evaluate(
      async ({ kind, options }) => {
        const b64 = (s: string) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '=='.slice(0, (4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));
        const enc = (b: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        const o = options as { challenge: string; user?: { id: string }; allowCredentials?: { id: string }[]; excludeCredentials?: { id: string }[] };
        const publicKey = {
          ...o,
          challenge: b64(o.challenge),
          ...(o.user ? { user: { ...o.user, id: b64(o.user.id) } } : {}),
          ...(o.allowCredentials ? { allowCredentials: o.allowCredentials.map((c) => ({ ...c, id: b64(c.id) })) } : {}),
          ...(o.excludeCredentials ? { excludeCredentials: o.excludeCredentials.map((c) => ({ ...c, id: b64(c.id) })) } : {}),
        };
        const cred = (kind === 'create' ? await navigator.credentials.create({ publicKey } as unknown as CredentialCreationOptions) : await navigator.credentials.get({ publicKey } as unknown as CredentialRequestOptions)) as PublicKeyCredential;
        const r = cred.response as AuthenticatorAttestationResponse & AuthenticatorAssertionResponse;
        const response: Record<string, string> = { clientDataJSON: enc(r.clientDataJSON) };
        if (kind === 'create') response.attestationObject = enc(r.attestationObject);
        else {
          response.authenticatorData = enc(r.authenticatorData);
          response.signature = enc(r.signature);
          if (r.userHandle) response.userHandle = enc(r.userHandle);
        }
        return { id: cred.id, rawId: enc(cred.rawId), type: cred.type, response, clientExtensionResults: {} };
      },
      { kind, options },
    );
  }

  it('approves with a fresh bound assertion; refuses a replay and an assertion for another charge', async () => {
    const place = { rp_id: 'localhost', origin };
    const v = await h.vendor();
    const s = await h.shopper(100_00);
    // Registering needs the password again.
    const badPw = await h.request('POST', '/v1/shopper/security-keys/options', { token: s.token, body: { ...place, name: 'Key', password: 'wrong password!' } });
    expect(badPw.status).toBe(401);
    const reg = await h.request<{ challenge_id: string; options: Record<string, unknown> }>('POST', '/v1/shopper/security-keys/options', { token: s.token, body: { ...place, name: 'Key', password: 'a long enough password' } });
    const credential = await ceremony('create', reg.body.options);
    const saved = await h.request('POST', '/v1/shopper/security-keys', { token: s.token, body: { challenge_id: reg.body.challenge_id, credential } });
    expect(saved.status).toBe(201);

    const cardA = await h.issue(s.token, { mode: 'card_reader' });
    const cardB = await h.issue(s.token, { mode: 'card_reader' });
    const a = (await h.authorize(v, cardA, 10_00)).body;
    const b = (await h.authorize(v, cardB, 90_00)).body;
    expect(a.reason).toBe('P1');

    const chA = await h.request<{ challenge_id: string; options: Record<string, unknown> }>('POST', `/v1/shopper/authorizations/${a.id}/webauthn-challenge`, { token: s.token, body: place });
    const assertionA = { challenge_id: chA.body.challenge_id, credential: await ceremony('get', chA.body.options) };

    // Swapped: A's assertion offered for B.
    const swapped = await h.request<{ error: { message: string } }>('POST', `/v1/shopper/authorizations/${b.id}/decision`, { token: s.token, body: { decision: 'approve', assertion: assertionA } });
    expect(swapped.status).toBe(403);
    expect(swapped.body.error.message).toMatch(/another charge/);
    expect((await h.request('GET', `/v1/authorizations/${b.id}`, { token: v.key })).body.status).toBe('pending');

    const ok = await h.request<{ authorization: { status: string } }>('POST', `/v1/shopper/authorizations/${a.id}/decision`, { token: s.token, body: { decision: 'approve', assertion: assertionA } });
    expect(ok.status).toBe(200);
    expect(ok.body.authorization.status).toBe('approved');

    // Replayed: the same assertion again, now for B (its challenge is spent).
    const replay = await h.request('POST', `/v1/shopper/authorizations/${b.id}/decision`, { token: s.token, body: { decision: 'approve', assertion: assertionA } });
    expect(replay.status).toBe(409);
    // A tampered assertion for B's own challenge fails verification.
    const chB = await h.request<{ challenge_id: string; options: Record<string, unknown> }>('POST', `/v1/shopper/authorizations/${b.id}/webauthn-challenge`, { token: s.token, body: place });
    const credB = await ceremony('get', chB.body.options);
    const response = credB.response as Record<string, string>;
    const tampered = { ...credB, response: { ...response, signature: response.signature!.slice(0, -4) + 'AAAA' } };
    const bad = await h.request('POST', `/v1/shopper/authorizations/${b.id}/decision`, { token: s.token, body: { decision: 'approve', assertion: { challenge_id: chB.body.challenge_id, credential: tampered } } });
    expect(bad.status).toBe(403);
    expect((await h.request('GET', `/v1/authorizations/${b.id}`, { token: v.key })).body.status).toBe('pending');
    expect(await h.ledgerProblems()).toEqual([]);
  });
});
