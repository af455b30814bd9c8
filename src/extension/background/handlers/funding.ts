/** Funding sources and top-ups, checked here first so mistakes are named before any network call. */
import { AddFundingSourceRequest, Currency, PositiveAmount } from '../../../protocol';
import type { Handlers } from '../router';
import { api } from '../api';

type FundingHandlers = Pick<
  Handlers,
  'funding.list' | 'funding.add' | 'funding.update' | 'funding.remove' | 'balance.topUp'
>;

export const fundingHandlers: FundingHandlers = {
  'funding.list': async () => (await api.call('funding.list', {})).funding_sources,

  'funding.add': async ({ source }) => {
    const parsed = AddFundingSourceRequest.safeParse(source);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${issue?.path.join('.') || 'details'}: ${issue?.message ?? 'invalid'}`);
    }
    if (parsed.data.kind === 'card') {
      const now = new Date();
      const expired =
        parsed.data.exp_year < now.getFullYear() ||
        (parsed.data.exp_year === now.getFullYear() && parsed.data.exp_month < now.getMonth() + 1);
      if (expired) throw new Error('That card has expired.');
    }
    return api.call('funding.add', { body: parsed.data });
  },

  'funding.update': ({ id, ...change }) => api.call('funding.update', { id, body: change }),

  'funding.remove': async ({ id }) => {
    await api.call('funding.remove', { id });
    return null;
  },

  'balance.topUp': async ({ amount, funding_source_id, currency }) => {
    if (!PositiveAmount.safeParse(amount).success) throw new Error('Enter an amount above zero, in whole minor units.');
    if (currency !== undefined && !Currency.safeParse(currency).success)
      throw new Error('Choose a currency by its ISO 4217 code, like EUR.');
    // Each currency is its own balance (issue 19); without one, the account's home currency.
    const home = currency ?? (await api.call('account.me', {})).currency;
    const { top_up } = await api.call('topUps.request', {
      body: { amount, currency: home, ...(funding_source_id ? { funding_source_id } : {}) },
    });
    // A settled top-up shows in the balance, a requested one as pending; a refused one says why.
    if (top_up.state === 'failed')
      throw new Error(`The top-up was refused: ${top_up.reason ?? 'the funding source was declined'}.`);
    return api.call('account.me', {});
  },
};
