/**
 * Which sites go through Veil's private connection, and the PAC script that says so
 * to Chrome. Pure: the shopper's choices and the cached cards in, a plan out.
 *
 * A site is private when the shopper turned it on in the popup, or, without a choice
 * for that site, by the default from the options page: `card-sites` makes every
 * merchant with a Veil card private, `always` every site. A private merchant's payment
 * frames (the curated providers' and those it declared) go through the proxy with it,
 * so the payment provider does not see the shopper's address either. Nothing else is
 * proxied, and the provider itself never is (its API is how credentials are fetched).
 */
import { KNOWN_PAYMENT_FRAME_ORIGINS } from '../../../protocol/payment-frames';

export type PrivateDefault = 'off' | 'card-sites' | 'always';

export interface PrivatePrefs {
  default: PrivateDefault;
  /** Per-site choices from the popup, by origin: true on, false off (whatever the default). */
  sites: Record<string, boolean>;
}

export interface PlanCard {
  merchantOrigin: string;
  paymentFrames: readonly string[];
}

export interface PrivatePlan {
  /** Every http(s) site except `except`. */
  all: boolean;
  /** With `all` false: the origins to proxy. */
  origins: string[];
  /** Never proxied: sites turned off, and the provider. */
  except: string[];
}

export function isPrivate(prefs: PrivatePrefs, origin: string, cards: readonly PlanCard[]): boolean {
  const choice = prefs.sites[origin];
  if (choice !== undefined) return choice;
  if (prefs.default === 'always') return true;
  return prefs.default === 'card-sites' && cards.some((c) => c.merchantOrigin === origin);
}

export function privatePlan(prefs: PrivatePrefs, cards: readonly PlanCard[], providerOrigin: string): PrivatePlan {
  const off = Object.entries(prefs.sites)
    .filter(([, on]) => !on)
    .map(([o]) => o);
  const except = [...new Set([...off, providerOrigin])];
  if (prefs.default === 'always') return { all: true, origins: [], except };
  const merchants = new Set(Object.keys(prefs.sites).filter((o) => isPrivate(prefs, o, cards)));
  for (const c of cards) if (isPrivate(prefs, c.merchantOrigin, cards)) merchants.add(c.merchantOrigin);
  const origins = new Set<string>();
  for (const m of merchants) {
    origins.add(m);
    for (const p of KNOWN_PAYMENT_FRAME_ORIGINS) origins.add(p);
    for (const c of cards) if (c.merchantOrigin === m) for (const p of c.paymentFrames) origins.add(p);
  }
  for (const o of except) origins.delete(o);
  return { all: false, origins: [...origins].sort(), except };
}

export function planIsEmpty(plan: PrivatePlan): boolean {
  return !plan.all && plan.origins.length === 0;
}

/** ws: and wss: travel as http: and https: (a WebSocket goes to its page's origin). */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url.replace(/^ws(s?):/i, 'http$1:'));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export function proxied(plan: PrivatePlan, url: string): boolean {
  const origin = originOf(url);
  if (!origin || plan.except.includes(origin)) return false;
  return plan.all || plan.origins.includes(origin);
}

/**
 * Chrome's PAC script for the plan: `PROXY host:port` for the plan's origins, DIRECT
 * for everything else. No DIRECT after the proxy: when the proxy is unreachable a
 * private site fails to load (and the popup says why) instead of going direct and
 * showing the shop the shopper's address. Chrome strips https URLs to the origin
 * before calling the script; the origin is cut from the URL the same way for both.
 */
export function pacScript(plan: PrivatePlan, proxy: string): string {
  const set = (origins: string[]) => JSON.stringify(Object.fromEntries(origins.map((o) => [o, 1])));
  return `var ALL = ${plan.all}, ORIGINS = ${set(plan.origins)}, EXCEPT = ${set(plan.except)};
function FindProxyForURL(url, host) {
  var m = /^(https?|wss?):\\/\\/([^\\/?#]+)/i.exec(url);
  if (!m) return 'DIRECT';
  var scheme = m[1].toLowerCase().replace('wss', 'https').replace('ws', 'http');
  var authority = m[2].toLowerCase().replace(/^[^@]*@/, '');
  if ((scheme === 'https' && /:443$/.test(authority)) || (scheme === 'http' && /:80$/.test(authority)))
    authority = authority.replace(/:\\d+$/, '');
  var origin = scheme + '://' + authority;
  if (EXCEPT[origin]) return 'DIRECT';
  return ALL || ORIGINS[origin] ? ${JSON.stringify(`PROXY ${proxy}`)} : 'DIRECT';
}`;
}
