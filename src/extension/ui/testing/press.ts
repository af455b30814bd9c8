/** Shopper actions for component tests. */
import { expect } from 'vitest';
import { fireEvent, waitFor } from '@testing-library/preact';

/** Clicks a button once it is enabled, as a shopper would (the views disable buttons while an action runs). */
export async function press(button: HTMLElement): Promise<void> {
  await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
  fireEvent.click(button);
}
