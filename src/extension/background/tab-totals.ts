/**
 * The order total each tab's top page shows, as last reported (`content.cartTotal`), in
 * storage.session: the worker may stop between the report and the popup opening. Cleared
 * with the tab's frame reports on navigation and when the tab closes (main.ts).
 */
import type { CartTotal } from '../messages';
import { tabTotals } from '../store';

const totals = tabTotals<CartTotal | null>();

export const recordTotal = (tabId: number, total: CartTotal | null): Promise<void> => totals.set(tabId, total);
export const totalOf = async (tabId: number): Promise<CartTotal | null> => (await totals.get(tabId)) ?? null;
export const forgetTotal = (tabId: number): Promise<void> => totals.forget(tabId);
