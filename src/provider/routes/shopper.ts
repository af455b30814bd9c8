/** The shopper API, used by the Veil extension on an enrolled device. */
import { Hono } from 'hono';
import {
  AddFundingSourceRequest, DecisionRequest, IssueCardRequest, ListAuthorizationsQuery, ListCardsQuery, ListEventsQuery,
  SignInRequest, SignUpRequest, TopUpRequest, UpdateCardRequest, UpdateFundingSourceRequest,
  RegisterKeyOptionsRequest, RegisterKeyVerifyRequest, RemoveSecurityKeyRequest, WebAuthnPlace, AddDeliveryAddressRequest, UpdateDeliveryAddressRequest,
} from '../../protocol';
import { approvalOptions, listSecurityKeys, registerSecurityKey, registrationOptions, removeSecurityKey } from '../webauthn/security-keys';
import { stepUpOptions } from '../webauthn/step-up';
import { HttpError } from '../http/errors';
import { addAddress, listAddresses, makeDefaultAddress, removeAddress } from '../delivery/addresses';

import type { ProviderContext } from '../context';
import { clientAddress, deviceAuth, type Env } from '../http/auth';
import { pathId, readJson, readQuery } from '../http/parse';
import { listDevices, me, revokeDevice, signIn, signUp } from '../shoppers/accounts';
import { addFundingSource, listFundingSources, removeFundingSource, updateFundingSource } from '../shoppers/funding';
import { getTopUp, requestTopUp } from '../funding/top-ups';
import { getCard, issueCard, listCards, revealCard, updateCard } from '../issuing/cards';
import { listEvents } from '../audit/events';
import { decide, listForShopper } from '../authorizations/shopper-decision';

export function shopperRoutes(ctx: ProviderContext) {
  const app = new Hono<Env>();

  app.post('/signup', async (c) => c.json(await signUp(ctx, await readJson(c, SignUpRequest), clientAddress(c)), 201));
  app.post('/signin', async (c) => c.json(await signIn(ctx, await readJson(c, SignInRequest), clientAddress(c))));

  app.use('*', deviceAuth(ctx));
  app.get('/me', async (c) => c.json(await me(ctx, c.var.device)));

  app.get('/devices', async (c) => c.json({ devices: await listDevices(ctx, c.var.device) }));
  app.delete('/devices/:id', async (c) => {
    await revokeDevice(ctx, c.var.device, pathId(c, 'id', 'device'));
    return c.body(null, 204);
  });

  app.get('/funding-sources', async (c) => c.json({ funding_sources: await listFundingSources(ctx, c.var.device) }));
  app.post('/funding-sources', async (c) => c.json(await addFundingSource(ctx, c.var.device, await readJson(c, AddFundingSourceRequest)), 201));
  app.patch('/funding-sources/:id', async (c) => {
    const id = pathId(c, 'id', 'funding source');
    return c.json(await updateFundingSource(ctx, c.var.device, id, await readJson(c, UpdateFundingSourceRequest)));
  });
  app.delete('/funding-sources/:id', async (c) => {
    await removeFundingSource(ctx, c.var.device, pathId(c, 'id', 'funding source'));
    return c.body(null, 204);
  });
  app.post('/top-ups', async (c) => c.json(await requestTopUp(ctx, c.var.device, await readJson(c, TopUpRequest))));
  app.get('/top-ups/:id', async (c) => c.json(await getTopUp(ctx, c.var.device, pathId(c, 'id', 'top-up'))));

  app.get('/cards', async (c) => c.json({ cards: await listCards(ctx, c.var.device, readQuery(c, ListCardsQuery)) }));
  app.post('/cards', async (c) => c.json(await issueCard(ctx, c.var.device, await readJson(c, IssueCardRequest)), 201));
  app.get('/cards/:id', async (c) => c.json(await getCard(ctx, c.var.device, pathId(c, 'id', 'card'))));
  app.patch('/cards/:id', async (c) => {
    const id = pathId(c, 'id', 'card');
    return c.json(await updateCard(ctx, c.var.device, id, await readJson(c, UpdateCardRequest), clientAddress(c)));
  });
  app.post('/cards/:id/reveal', async (c) => c.json(await revealCard(ctx, c.var.device, pathId(c, 'id', 'card'))));

  app.get('/authorizations', async (c) => c.json({ authorizations: await listForShopper(ctx, c.var.device, readQuery(c, ListAuthorizationsQuery)) }));
  app.post('/authorizations/:id/decision', async (c) => {
    const id = pathId(c, 'id', 'authorization');
    const { decision, assertion } = await readJson(c, DecisionRequest);
    return c.json(await decide(ctx, c.var.device, id, decision, assertion));
  });
  app.post('/authorizations/:id/webauthn-challenge', async (c) => {
    const id = pathId(c, 'id', 'authorization');
    return c.json(await approvalOptions(ctx, c.var.device, id, await readJson(c, WebAuthnPlace)));
  });

  app.get('/delivery-addresses', async (c) => c.json({ delivery_addresses: await listAddresses(ctx, c.var.device) }));
  app.post('/delivery-addresses', async (c) => c.json(await addAddress(ctx, c.var.device, await readJson(c, AddDeliveryAddressRequest)), 201));
  app.patch('/delivery-addresses/:id', async (c) => {
    const id = pathId(c, 'id', 'delivery address');
    await readJson(c, UpdateDeliveryAddressRequest);
    return c.json(await makeDefaultAddress(ctx, c.var.device, id));
  });
  app.delete('/delivery-addresses/:id', async (c) => {
    await removeAddress(ctx, c.var.device, pathId(c, 'id', 'delivery address'));
    return c.body(null, 204);
  });

  app.get('/security-keys', async (c) => c.json({ security_keys: await listSecurityKeys(ctx, c.var.device) }));
  app.post('/security-keys/options', async (c) => c.json(await registrationOptions(ctx, c.var.device, await readJson(c, RegisterKeyOptionsRequest), clientAddress(c))));
  app.post('/security-keys', async (c) => c.json(await registerSecurityKey(ctx, c.var.device, await readJson(c, RegisterKeyVerifyRequest)), 201));
  app.post('/security-keys/step-up-options', async (c) => c.json(await stepUpOptions(ctx, c.var.device, await readJson(c, WebAuthnPlace))));
  app.delete('/security-keys/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[A-Za-z0-9_-]{8,1024}$/.test(id)) throw new HttpError(404, 'not_found', 'security key not found');
    await removeSecurityKey(ctx, c.var.device, id, await readJson(c, RemoveSecurityKeyRequest), clientAddress(c));
    return c.body(null, 204);
  });

  app.get('/events', async (c) => c.json({ events: await listEvents(ctx.db, c.var.device.shopperId, readQuery(c, ListEventsQuery)) }));

  return app;
}
