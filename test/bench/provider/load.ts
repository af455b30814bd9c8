/**
 * The load: vendor validations with a realistic mix of outcomes, sent over loopback
 * keep-alive connections by the lean generator (http-load.ts), or by autocannon with
 * `--loadgen=autocannon`. Each request picks an outcome by weight and a card from the
 * pool seeded to produce it, and carries a fresh Idempotency-Key, as a careful shop's
 * backend sends one.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { quantile, runHttpLoad } from './http-load';
import { unknownPan, type Pool, type SeedCard, type Seeded } from './seed';

export type LoadGenerator = 'own' | 'autocannon';

/** Intended outcome → share of requests. About 80 % approvals; the rest spread over the decline codes. */
const MIX: [intent: string, weight: number][] = [
  ['00', 80],
  ['14', 4],
  ['82', 4],
  ['51', 3],
  ['57', 3],
  ['61', 3],
  ['54', 2],
  ['62', 1],
];

const POOL_OF: Record<string, Pool[]> = {
  '00': ['good', 'good', 'good', 'good', 'good', 'good', 'recurring'],
  '82': ['good'],
  '61': ['good'],
  '51': ['broke'],
  '57': ['paused'],
  '54': ['expired'],
  '62': ['used'],
};

export interface LoadResult {
  connections: number;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  reasons: Record<string, number>;
}

export async function runLoad(
  url: string,
  seeded: Seeded,
  connections: number,
  durationS: number,
  generator: LoadGenerator = 'own',
): Promise<LoadResult> {
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
  const intentFor = () => {
    let r = Math.random() * total;
    for (const [intent, w] of MIX) if ((r -= w) < 0) return intent;
    return '00';
  };
  const reasons: Record<string, number> = {};
  const count = (status: number, text: string) => {
    const reason = status === 200 ? (/"reason":"(\w\w)"/.exec(text)?.[1] ?? '??') : `http_${status}`;
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  };
  // Unique per request without a random draw each: a run prefix and a counter.
  const run = randomBytes(6).toString('base64url');
  let sent = 0;

  const body = () => {
    const intent = intentFor();
    let card: SeedCard;
    let number: string;
    let cvc: string;
    if (intent === '14') {
      card = pick(seeded.pools.good);
      number = unknownPan(Math.random);
      cvc = '123';
    } else {
      card = pick(seeded.pools[pick(POOL_OF[intent]!)]);
      number = card.number;
      cvc = intent === '82' ? String((Number(card.cvc) + 1) % 1000).padStart(3, '0') : card.cvc;
    }
    const amount =
      intent === '61' ? 600_00 + Math.floor(Math.random() * 300_00) : 1 + Math.floor(Math.random() * 200_00);
    const vendor = seeded.vendors[card.vendor]!;
    return {
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${vendor.key}`,
        'idempotency-key': `bench-${run}-${sent++}`,
      },
      body: JSON.stringify({
        card: { number, exp_month: card.exp_month, exp_year: card.exp_year, cvc },
        amount,
        currency: 'USD',
        merchant: { name: vendor.name, origin: vendor.origin },
      }),
    };
  };

  if (generator === 'own') {
    const r = await runHttpLoad(
      url,
      connections,
      durationS,
      () => ({ method: 'POST', path: '/v1/authorizations', ...body() }),
      count,
    );
    return {
      connections,
      requests: r.requests,
      perSecond: r.requests / r.seconds,
      p50: Number(quantile(r.latencies, 0.5).toFixed(1)),
      p99: Number(quantile(r.latencies, 0.99).toFixed(1)),
      errors: r.errors,
      non2xx: r.non2xx,
      reasons,
    };
  }
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: '/v1/authorizations',
        setupRequest: (req) => ({ ...req, ...body() }),
        onResponse: count,
      },
    ],
  });
  return {
    connections,
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    reasons,
  };
}
