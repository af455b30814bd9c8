/**
 * Says "Test money" beside a balance that came from a rail moving no real money (the
 * provider's sandbox): a shopper must never take a demo balance for spendable cash.
 */
import type { Me } from '../../../protocol';

export function TestMoneyBadge({ me }: { me: Me | null }) {
  if (!me?.test_money) return null;
  return (
    <span
      class="badge test-money"
      data-testid="test-money"
      title="This balance was topped up on the provider's sandbox rail: no real money moved, and real shops will not be paid from it."
    >
      Test money
    </span>
  );
}
