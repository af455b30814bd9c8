export function CardsView() {
  return <p class="muted">No cards yet.</p>;
}
