// @vitest-environment happy-dom
/**
 * The popup's private-connection switch against a fake background: what it says in
 * each state (never "Veil's address" unless the proxy is on, known and answering), and
 * that the switch sends the site's choice.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { PrivateState } from '../../messages';
import { PrivateConnection } from './PrivateConnection';

const ORIGIN = 'https://shop.example';
const state = (over: Partial<PrivateState> = {}): PrivateState => ({
  origin: ORIGIN,
  on: true,
  default: 'off',
  proxy: '127.0.0.1:8790',
  reachable: true,
  credential: true,
  trouble: null,
  ...over,
});

beforeEach(() => background.reset());
afterEach(cleanup);

const status = () => screen.getByTestId('private-status').textContent;

it("says the shop sees Veil's address only when the proxy is on and answering", async () => {
  background.answer('private.state', () => state());
  render(<PrivateConnection origin={ORIGIN} />);
  await waitFor(() => expect(status()).toBe("The shop sees Veil's address, not yours."));
});

it('says plainly that the site will not load when the proxy is unreachable (never silently direct)', async () => {
  background.answer('private.state', () => state({ reachable: false, trouble: 'net::ERR_PROXY_CONNECTION_FAILED' }));
  render(<PrivateConnection origin={ORIGIN} />);
  await waitFor(() => expect(status()).toMatch(/unreachable: this site will not load until it is back/));
  expect(status()).not.toMatch(/Veil's address, not yours/);
});

it('says the shop sees your address when off, and the switch sends the choice for this site', async () => {
  background.answer('private.state', () => state({ on: false })).answer('private.setSite', ({ on }) => state({ on }));
  render(<PrivateConnection origin={ORIGIN} />);
  await waitFor(() => expect(status()).toBe('Off: the shop sees your address.'));
  fireEvent.click(screen.getByLabelText('Private connection'));
  await waitFor(() => expect(status()).toBe("The shop sees Veil's address, not yours."));
  expect(background.sentOf('private.setSite')).toEqual([{ origin: ORIGIN, on: true }]);
});

it('asks the browser for access to the site during the click, and stays off when it is refused', async () => {
  background.answer('private.state', () => state({ on: false })).answer('private.setSite', ({ on }) => state({ on }));
  background.grantPermissions = false;
  render(<PrivateConnection origin={ORIGIN} />);
  await waitFor(() => expect(status()).toBe('Off: the shop sees your address.'));
  const box = screen.getByLabelText<HTMLInputElement>('Private connection');
  fireEvent.click(box);
  await waitFor(() => expect(status()).toMatch(/needs access to shop\.example/));
  expect(background.permissionRequests).toEqual([[`${ORIGIN}/*`]]);
  expect(background.sentOf('private.setSite')).toEqual([]);
  expect(box.checked).toBe(false);

  background.grantPermissions = true;
  fireEvent.click(box);
  await waitFor(() => expect(status()).toBe("The shop sees Veil's address, not yours."));
  expect(background.sentOf('private.setSite')).toEqual([{ origin: ORIGIN, on: true }]);
});
