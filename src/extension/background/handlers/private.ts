/** The private connection's settings and state, for the popup's per-site switch and the options page's default. */
import type { PrivateState } from '../../messages';
import type { Handlers } from '../router';
import { cardsFor, getSetting, privateTrouble, setSetting } from '../../store';
import { isPrivate } from '../private/plan';
import { applyPrivateConnection, proxyReachable } from '../private/apply';
import { currentCredential } from '../private/credential';

type PrivateHandlers = Pick<Handlers, 'private.state' | 'private.setSite' | 'private.setDefault'>;

/** A failure older than this is history, not the current state. */
const TROUBLE_FRESH_MS = 5 * 60_000;
const DEFAULTS = ['off', 'card-sites', 'always'] as const;

function checkOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error('A private connection is chosen per site: open the shop first.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error('Only web sites can use the private connection.');
  return url.origin;
}

async function stateOf(origin: string | null): Promise<PrivateState> {
  const prefs = await getSetting('privateConnection');
  const cards = origin ? await cardsFor(origin) : [];
  const on = origin ? isPrivate(prefs, origin, cards) : false;
  // Fetching a credential also learns whether the provider runs a proxy, and where.
  const cred = on ? await currentCredential() : undefined;
  const proxy = cred?.proxy ?? null;
  const reachable = proxy ? await proxyReachable(proxy) : false;
  const trouble = await privateTrouble.get();
  return {
    origin,
    on,
    default: prefs.default,
    proxy,
    reachable,
    credential: cred !== undefined,
    trouble: trouble && Date.now() - trouble.at < TROUBLE_FRESH_MS ? trouble.reason : null,
  };
}

export const privateHandlers: PrivateHandlers = {
  'private.state': ({ origin }) => stateOf(origin ? checkOrigin(origin) : null),

  'private.setSite': async ({ origin, on }) => {
    const site = checkOrigin(origin);
    const prefs = await getSetting('privateConnection');
    await setSetting('privateConnection', { ...prefs, sites: { ...prefs.sites, [site]: on } });
    await privateTrouble.remove();
    if (on) await currentCredential();
    await applyPrivateConnection();
    return stateOf(site);
  },

  'private.setDefault': async ({ default: choice }) => {
    if (!DEFAULTS.includes(choice)) throw new Error('Choose off, on for sites where you use a Veil card, or always.');
    const prefs = await getSetting('privateConnection');
    await setSetting('privateConnection', { ...prefs, default: choice });
    if (choice !== 'off') await currentCredential();
    await applyPrivateConnection();
    return { default: choice };
  },
};
