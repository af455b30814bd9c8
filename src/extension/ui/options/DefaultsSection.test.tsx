// @vitest-environment happy-dom
/** The defaults form sends what the shopper set, digital delivery included. */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { Defaults } from '../../messages';
import { press } from '../testing/press';
import { DefaultsSection } from './DefaultsSection';

let defaults: Defaults;
beforeEach(() => {
  background.reset();
  defaults = {
    mode: 'notification',
    cap: 100_00,
    validityHours: 24,
    autoLockMinutes: 15,
    digitalDelivery: true,
    tolerancePercent: 10,
    toleranceMinimum: 5,
  };
  background.answer('defaults.get', () => defaults).answer('defaults.set', (d) => (defaults = { ...defaults, ...d }));
});
afterEach(cleanup);

it('turns digital delivery off for new cards and keeps the rest', async () => {
  render(<DefaultsSection />);
  const box = await screen.findByLabelText<HTMLInputElement>(/Digital delivery/);
  expect(box.checked).toBe(true);
  fireEvent.change(box, { target: { checked: false } });
  await press(screen.getByRole('button', { name: 'Save defaults' }));
  await waitFor(() => expect(background.sentOf('defaults.set')).toHaveLength(1));
  expect(background.sentOf('defaults.set')[0]).toEqual({
    mode: 'notification',
    cap: 100_00,
    validityHours: 24,
    autoLockMinutes: 15,
    digitalDelivery: false,
    tolerancePercent: 10,
    toleranceMinimum: 5,
  });
});
