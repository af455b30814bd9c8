/** What each audit event is called in the history tables. */
const KIND_LABELS: Record<string, string> = {
  'card.issued': 'Card issued',
  'card.paused': 'Card paused',
  'card.resumed': 'Card resumed',
  'card.closed': 'Card closed',
  'card.blocked': 'Card blocked',
  'card.unblocked': 'Card unblocked',
  'card.expired': 'Card expired',
  'card.updated': 'Card changed',
  'card.revealed': 'Card details shown',
  'authorization.approved': 'Charge approved',
  'authorization.declined': 'Charge declined',
  'authorization.pending': 'Charge awaiting you',
  'authorization.captured': 'Charge captured',
  'authorization.reversed': 'Charge reversed',
  'authorization.expired': 'Hold expired',
  'authorization.refunded': 'Refund',
  'funding.added': 'Funding source added',
  'funding.removed': 'Funding source removed',
  'funding.updated': 'Funding source changed',
  'balance.topped_up': 'Balance topped up',
  'balance.top_up_requested': 'Top-up requested',
  'balance.top_up_failed': 'Top-up refused',
  'balance.top_up_reversed': 'Top-up reversed',
  'device.enrolled': 'Device signed in',
  'device.revoked': 'Device revoked',
  'delivery.address_added': 'Delivery address added',
  'delivery.address_removed': 'Delivery address removed',
  'delivery.resolved': 'Courier read your address',
  'delivery.refused': 'Courier refused',
  'proxy.used': 'Private connection used',
  'account.signin_throttled': 'Sign-in attempts throttled',
};

export function eventLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}
