/** Funding sources and top-ups. Numbers are checked here (Luhn, expiry, routing checksum) before they leave the page. */
import { useEffect, useState } from 'preact/hooks';
import type { FundingSource, Me } from '../../../protocol';
import { luhnValid, normalizeCardNumber, routingNumberValid } from '../../../protocol/card-numbers';
import { send } from '../messaging';
import { Field } from '../components/Field';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { changeThenReload, RowAction } from '../components/RowAction';
import { money, parseMoney } from '../format';
import { TestMoneyBadge } from '../components/TestMoneyBadge';

type Kind = 'card' | 'bank';

export function FundingSection() {
  const [sources, setSources] = useState<FundingSource[]>([]);
  const [me, setMe] = useState<Me | null>(null);
  const [kind, setKind] = useState<Kind>('card');
  const [form, setForm] = useState({ number: '', expiry: '', holder: '', routing: '', account: '', limit: '' });
  const [topUp, setTopUp] = useState('');
  const { busy, error, run, setError } = useAction();

  const reload = async () => {
    setSources(await send('funding.list', {}));
    setMe(await send('account.me', {}));
  };
  useEffect(() => void run(reload), []);
  const change = changeThenReload(run, reload);
  const set = (k: keyof typeof form) => (e: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [k]: e.currentTarget.value });

  function request() {
    const limit = form.limit.trim() ? parseMoney(form.limit) : undefined;
    if (form.limit.trim() && !limit) throw new Error('Enter the limit as an amount, like 250 or 250.00.');
    if (!form.holder.trim()) throw new Error("Enter the holder's name.");
    if (kind === 'card') {
      const number = normalizeCardNumber(form.number);
      if (!luhnValid(number)) throw new Error('That card number is not valid: check the digits.');
      const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(form.expiry);
      if (!m) throw new Error('Enter the expiry as MM/YY.');
      const month = Number(m[1]);
      const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
      const now = new Date();
      if (month < 1 || month > 12) throw new Error('The expiry month must be 01 to 12.');
      if (year < now.getFullYear() || (year === now.getFullYear() && month < now.getMonth() + 1))
        throw new Error('That card has expired.');
      return {
        kind,
        number,
        exp_month: month,
        exp_year: year,
        holder: form.holder.trim(),
        ...(limit ? { limit } : {}),
      } as const;
    }
    const routing = form.routing.replace(/\s/g, '');
    if (!routingNumberValid(routing)) throw new Error('That routing number is not valid: check the 9 digits.');
    const account = form.account.replace(/[\s-]/g, '');
    if (!/^\d{4,17}$/.test(account)) throw new Error('The account number must be 4 to 17 digits.');
    return {
      kind,
      routing_number: routing,
      account_number: account,
      holder: form.holder.trim(),
      ...(limit ? { limit } : {}),
    } as const;
  }

  const add = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await send('funding.add', { source: request() });
      setForm({ number: '', expiry: '', holder: '', routing: '', account: '', limit: '' });
      await reload();
    });
  };
  const doTopUp = (e: Event) => {
    e.preventDefault();
    const amount = parseMoney(topUp);
    if (!amount) return setError('Enter an amount to top up, like 50 or 50.00.');
    void run(async () => {
      setMe(await send('balance.topUp', { amount }));
      setTopUp('');
    });
  };

  return (
    <section class="card-panel" aria-labelledby="funding-title">
      <h2 id="funding-title">Funding and balance</h2>
      <p>
        Balance: <strong data-testid="balance">{me ? money(me.balance, me.currency) : '…'}</strong>
        {me && me.held > 0 && <span class="muted"> ({money(me.held, me.currency)} on hold)</span>}{' '}
        <TestMoneyBadge me={me} />
      </p>
      {me && me.pending > 0 && (
        <p class="muted" data-testid="pending">
          {money(me.pending, me.currency)} requested from your funding source: spendable once it settles.
        </p>
      )}
      {me && me.owed > 0 && (
        <p role="status" data-testid="owed">
          A top-up was reversed after you spent it: {money(me.owed, me.currency)} is owed. Your next top-ups pay it
          first; until then no new cards can be made.
        </p>
      )}
      <ul class="plain sources">
        {sources.map((s) => (
          <li data-source-id={s.id}>
            <span>
              {s.kind === 'card' ? s.brand.charAt(0).toUpperCase() + s.brand.slice(1) : 'Bank account'} •••• {s.last4}
            </span>
            {s.is_default && <span class="badge">default</span>}
            {s.limit !== null && <span class="muted"> · limit {money(s.limit)} / 30 days</span>}
            {!s.is_default && (
              <RowAction
                label="Make default"
                busy={busy}
                onClick={change(() => send('funding.update', { id: s.id, make_default: true }))}
              />
            )}
            <RowAction label="Remove" danger busy={busy} onClick={change(() => send('funding.remove', { id: s.id }))} />
          </li>
        ))}
      </ul>
      {sources.length > 0 && (
        <form class="row" onSubmit={doTopUp}>
          <Field
            label="Top-up amount (USD)"
            name="topup"
            inputMode="decimal"
            required
            value={topUp}
            onInput={(e) => setTopUp(e.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={busy}>
            Top up
          </button>
        </form>
      )}
      <form onSubmit={add} aria-labelledby="add-source-title">
        <h3 id="add-source-title">Add a funding source</h3>
        <fieldset class="row">
          <legend class="sr-only">Kind</legend>
          <label class="inline">
            <input type="radio" name="kind" checked={kind === 'card'} onChange={() => setKind('card')} /> Card
          </label>
          <label class="inline">
            <input type="radio" name="kind" checked={kind === 'bank'} onChange={() => setKind('bank')} /> Bank account
          </label>
        </fieldset>
        {kind === 'card' ? (
          <div class="row">
            <Field
              label="Card number"
              name="number"
              inputMode="numeric"
              autoComplete="off"
              required
              value={form.number}
              onInput={set('number')}
            />
            <Field
              label="Expiry (MM/YY)"
              name="expiry"
              autoComplete="off"
              required
              value={form.expiry}
              onInput={set('expiry')}
            />
          </div>
        ) : (
          <div class="row">
            <Field
              label="Routing number"
              name="routing"
              inputMode="numeric"
              autoComplete="off"
              required
              value={form.routing}
              onInput={set('routing')}
            />
            <Field
              label="Account number"
              name="account"
              inputMode="numeric"
              autoComplete="off"
              required
              value={form.account}
              onInput={set('account')}
            />
          </div>
        )}
        <div class="row">
          <Field
            label="Holder name"
            name="holder"
            autoComplete="off"
            required
            value={form.holder}
            onInput={set('holder')}
          />
          <Field
            label="Limit per 30 days (optional)"
            name="limit"
            inputMode="decimal"
            value={form.limit}
            onInput={set('limit')}
          />
        </div>
        <button type="submit" disabled={busy}>
          Add source
        </button>
      </form>
      <ErrorNote error={error} />
    </section>
  );
}
