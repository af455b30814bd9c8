import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhooks';

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'whd_1', authorization: { id: 'auth_x', status: 'approved' } });
  it('verifies its own signature within the tolerance', async () => {
    const header = await signWebhook('whsec_a', body, 1_800_000_000);
    expect(await verifyWebhook('whsec_a', body, header, 1_800_000_100)).toEqual({ ok: true });
  });
  it('refuses another secret, a changed body, an old timestamp, and junk', async () => {
    const header = await signWebhook('whsec_a', body, 1_800_000_000);
    expect(await verifyWebhook('whsec_b', body, header, 1_800_000_000)).toEqual({ ok: false, why: 'bad_signature' });
    expect(await verifyWebhook('whsec_a', body.replace('approved', 'declined'), header, 1_800_000_000)).toEqual({
      ok: false,
      why: 'bad_signature',
    });
    expect(await verifyWebhook('whsec_a', body, header, 1_800_000_000 + 301)).toEqual({ ok: false, why: 'stale' });
    const moved = header.replace('t=1800000000', 't=1800000500');
    expect(await verifyWebhook('whsec_a', body, moved, 1_800_000_500)).toEqual({ ok: false, why: 'bad_signature' });
    expect(await verifyWebhook('whsec_a', body, 'v1=abc', 1_800_000_000)).toEqual({ ok: false, why: 'malformed' });
  });
});
