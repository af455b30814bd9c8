// @vitest-environment happy-dom
/**
 * The inline button's trial question against a fake background: it shows the shop's
 * words and the guessed end day before anything is issued; the shopper's day (guessed or
 * changed) goes with the answer as that day's local midnight; "without trial" sends none;
 * a refused answer is shown and the window stays open.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { press } from '../testing/press';
import { card } from '../testing/samples';
import { trialEndMoment } from '../popup/trial-dates';
import { TrialChoice } from './TrialChoice';

const TAB = 7;
const ID = 'question-1';
const OFFER = { count: 7, unit: 'day' as const, phrase: 'free for 7 days', then: '$9.99/month' };
// Local noon: the guess is seven calendar days on, whatever the time zone.
const NOW = new Date(2026, 11, 5, 12);
let closed: number;

beforeEach(() => {
  background.reset();
  closed = 0;
  background
    .answer('trialChoice.get', () => ({ origin: 'https://streams.example', offer: OFFER }))
    .answer('trialChoice.answer', () => ({ card: card({ last4: '4242' }), filled: 3 }));
});
afterEach(cleanup);

const show = () => render(<TrialChoice tabId={TAB} id={ID} onDone={() => closed++} now={NOW} />);
const issueAsTrial = () => screen.findByRole('button', { name: /^Issue as trial ending/ });

describe('trial choice window', () => {
  it("shows the shop's words and the guessed day, and sends nothing until the shopper answers", async () => {
    show();
    expect((await issueAsTrial()).textContent).toBe('Issue as trial ending 2026-12-12');
    expect(document.querySelector('[data-role="origin"]')?.textContent).toBe('https://streams.example');
    expect(document.querySelector('[data-role="wording"]')?.textContent).toBe('“free for 7 days”, then $9.99/month');
    expect((screen.getByLabelText('Trial ends on') as HTMLInputElement).value).toBe('2026-12-12');
    expect(background.sentOf('trialChoice.get')).toEqual([{ tabId: TAB, id: ID }]);
    expect(background.sentOf('trialChoice.answer')).toEqual([]);
  });

  it('confirming sends the guessed day as its local midnight, then closes', async () => {
    show();
    await press(await issueAsTrial());
    expect(await screen.findByRole('status')).toBeTruthy();
    expect(background.sentOf('trialChoice.answer')).toEqual([
      { tabId: TAB, id: ID, trialEndsAt: trialEndMoment('2026-12-12') },
    ]);
    expect(screen.getByRole('status').textContent).toBe(
      'Card •••• 4242 issued as a free trial ending 2026-12-12; 3 fields filled.',
    );
    expect(closed).toBe(1);
  });

  it('a changed day is the one sent', async () => {
    show();
    fireEvent.input(await screen.findByLabelText('Trial ends on'), { target: { value: '2026-12-09' } });
    await press(await screen.findByRole('button', { name: 'Issue as trial ending 2026-12-09' }));
    await screen.findByRole('status');
    expect(background.sentOf('trialChoice.answer')).toEqual([
      { tabId: TAB, id: ID, trialEndsAt: trialEndMoment('2026-12-09') },
    ]);
  });

  it('"Issue without trial" sends no end', async () => {
    show();
    await issueAsTrial();
    await press(screen.getByRole('button', { name: 'Issue without trial' }));
    await screen.findByRole('status');
    expect(background.sentOf('trialChoice.answer')).toEqual([{ tabId: TAB, id: ID, trialEndsAt: null }]);
  });

  it('a refused answer is shown and the window stays open', async () => {
    background.answer('trialChoice.answer', () => {
      throw new Error('The tab no longer shows https://streams.example: no card was issued.');
    });
    show();
    await press(await issueAsTrial());
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The tab no longer shows https://streams.example: no card was issued.',
    );
    expect(closed).toBe(0);
  });

  it('a closed question says so', async () => {
    background.answer('trialChoice.get', () => {
      throw new Error(
        'This question is closed (answered, cancelled or expired): click the Veil button on the page again.',
      );
    });
    show();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^This question is closed/);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
