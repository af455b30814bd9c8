/**
 * What the shopper is shown when something happens: the confirmation window for a
 * charge that waits on them, a notification for a notification-mode charge.
 */
import browser from 'webextension-polyfill';
import type { AuditEvent } from '../../protocol';
import { chargeMessage } from './charge-message';
import { broadcast } from './broadcast';
import { confirmWindowId } from '../store';

const money = (minor: number | null, currency: string | null) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency ?? 'USD' }).format((minor ?? 0) / 100);

/** Opens the confirmation window, or brings the open one forward (several charges queue in it). */
export async function showConfirmWindow(): Promise<void> {
  const stored = await confirmWindowId.get();
  if (stored !== undefined) {
    try {
      await browser.windows.update(stored, { focused: true, drawAttention: true });
      await broadcast('ui.refresh', {});
      return;
    } catch {
      // closed meanwhile: open a new one
    }
  }
  const win = await browser.windows.create({
    url: browser.runtime.getURL('confirm/index.html'),
    type: 'popup',
    width: 440,
    height: 600,
    focused: true,
  });
  if (win.id !== undefined) await confirmWindowId.set(win.id);
}

export async function forgetConfirmWindow(windowId: number): Promise<void> {
  const stored = await confirmWindowId.get();
  if (stored === windowId) await confirmWindowId.remove();
}

export async function notifyCharge(e: AuditEvent): Promise<void> {
  const approved = e.kind === 'authorization.approved';
  await browser.notifications.create(`veil-${e.id}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('icons/veil-128.png'),
    title: approved ? `${money(e.amount, e.currency)} approved` : `${money(e.amount, e.currency)} declined`,
    message: chargeMessage(e),
  });
}

/** The one place events are turned into attention. */
export async function onLiveEvent(e: AuditEvent): Promise<void> {
  // Open pages (the options page's Cards, Subscriptions and Activity views) re-read what
  // they show: every event, a charge on any card included, changes a card, a balance or the history.
  await broadcast('ui.refresh', {});
  if (e.kind === 'authorization.pending') return showConfirmWindow();
  const notificationMode = e.detail.mode === 'notification' || e.detail.mode === 'recurring';
  if (notificationMode && (e.kind === 'authorization.approved' || e.kind === 'authorization.declined'))
    return notifyCharge(e);
}
