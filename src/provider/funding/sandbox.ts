/**
 * The sandbox rail: the default, for the embedded database and the demo. It accepts
 * every request and settles it at once, but through the same outcome path a real rail
 * uses (on the next turn of the event loop, after the request is answered), so nothing
 * in the provider special-cases it. It moves no real money: `testMoney` makes every
 * balance it feeds say so. The operator limits (Policy.topUpLimits.sandbox) are what
 * keeps it from minting unbounded balances.
 */
import { randomBytes } from 'node:crypto';
import type { RailAdapter } from './rails';

export function sandboxRail(onError: (topUpId: string, err: unknown) => void): RailAdapter {
  return {
    name: 'sandbox',
    testMoney: true,
    async requestTopUp(request, outcomes) {
      const reference = `sbx_${randomBytes(12).toString('base64url')}`;
      // Never opens the source's details: there is nothing to charge.
      setImmediate(() => {
        outcomes.settled(request.topUpId, reference).catch((err: unknown) => onError(request.topUpId, err));
      });
      return { accepted: true, reference };
    },
  };
}
