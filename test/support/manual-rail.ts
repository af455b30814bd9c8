/**
 * A test rail that takes requests and reports outcomes only when the test says so, as a
 * card acquirer or ACH would days later. Outcomes go through the callbacks the provider
 * handed it, the same path any real rail uses. It claims real money (testMoney false), so
 * tests can tell the sandbox's test-money marking from the rail's.
 */
import type {
  RailAdapter,
  RailAnswer,
  RailOutcomes,
  RailRequest,
  SourceDetails,
} from '../../src/provider/funding/rails';

export class ManualRail implements RailAdapter {
  readonly testMoney = false;
  /** How the rail answers the next requests: takes them, refuses them outright, or cannot be reached. */
  answer: 'accept' | 'refuse' | 'unreachable' = 'accept';
  /** The source details the rail opened for its last request, as a real rail would to charge it. */
  lastDetails: SourceDetails | undefined;
  private readonly taken = new Map<string, { request: RailRequest; outcomes: RailOutcomes; reference: string }>();

  constructor(readonly name = 'manual') {}

  async requestTopUp(request: RailRequest, outcomes: RailOutcomes): Promise<RailAnswer> {
    if (this.answer === 'unreachable') throw new Error('connect ECONNREFUSED rail.example:443');
    this.lastDetails = await request.source.details();
    if (this.answer === 'refuse') return { accepted: false, reason: 'do not honour' };
    const reference = `man_${request.topUpId}`;
    this.taken.set(request.topUpId, { request, outcomes, reference });
    return { accepted: true, reference };
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
