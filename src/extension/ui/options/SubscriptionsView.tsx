export function SubscriptionsView() {
  return <p class="muted">No subscriptions yet.</p>;
}
