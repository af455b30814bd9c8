/** Digital goods: the shop's sealed files for the shopper's purchases, and what a page needs to open one. */
import { ROUTES, fillPath } from '../../../protocol';
import type { Handlers } from '../router';
import { api } from '../api';
import { digitalKeyId, getSecret, getSetting } from '../../store';
import { deviceSecret, requireKey } from '../session';

type DigitalHandlers = Pick<Handlers, 'digital.list' | 'digital.access' | 'digital.received'>;

export const digitalHandlers: DigitalHandlers = {
  'digital.list': async ({ merchant }) =>
    (await api.call('digital.list', { query: merchant ? { merchant } : {} })).files,

  // The router answers this to the extension's own pages only (never a content script):
  // the page streams the file from the provider and opens it with the purchase's key.
  'digital.access': async ({ id }) => {
    const key = await requireKey();
    const { files } = await api.call('digital.list', { query: {} });
    const file = files.find((f) => f.id === id);
    if (!file) throw new Error('This file is no longer on offer: it was saved already or its time ran out.');
    const privateKey = await getSecret(key, digitalKeyId(file.card_id));
    if (!privateKey)
      throw new Error('This device does not hold the key for that purchase (it was made on another one).');
    const secret = await deviceSecret(key);
    if (!secret) throw new Error('Sign in to your Veil account on the options page first.');
    const url = new URL(fillPath(ROUTES['digital.download'].path, { id }), await getSetting('providerUrl')).href;
    return { url, authorization: `Bearer ${secret.token}`, privateKey };
  },

  'digital.received': async ({ id }) => {
    await api.call('digital.received', { id });
    return null;
  },
};
