/** Plausible values of what the background answers, for component tests; each takes overrides. */
import type { Card, FundingSource, Me, SecurityKey, ShopperAuthorization } from '../../../protocol';
import type { SessionState, TabCheckout } from '../../messages';

const IN_A_DAY = () => new Date(Date.now() + 24 * 3600_000).toISOString();

export const session = (o: Partial<SessionState> = {}): SessionState => ({
  providerUrl: 'http://127.0.0.1:8787',
  signedIn: true,
  email: 'sam@example.com',
  vaultCreated: true,
  unlocked: true,
  unlockKeys: 0,
  ...o,
});

export const me = (o: Partial<Me> = {}): Me => ({
  id: 'shp_1',
  email: 'sam@example.com',
  currency: 'USD',
  balance: 100_00,
  held: 0,
  pending: 0,
  owed: 0,
  test_money: false,
  balances: [{ currency: 'USD', available: 100_00, held: 0, pending: 0, owed: 0 }],
  ...o,
});

export const card = (o: Partial<Card> = {}): Card => ({
  id: 'card_1',
  purchasing_id: 'VL-1234-5678',
  last4: '4321',
  brand: 'visa',
  exp_month: 12,
  exp_year: 2030,
  mode: 'notification',
  state: 'active',
  merchant: { origin: 'https://shop.example', name: 'Shop' },
  currency: 'USD',
  cap: 50_00,
  uses_allowed: 1,
  uses_count: 0,
  period_limit: null,
  period: null,
  confirm_window_s: 120,
  valid_until: IN_A_DAY(),
  created_at: new Date().toISOString(),
  shipping: null,
  payment_frames: [],
  cart: null,
  funding: null,
  ...o,
});

export const checkout = (o: Partial<TabCheckout> = {}): TabCheckout => ({
  tabId: 7,
  origin: 'https://shop.example',
  detected: true,
  cards: [],
  total: null,
  ...o,
});

export const fundingSource = (o: Partial<FundingSource> = {}): FundingSource => ({
  id: 'fs_1',
  kind: 'card',
  brand: 'visa',
  last4: '4242',
  is_default: true,
  limit: null,
  created_at: new Date().toISOString(),
  ...o,
});

export const securityKey = (o: Partial<SecurityKey> = {}): SecurityKey => ({
  id: 'key_1',
  name: 'Blue key',
  created_at: new Date().toISOString(),
  last_used_at: null,
  ...o,
});

export const pendingCharge = (o: Partial<ShopperAuthorization> = {}): ShopperAuthorization => ({
  id: 'auth_1',
  card_id: 'card_1',
  purchasing_id: 'VL-1234-5678',
  card_last4: '4321',
  status: 'pending',
  reason: 'P0',
  reason_text: 'awaiting the shopper',
  amount: 12_50,
  currency: 'USD',
  vendor: { name: 'Registered Books Ltd', origin: 'https://books.example' },
  merchant: { name: 'Cheap Books!!!', origin: 'https://books.example' },
  created_at: new Date().toISOString(),
  decision_deadline: new Date(Date.now() + 120_000).toISOString(),
  cart: null,
  funding: null,
  ...o,
});
