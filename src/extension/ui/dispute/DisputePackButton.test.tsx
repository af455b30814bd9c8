// @vitest-environment happy-dom
/**
 * The dispute pack from the UI, against a fake background: the button saves the pack as
 * JSON (its receipts, the card's limits, the shop), links the printable page, and the
 * page shows each receipt verified against the provider's keys, or not when altered.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import type { ReceiptJwks } from '../../../protocol';
import { press } from '../testing/press';
import { card, pendingCharge } from '../testing/samples';
import { receiptClaims, signedReceipts } from '../testing/receipts';
import { DisputePackButton } from './DisputePackButton';
import { DisputePage } from './DisputePage';
import type { DisputePack } from './build-pack';

let receipts: string[];
let jwks: ReceiptJwks;

beforeEach(async () => {
  background.reset();
  ({ receipts, jwks } = await signedReceipts([receiptClaims(), receiptClaims({ status: 'captured' })]));
  background.answer('dispute.sources', ({ authorizationId }) => ({
    authorization: pendingCharge({ id: authorizationId, status: 'captured', reason: '00', receipts }),
    card: card({ id: 'card_1', cap: 20_00 }),
    events: [],
    providerUrl: 'https://veil.example',
    jwks,
  }));
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('DisputePackButton', () => {
  it('saves the pack of that purchase as JSON and links its printable page', async () => {
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      saved.push(b as Blob);
      return 'blob:pack';
    });
    render(<DisputePackButton authorizationId="auth_1" />);
    expect(screen.getByRole('link', { name: 'Printable' }).getAttribute('href')).toBe(
      'chrome-extension://fake-veil-extension/dispute/index.html#auth_1',
    );
    await press(screen.getByRole('button', { name: 'Dispute pack (JSON)' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(background.sentOf('dispute.sources')).toEqual([{ authorizationId: 'auth_1' }]);
    const pack = JSON.parse(await saved[0]!.text()) as DisputePack;
    expect(pack).toMatchObject({
      shop_origin: 'https://books.example',
      receipts,
      card: { cap: 20_00 },
      purchase: { authorization_id: 'auth_1' },
    });
  });

  it('shows an error in words when the pack cannot be built', async () => {
    background.answer('dispute.sources', () => {
      throw new Error('That charge is not among your latest 200');
    });
    render(<DisputePackButton authorizationId="auth_9" />);
    await press(screen.getByRole('button', { name: 'Dispute pack (JSON)' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not among your latest 200/);
  });
});

describe('DisputePage', () => {
  it('shows each receipt as verified against the provider keys, and an altered one as not', async () => {
    const { container } = render(<DisputePage authorizationId="auth_1" />);
    await waitFor(() => expect(container.querySelectorAll('[data-verified="true"]')).toHaveLength(2));
    expect(container.querySelector('[data-field="shop-origin"]')?.textContent).toBe('https://books.example');
    cleanup();

    const [h, p, s] = receipts[1]!.split('.') as [string, string, string];
    receipts = [receipts[0]!, `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`];
    const again = render(<DisputePage authorizationId="auth_1" />);
    await waitFor(() => expect(again.container.querySelector('[data-verified="false"]')).not.toBeNull());
    expect(again.container.querySelector('[data-receipt-index="1"]')?.textContent).toMatch(/does not verify/);
  });
});
