/** The shopper API, used by the Veil extension on an enrolled device (routes named in src/protocol/api.ts). */
import { Hono } from 'hono';
import {
  approvalOptions,
  listSecurityKeys,
  registerSecurityKey,
  registrationOptions,
  removeSecurityKey,
} from '../webauthn/security-keys';
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
import { quote } from '../fx/rates';
import { decide, listForShopper } from '../authorizations/shopper-decision';
import { serveRoutes } from './register';
import { issueProxyCredential } from '../proxy/access';
import { confirmReceived, downloadFile, listFiles } from '../digital/files';

export const SHOPPER_MOUNT = '/v1/shopper';

export function shopperRoutes(ctx: ProviderContext) {
  const app = new Hono<Env>();
  const serve = serveRoutes(app, SHOPPER_MOUNT);

  serve('account.signUp', async (c, r) =>
    c.json(await signUp(ctx, await readJson(c, r.body), clientAddress(c)), r.status),
  );
  serve('account.signIn', async (c, r) =>
    c.json(await signIn(ctx, await readJson(c, r.body), clientAddress(c)), r.status),
  );

  // Every other path here, known or not, needs a device token (an unknown one answers 401, not 404).
  app.use('*', deviceAuth(ctx));
  serve('account.me', async (c) => c.json(await me(ctx, c.var.device)));

  serve('digital.list', async (c, r) => {
    const { merchant } = readQuery(c, r.query);
    return c.json({ files: await listFiles(ctx, c.var.device, merchant) });
  });
  serve('digital.download', async (c, r) => {
    const { file, size, stream } = await downloadFile(ctx, c.var.device, pathId(c, 'id', 'file'));
    return c.body(stream, r.status, {
      'content-type': r.responseStream.mediaType,
      'content-length': String(size),
      // The name the shop gave, for tools; the extension saves under it after opening the file.
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.file_name)}`,
      'cache-control': 'no-store',
    });
  });
  serve('digital.received', async (c, r) => {
    await confirmReceived(ctx, c.var.device, pathId(c, 'id', 'file'));
    return c.body(null, r.status);
  });

  serve('devices.list', async (c) => c.json({ devices: await listDevices(ctx, c.var.device) }));
  serve('devices.revoke', async (c, r) => {
    await revokeDevice(ctx, c.var.device, pathId(c, 'id', 'device'));
    return c.body(null, r.status);
  });

  serve('proxy.credential', async (c, r) => c.json(await issueProxyCredential(ctx, c.var.device), r.status));

  serve('funding.list', async (c) => c.json({ funding_sources: await listFundingSources(ctx, c.var.device) }));
  serve('funding.add', async (c, r) =>
    c.json(await addFundingSource(ctx, c.var.device, await readJson(c, r.body)), r.status),
  );
  serve('funding.update', async (c, r) => {
    const id = pathId(c, 'id', 'funding source');
    return c.json(await updateFundingSource(ctx, c.var.device, id, await readJson(c, r.body)));
  });
  serve('funding.remove', async (c, r) => {
    await removeFundingSource(ctx, c.var.device, pathId(c, 'id', 'funding source'));
    return c.body(null, r.status);
  });
  serve('topUps.request', async (c, r) => c.json(await requestTopUp(ctx, c.var.device, await readJson(c, r.body))));
  serve('topUps.get', async (c) => c.json(await getTopUp(ctx, c.var.device, pathId(c, 'id', 'top-up'))));

  serve('cards.list', async (c, r) => c.json({ cards: await listCards(ctx, c.var.device, readQuery(c, r.query)) }));
  serve('cards.issue', async (c, r) => c.json(await issueCard(ctx, c.var.device, await readJson(c, r.body)), r.status));
  serve('fx.quote', async (c, r) => c.json(await quote(ctx, readQuery(c, r.query))));
  serve('cards.get', async (c) => c.json(await getCard(ctx, c.var.device, pathId(c, 'id', 'card'))));
  serve('cards.update', async (c, r) => {
    const id = pathId(c, 'id', 'card');
    return c.json(await updateCard(ctx, c.var.device, id, await readJson(c, r.body), clientAddress(c)));
  });
  serve('cards.reveal', async (c) => c.json(await revealCard(ctx, c.var.device, pathId(c, 'id', 'card'))));

  serve('authorizations.list', async (c, r) =>
    c.json({ authorizations: await listForShopper(ctx, c.var.device, readQuery(c, r.query)) }),
  );
  serve('authorizations.decide', async (c, r) => {
    const id = pathId(c, 'id', 'authorization');
    const { decision, assertion } = await readJson(c, r.body);
    return c.json(await decide(ctx, c.var.device, id, decision, assertion));
  });
  serve('authorizations.challenge', async (c, r) => {
    const id = pathId(c, 'id', 'authorization');
    return c.json(await approvalOptions(ctx, c.var.device, id, await readJson(c, r.body)));
  });

  serve('delivery.list', async (c) => c.json({ delivery_addresses: await listAddresses(ctx, c.var.device) }));
  serve('delivery.add', async (c, r) =>
    c.json(await addAddress(ctx, c.var.device, await readJson(c, r.body)), r.status),
  );
  serve('delivery.makeDefault', async (c, r) => {
    const id = pathId(c, 'id', 'delivery address');
    await readJson(c, r.body);
    return c.json(await makeDefaultAddress(ctx, c.var.device, id));
  });
  serve('delivery.remove', async (c, r) => {
    await removeAddress(ctx, c.var.device, pathId(c, 'id', 'delivery address'));
    return c.body(null, r.status);
  });

  serve('keys.list', async (c) => c.json({ security_keys: await listSecurityKeys(ctx, c.var.device) }));
  serve('keys.registerOptions', async (c, r) =>
    c.json(await registrationOptions(ctx, c.var.device, await readJson(c, r.body), clientAddress(c))),
  );
  serve('keys.register', async (c, r) =>
    c.json(await registerSecurityKey(ctx, c.var.device, await readJson(c, r.body)), r.status),
  );
  serve('keys.stepUpOptions', async (c, r) =>
    c.json(await stepUpOptions(ctx, c.var.device, await readJson(c, r.body))),
  );
  serve('keys.remove', async (c, r) => {
    // Credential ids are the authenticator's (base64url), not ours: their own shape check.
    const id = c.req.param('id') ?? '';
    if (!/^[A-Za-z0-9_-]{8,1024}$/.test(id)) throw new HttpError(404, 'not_found', 'security key not found');
    await removeSecurityKey(ctx, c.var.device, id, await readJson(c, r.body), clientAddress(c));
    return c.body(null, r.status);
  });

  serve('events.list', async (c, r) =>
    c.json({ events: await listEvents(ctx.db, c.var.device.shopperId, readQuery(c, r.query)) }),
  );

  return app;
}
