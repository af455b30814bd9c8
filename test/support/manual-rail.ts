/**
 * A test rail that takes requests and reports outcomes only when the test says so, as a
 * card acquirer or ACH would days later. Outcomes go through the callbacks the provider
 * handed it, the same path any real rail uses. It claims real money (testMoney false), so
 * tests can tell the sandbox's test-money marking from the rail's.
 */
import type { RailAdapter, RailOutcomes, RailRequest } from '../../src/provider/funding/rails';

export class ManualRail implements RailAdapter {
  readonly testMoney = false;
  private readonly taken = new Map<string, { request: RailRequest; outcomes: RailOutcomes; reference: string }>();

  constructor(readonly name = 'manual') {}

  async requestTopUp(request: RailRequest, outcomes: RailOutcomes) {
    const reference = `man_${request.topUpId}`;
    this.taken.set(request.topUpId, { request, outcomes, reference });
    return { accepted: true as const, reference };
  }

  private get(id: string) {
    const t = this.taken.get(id);
    if (!t) throw new Error(`the manual rail never saw ${id}`);
    return t;
  }

  settle(id: string): Promise<void> {
    const t = this.get(id);
    return t.outcomes.settled(id, t.reference);
  }

  fail(id: string, reason = 'insufficient funds at the issuer'): Promise<void> {
    return this.get(id).outcomes.failed(id, reason);
  }

  reverse(id: string, reason = 'chargeback: fraudulent'): Promise<void> {
    return this.get(id).outcomes.reversed(id, reason);
  }
}
