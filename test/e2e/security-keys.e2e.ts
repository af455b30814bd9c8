/**
 * Card-reader approvals against the provider directly, with Chromium's virtual
 * authenticator making real assertions on a loopback page: a valid assertion
 * approves; the same assertion replayed, or one made for another charge, is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, TestClock } from '../support/harness';
import { asChromium, browserAvailable, type Tab } from './support/browser';
import { bootE2e, type E2e } from './support/boot';

describe.skipIf(!browserAvailable())('security-key approvals', () => {
  let e2e: E2e;
  let h: Harness;
  let page: Tab;
  let origin: string;

  // The provider's API driven directly (no wallet): the browser only makes the WebAuthn ceremonies.
  beforeAll(async () => {
    e2e = await bootE2e({ browser: 'chromium' });
    h = new Harness('pglite', e2e.db, e2e.provider, new TestClock());
    const site = await e2e.pages();
    page = await e2e.ext.newTab();
    // WebAuthn needs a secure context and a domain RP ID: localhost is both.
    origin = site.origin.replace('127.0.0.1', 'localhost');
    await page.goto(`${origin}/simple-checkout.html`);
    const chromium = asChromium(e2e.ext);
    const cdp = await chromium.context.newCDPSession(chromium.pageOf(page));
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
  });

  afterAll(() => e2e?.close());

  /** Runs navigator.credentials.create/get in the page on JSON options, returning the credential as JSON. */
  async function ceremony(kind: 'create' | 'get', options: Record<string, unknown>): Promise<Record<string, unknown>> {
    return page.evaluate(
      async ({ kind, options }) => {
        const b64 = (s: string) =>
          Uint8Array.from(
            atob(s.replace(/-/g, '+').replace(/_/g, '/') + '=='.slice(0, (4 - (s.length % 4)) % 4)),
            (c) => c.charCodeAt(0),
          );
        const enc = (b: ArrayBuffer) =>
          btoa(String.fromCharCode(...new Uint8Array(b)))
            .replace(/\+/g, '-')
            .replace(/\//g, '_')
            .replace(/=+$/, '');
        const o = options as {
          challenge: string;
          user?: { id: string };
          allowCredentials?: { id: string }[];
          excludeCredentials?: { id: string }[];
        };
        const publicKey = {
          ...o,
          challenge: b64(o.challenge),
          ...(o.user ? { user: { ...o.user, id: b64(o.user.id) } } : {}),
          ...(o.allowCredentials ? { allowCredentials: o.allowCredentials.map((c) => ({ ...c, id: b64(c.id) })) } : {}),
          ...(o.excludeCredentials
            ? { excludeCredentials: o.excludeCredentials.map((c) => ({ ...c, id: b64(c.id) })) }
            : {}),
        };
        const cred = (
          kind === 'create'
            ? await navigator.credentials.create({ publicKey } as unknown as CredentialCreationOptions)
            : await navigator.credentials.get({ publicKey } as unknown as CredentialRequestOptions)
        ) as PublicKeyCredential;
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
    const badPw = await h.request('POST', '/v1/shopper/security-keys/options', {
      token: s.token,
      body: { ...place, name: 'Key', password: 'wrong password!' },
    });
    expect(badPw.status).toBe(401);
    const reg = await h.request<{ challenge_id: string; options: Record<string, unknown> }>(
      'POST',
      '/v1/shopper/security-keys/options',
      { token: s.token, body: { ...place, name: 'Key', password: 'a long enough password' } },
    );
    const credential = await ceremony('create', reg.body.options);
    const saved = await h.request('POST', '/v1/shopper/security-keys', {
      token: s.token,
      body: { challenge_id: reg.body.challenge_id, credential },
    });
    expect(saved.status).toBe(201);

    const cardA = await h.issue(s.token, { mode: 'card_reader' });
    const cardB = await h.issue(s.token, { mode: 'card_reader' });
    const a = (await h.authorize(v, cardA, 10_00)).body;
    const b = (await h.authorize(v, cardB, 90_00)).body;
    expect(a.reason).toBe('P1');

    const chA = await h.request<{ challenge_id: string; options: Record<string, unknown> }>(
      'POST',
      `/v1/shopper/authorizations/${a.id}/webauthn-challenge`,
      { token: s.token, body: place },
    );
    const assertionA = { challenge_id: chA.body.challenge_id, credential: await ceremony('get', chA.body.options) };

    // Swapped: A's assertion offered for B.
    const swapped = await h.request<{ error: { message: string } }>(
      'POST',
      `/v1/shopper/authorizations/${b.id}/decision`,
      { token: s.token, body: { decision: 'approve', assertion: assertionA } },
    );
    expect(swapped.status).toBe(403);
    expect(swapped.body.error.message).toMatch(/another charge/);
    expect((await h.request('GET', `/v1/authorizations/${b.id}`, { token: v.key })).body.status).toBe('pending');

    const ok = await h.request<{ authorization: { status: string } }>(
      'POST',
      `/v1/shopper/authorizations/${a.id}/decision`,
      { token: s.token, body: { decision: 'approve', assertion: assertionA } },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.authorization.status).toBe('approved');

    // Replayed: the same assertion again, now for B (its challenge is spent).
    const replay = await h.request('POST', `/v1/shopper/authorizations/${b.id}/decision`, {
      token: s.token,
      body: { decision: 'approve', assertion: assertionA },
    });
    expect(replay.status).toBe(409);
    // A tampered assertion for B's own challenge fails verification.
    const chB = await h.request<{ challenge_id: string; options: Record<string, unknown> }>(
      'POST',
      `/v1/shopper/authorizations/${b.id}/webauthn-challenge`,
      { token: s.token, body: place },
    );
    const credB = await ceremony('get', chB.body.options);
    const response = credB.response as Record<string, string>;
    const tampered = { ...credB, response: { ...response, signature: response.signature!.slice(0, -4) + 'AAAA' } };
    const bad = await h.request('POST', `/v1/shopper/authorizations/${b.id}/decision`, {
      token: s.token,
      body: { decision: 'approve', assertion: { challenge_id: chB.body.challenge_id, credential: tampered } },
    });
    expect(bad.status).toBe(403);
    expect((await h.request('GET', `/v1/authorizations/${b.id}`, { token: v.key })).body.status).toBe('pending');
    expect(await h.ledgerProblems()).toEqual([]);
  });

  it('card-reader protection cannot be removed with the device token alone: leaving the mode or removing a key needs a step-up assertion or the password', async () => {
    const place = { rp_id: 'localhost', origin };
    const v = await h.vendor();
    const s = await h.shopper(100_00);
    const reg = await h.request<{ challenge_id: string; options: Record<string, unknown> }>(
      'POST',
      '/v1/shopper/security-keys/options',
      { token: s.token, body: { ...place, name: 'Key', password: 'a long enough password' } },
    );
    const saved = await h.request<{ id: string }>('POST', '/v1/shopper/security-keys', {
      token: s.token,
      body: { challenge_id: reg.body.challenge_id, credential: await ceremony('create', reg.body.options) },
    });
    const card = await h.issue(s.token, { mode: 'card_reader' });
    const mode = async () =>
      (await h.request<{ mode: string }>('GET', `/v1/shopper/cards/${card.id}`, { token: s.token })).body.mode;
    const patch = (body: Record<string, unknown>) =>
      h.request<{ mode?: string; error?: { code: string } }>('PATCH', `/v1/shopper/cards/${card.id}`, {
        token: s.token,
        body,
      });
    const keys = async () =>
      (await h.request<{ security_keys: unknown[] }>('GET', '/v1/shopper/security-keys', { token: s.token })).body
        .security_keys.length;

    // The device token alone: refused, nothing changes, and a 1A charge still needs the key.
    expect((await patch({ mode: 'notification' })).status).toBe(403);
    expect((await h.request('DELETE', `/v1/shopper/security-keys/${saved.body.id}`, { token: s.token })).status).toBe(
      403,
    );
    expect(await mode()).toBe('card_reader');
    expect(await keys()).toBe(1);
    const oneA = await h.request<{ id: string; reason: string }>('POST', '/v1/authorizations', {
      token: v.key,
      body: {
        card: {
          number: card.secrets.number,
          exp_month: card.secrets.exp_month,
          exp_year: card.secrets.exp_year,
          cvc: card.secrets.cvc,
        },
        amount: 10_00,
        currency: 'USD',
        merchant: { name: 'Shop', origin: v.origin },
        wait: false,
      },
    });
    expect(oneA.body.reason).toBe('1A');
    expect(
      (
        await h.request('POST', `/v1/shopper/authorizations/${oneA.body.id}/decision`, {
          token: s.token,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(409);
    // Malformed proofs are 400; a wrong password is 401.
    expect((await patch({ mode: 'notification', password: '' })).status).toBe(400);
    expect(
      (
        await h.request('DELETE', `/v1/shopper/security-keys/${saved.body.id}`, {
          token: s.token,
          body: { pin: '1234' },
        })
      ).status,
    ).toBe(400);
    expect((await patch({ mode: 'notification', password: 'wrong password!' })).status).toBe(401);
    // An approval challenge's assertion cannot stand in for a step-up.
    const approval = await h.request<{ challenge_id: string; options: Record<string, unknown> }>(
      'POST',
      `/v1/shopper/authorizations/${oneA.body.id}/webauthn-challenge`,
      { token: s.token, body: place },
    );
    const approvalAssertion = {
      challenge_id: approval.body.challenge_id,
      credential: await ceremony('get', approval.body.options),
    };
    expect((await patch({ mode: 'notification', assertion: approvalAssertion })).status).toBe(400);
    expect(await mode()).toBe('card_reader');

    // A fresh step-up assertion: the mode may change; the assertion is spent.
    const up = await h.request<{ challenge_id: string; options: Record<string, unknown> }>(
      'POST',
      '/v1/shopper/security-keys/step-up-options',
      { token: s.token, body: place },
    );
    const stepUp = { challenge_id: up.body.challenge_id, credential: await ceremony('get', up.body.options) };
    expect((await patch({ mode: 'notification', assertion: stepUp })).body.mode).toBe('notification');
    expect((await patch({ mode: 'card_reader' })).status).toBe(200);
    expect((await patch({ mode: 'notification', assertion: stepUp })).status).toBe(409);
    // The password: the key may go, and the check is a security event.
    expect(
      (
        await h.request('DELETE', `/v1/shopper/security-keys/${saved.body.id}`, {
          token: s.token,
          body: { password: 'a long enough password' },
        })
      ).status,
    ).toBe(204);
    expect(await keys()).toBe(0);
    const logged = await e2e.db.query<{ kind: string; detail: { purpose?: string } }>(
      "SELECT kind, detail FROM security_events WHERE shopper_id = $1 AND kind LIKE 'password.%' ORDER BY id",
      [s.id],
    );
    expect(logged.map((r) => [r.kind, r.detail.purpose])).toEqual([
      ['password.verified', 'security_key_registration'],
      ['password.failed', 'card_reader_exit'],
      ['password.verified', 'security_key_removal'],
    ]);
  });
});
