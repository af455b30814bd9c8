/** Charges waiting for the shopper, the shopper's answer, and the security keys that can give it. */
import type { SecurityKey, ShopperAuthorization } from '../../../protocol';
import type { WebAuthnOptionsJson } from '../../messages';
import type { Handlers } from '../router';
import { asDevice } from '../session';

type ConfirmHandlers = Pick<Handlers, 'confirm.pending' | 'confirm.decide' | 'confirm.challenge' | 'keys.list' | 'keys.registerOptions' | 'keys.register' | 'keys.remove'>;

const path = (id: string) => encodeURIComponent(id);

export const confirmHandlers: ConfirmHandlers = {
  'confirm.pending': async () => (await asDevice<{ authorizations: ShopperAuthorization[] }>('/v1/shopper/authorizations?status=pending')).authorizations,
  'confirm.decide': ({ id, decision, assertion }) =>
    asDevice(`/v1/shopper/authorizations/${path(id)}/decision`, { method: 'POST', body: { decision, ...(assertion ? { assertion } : {}) } }),
  'confirm.challenge': ({ id, rp_id, origin }) =>
    asDevice<{ challenge_id: string; options: WebAuthnOptionsJson }>(`/v1/shopper/authorizations/${path(id)}/webauthn-challenge`, { method: 'POST', body: { rp_id, origin } }),
  'keys.list': async () => (await asDevice<{ security_keys: SecurityKey[] }>('/v1/shopper/security-keys')).security_keys,
  'keys.registerOptions': (req) => asDevice('/v1/shopper/security-keys/options', { method: 'POST', body: req }),
  'keys.register': (req) => asDevice<SecurityKey>('/v1/shopper/security-keys', { method: 'POST', body: req }),
  'keys.remove': async ({ id, password }) => {
    await asDevice(`/v1/shopper/security-keys/${path(id)}`, { method: 'DELETE', body: { password } });
    return null;
  },
};
