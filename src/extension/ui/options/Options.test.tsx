// @vitest-environment happy-dom
/**
 * The options page against a fake background: the sections a signed-in shopper sees,
 * the account (sign in, sign out), funding sources and top-up with the "Test money"
 * badge, and security keys, whose removal asks for the account password and sends it.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import type { FundingSource, Me, SecurityKey } from '../../../protocol';
import type { SessionState, UnlockKeys } from '../../messages';
import { press } from '../testing/press';
import { fundingSource, me, securityKey, session } from '../testing/samples';
import { Options } from './Options';

let state: SessionState;
let account: Me;
let sources: FundingSource[];
let keys: SecurityKey[];
let unlockKeys: UnlockKeys;

beforeEach(() => {
  background.reset();
  state = session();
  account = me({ balance: 0 });
  sources = [fundingSource()];
  keys = [securityKey({ id: 'key_1', name: 'Blue key' }), securityKey({ id: 'key_2', name: 'Spare key' })];
  const unlockKey = (id: string, name: string) => ({ id, name, rpId: 'localhost', salt: 'c2FsdA==', createdAt: 0 });
  unlockKeys = { rpId: 'localhost', keys: [unlockKey('cred_1', 'Desk key'), unlockKey('cred_2', 'Phone')] };
  background
    .answer('session.get', () => state)
    .answer('account.signIn', ({ email }) => (state = session({ email })))
    .answer('account.signOut', () => (state = session({ signedIn: false, email: null })))
    .answer('devices.list', () => [
      {
        id: 'dev_1',
        name: 'Chromium on Linux',
        current: true,
        revoked_at: null,
        last_seen_at: null,
        created_at: new Date().toISOString(),
      },
    ])
    .answer('account.me', () => account)
    .answer('funding.list', () => sources)
    .answer('balance.topUp', ({ amount }) => (account = me({ balance: account.balance + amount, test_money: true })))
    .answer('delivery.list', () => [])
    .answer('defaults.get', () => ({
      mode: 'notification' as const,
      cap: 100_00,
      validityHours: 24,
      autoLockMinutes: 15,
      digitalDelivery: true,
      tolerancePercent: 10,
      toleranceMinimum: 5,
    }))
    .answer('digital.list', () => [])
    .answer('history.list', () => [])
    .answer('cards.list', () => [])
    .answer('keys.list', () => keys)
    .answer('unlockKeys.list', () => unlockKeys)
    .answer(
      'unlockKeys.remove',
      ({ id }) => (unlockKeys = { ...unlockKeys, keys: unlockKeys.keys.filter((k) => k.id !== id) }),
    )
    .answer('keys.remove', ({ id }) => {
      keys = keys.filter((k) => k.id !== id);
      return null;
    });
});
afterEach(() => {
  cleanup();
  history.replaceState(null, '', '#');
});

const section = (title: string) => screen.findByRole('region', { name: title });
/** Renders the page on one view, as a link or bookmark to `#view` opens it. */
const openOn = (view: string) => {
  history.replaceState(null, '', `#${view}`);
  render(<Options />);
};

describe('options page', () => {
  it('lands a signed-in shopper on Cards, writes it in the address bar, and offers every view as a link', async () => {
    render(<Options />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Cards' })).toBeTruthy();
    expect(location.hash).toBe('#cards');
    const nav = screen.getByRole('navigation', { name: 'Veil' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Cards', '#cards'],
      ['Subscriptions', '#subscriptions'],
      ['Activity', '#activity'],
      ['Funding', '#funding'],
      ['Delivery', '#delivery'],
      ['Security', '#security'],
      ['Settings', '#settings'],
    ]);
    expect(within(nav).getByRole('link', { current: 'page' }).textContent).toBe('Cards');
    // Opening the page does not steal the focus.
    expect(document.activeElement).toBe(document.body);
  });

  it('moves to the view a hash names: its sections shown, the link marked current, the focus on its heading', async () => {
    render(<Options />);
    await screen.findByRole('heading', { level: 1, name: 'Cards' });
    location.hash = '#security';
    const heading = await screen.findByRole('heading', { level: 1, name: 'Security' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(await section('Security keys')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'Devices' }).textContent).toContain('Chromium on Linux (this browser)'),
    );
    expect(screen.queryByRole('region', { name: 'Funding and balance' })).toBeNull();
    const nav = screen.getByRole('navigation', { name: 'Veil' });
    expect(within(nav).getByRole('link', { current: 'page' }).textContent).toBe('Security');
    // Back: the browser restores the hash, the page follows.
    location.hash = '#settings';
    expect(await section('Account')).toBeTruthy();
    expect((await section('Account')).textContent).toContain('Signed in as sam@example.com.');
  });

  it('signed out, lands on Settings and keeps it there after signing in; account views say to sign in', async () => {
    state = session({ signedIn: false, email: null });
    render(<Options />);
    expect(await section('Account')).toBeTruthy();
    expect(location.hash).toBe('#settings');
    const nav = screen.getByRole('navigation', { name: 'Veil' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['Security', 'Settings']);
    location.hash = '#cards';
    expect((await screen.findByRole('link', { name: 'sign in under Settings' })).getAttribute('href')).toBe(
      '#settings',
    );
  });

  it('says it is loading until the background answers, and shows its error when it fails', async () => {
    let answer: (s: SessionState) => void = () => undefined;
    background.answer('session.get', () => new Promise<SessionState>((r) => (answer = r)));
    render(<Options />);
    expect((await screen.findByRole('status')).textContent).toBe('Loading Veil…');
    answer(state);
    expect(await screen.findByRole('heading', { level: 1, name: 'Cards' })).toBeTruthy();
    cleanup();
    background.answer('session.get', () => {
      throw new Error('Veil did not answer.');
    });
    render(<Options />);
    expect((await screen.findByRole('alert')).textContent).toBe('Veil did not answer.');
  });

  it('signs out, then signs in with the email and password typed', async () => {
    openOn('settings');
    await press(within(await section('Account')).getByRole('button', { name: 'Sign out' }));
    const acct = await section('Account');
    fireEvent.input(await within(acct).findByLabelText('Email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(within(acct).getByLabelText('Password'), { target: { value: 'a long enough password' } });
    // Signed out, the wallet's sections are gone.
    expect(screen.queryByRole('region', { name: 'Security keys' })).toBeNull();
    await press(within(acct).getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(background.sentOf('account.signIn')).toEqual([
        { email: 'ada@example.com', password: 'a long enough password' },
      ]),
    );
    expect((await section('Account')).textContent).toContain('Signed in as ada@example.com.');
  });

  it('lists funding sources and tops up: the balance then shows as test money', async () => {
    openOn('funding');
    const funding = await section('Funding and balance');
    await waitFor(() => expect(within(funding).getByTestId('balance').textContent).toBe('$0.00'));
    expect(within(funding).queryByTestId('test-money')).toBeNull();
    expect(within(funding).getByRole('listitem').textContent).toContain('Visa •••• 4242');
    fireEvent.input(within(funding).getByLabelText('Top-up amount (USD)'), { target: { value: '25.50' } });
    await press(within(funding).getByRole('button', { name: 'Top up' }));
    await waitFor(() => expect(within(funding).getByTestId('balance').textContent).toBe('$25.50'));
    expect(within(funding).getByTestId('test-money').textContent).toBe('Test money');
    expect(background.sentOf('balance.topUp')).toEqual([{ amount: 25_50 }]);
  });

  it('refuses a top-up that is not an amount without asking the background', async () => {
    openOn('funding');
    const funding = await section('Funding and balance');
    fireEvent.input(await within(funding).findByLabelText('Top-up amount (USD)'), { target: { value: 'lots' } });
    await press(within(funding).getByRole('button', { name: 'Top up' }));
    expect((await within(funding).findByRole('alert')).textContent).toBe(
      'Enter an amount to top up, like 50 or 50.00.',
    );
    expect(background.sentOf('balance.topUp')).toEqual([]);
  });

  it("removes a security key only with the account password, sent with that key's id", async () => {
    openOn('security');
    const keysSection = await section('Security keys');
    const spare = await within(keysSection).findByText(/Spare key/);
    expect(within(keysSection).queryByLabelText('Password to remove Spare key')).toBeNull();
    await press(within(spare).getByRole('button', { name: 'Remove' }));
    // Nothing is sent until the password is given.
    expect(background.sentOf('keys.remove')).toEqual([]);
    fireEvent.input(within(keysSection).getByLabelText('Password to remove Spare key'), {
      target: { value: 'a long enough password' },
    });
    await press(within(keysSection).getByRole('button', { name: 'Remove this key' }));
    await waitFor(() =>
      expect(background.sentOf('keys.remove')).toEqual([{ id: 'key_2', password: 'a long enough password' }]),
    );
    await waitFor(() => expect(within(keysSection).queryByText(/Spare key/)).toBeNull());
    expect(within(keysSection).getByText(/Blue key/)).toBeTruthy();
    expect(within(keysSection).queryByLabelText('Password to remove Spare key')).toBeNull();
  });

  it('cancelling a removal sends nothing', async () => {
    openOn('security');
    const keysSection = await section('Security keys');
    await press(within(await within(keysSection).findByText(/Blue key/)).getByRole('button', { name: 'Remove' }));
    await press(within(keysSection).getByRole('button', { name: 'Cancel' }));
    expect(within(keysSection).queryByLabelText('Password to remove Blue key')).toBeNull();
    expect(background.sentOf('keys.remove')).toEqual([]);
  });

  it('lists the keys that unlock the vault and removes the one chosen, by its credential id', async () => {
    openOn('security');
    const unlock = await section('Unlock with a passkey or security key');
    const phone = await within(unlock).findByText(/Phone/);
    await press(within(phone).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(background.sentOf('unlockKeys.remove')).toEqual([{ id: 'cred_2' }]));
    await waitFor(() => expect(within(unlock).queryByText(/Phone/)).toBeNull());
    expect(within(unlock).getByText(/Desk key/)).toBeTruthy();
  });

  it('says why a key cannot be added where the browser has no WebAuthn, and offers nothing to press', async () => {
    // happy-dom has no PublicKeyCredential, as a browser without WebAuthn.
    openOn('security');
    const unlock = await section('Unlock with a passkey or security key');
    expect((await within(unlock).findByRole('note')).textContent).toBe('This browser offers no WebAuthn here.');
    expect(within(unlock).queryByRole('button', { name: 'Add a key that unlocks Veil' })).toBeNull();
  });

  it('says why where the provider has no host name (no RP ID)', async () => {
    unlockKeys = { rpId: null, keys: [] };
    openOn('security');
    const unlock = await section('Unlock with a passkey or security key');
    expect((await within(unlock).findByRole('note')).textContent).toMatch(/needs the provider to have a host name/);
    expect(within(unlock).queryByLabelText('Passphrase')).toBeNull();
  });
});
