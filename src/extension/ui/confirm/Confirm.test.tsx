// @vitest-environment happy-dom
/**
 * The confirmation window against a fake background: the registered vendor's name heads
 * each charge (the name the shop sent is secondary), approve and decline send the
 * shopper's decision for that charge, and a `ui.refresh` broadcast shows a new charge.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import type { ShopperAuthorization } from '../../../protocol';
import { press } from '../testing/press';
import { pendingCharge, session } from '../testing/samples';
import { Confirm } from './Confirm';

let pending: ShopperAuthorization[];

beforeEach(() => {
  background.reset();
  pending = [pendingCharge()];
  background
    .answer('session.get', () => session())
    .answer('confirm.pending', () => pending)
    .answer('confirm.decide', ({ id, decision }) => {
      const charge = pending.find((c) => c.id === id)!;
      pending = pending.filter((c) => c.id !== id);
      const authorization =
        decision === 'approve'
          ? pendingCharge({ ...charge, status: 'approved', reason: '00' })
          : pendingCharge({ ...charge, status: 'declined', reason: '05' });
      return { changed: true, pre_approved: false, authorization };
    });
});
afterEach(cleanup);

const chargePanel = (headline: string) => screen.findByRole('article', { name: headline });

describe('confirmation window', () => {
  it("heads the charge with the registered vendor's name; the sent name is secondary", async () => {
    render(<Confirm />);
    const panel = await chargePanel('Registered Books Ltd');
    expect(within(panel).getByRole('heading').textContent).toBe('Registered Books Ltd');
    expect(panel.querySelector('[data-role="sent-name"]')?.textContent).toBe(
      'Sent with this charge as “Cheap Books!!!”',
    );
    expect(panel.textContent).toContain('$12.50');
    expect(panel.textContent).toContain('Veil •••• 4321');
    expect(panel.textContent).toContain('VL-1234-5678');
  });

  it('approving sends the decision for that charge and reports it', async () => {
    render(<Confirm />);
    await press(within(await chargePanel('Registered Books Ltd')).getByRole('button', { name: 'Approve' }));
    expect((await screen.findByRole('status', { name: 'Decisions' })).textContent).toBe(
      'Approved $12.50 at Registered Books Ltd.',
    );
    expect(background.sentOf('confirm.decide')).toEqual([{ id: 'auth_1', decision: 'approve' }]);
    expect(await screen.findByText('Nothing is waiting for you.')).toBeTruthy();
  });

  it('declining sends the decline for that charge only', async () => {
    pending = [
      pendingCharge(),
      pendingCharge({
        id: 'auth_2',
        vendor: { name: 'Other Shop', origin: 'https://other.example' },
        merchant: { name: 'Other Shop', origin: 'https://other.example' },
      }),
    ];
    render(<Confirm />);
    await press(within(await chargePanel('Other Shop')).getByRole('button', { name: 'Decline' }));
    expect((await screen.findByRole('status', { name: 'Decisions' })).textContent).toBe(
      'Declined $12.50 at Other Shop.',
    );
    expect(background.sentOf('confirm.decide')).toEqual([{ id: 'auth_2', decision: 'decline' }]);
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Other Shop' })).toBeNull());
    expect(screen.getByRole('article', { name: 'Registered Books Ltd' })).toBeTruthy();
  });

  it('shows a charge that arrives while open when the background says to refresh', async () => {
    pending = [];
    render(<Confirm />);
    await screen.findByText('Nothing is waiting for you.');
    pending = [pendingCharge()];
    await waitFor(() => expect(background.listening).toBe(1));
    background.broadcast({ kind: 'ui.refresh' });
    expect(await chargePanel('Registered Books Ltd')).toBeTruthy();
  });
});
