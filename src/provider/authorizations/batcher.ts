/**
 * Group commit for vendor validations. Under load, much of what a validation costs
 * PostgreSQL is the transaction around it: snapshot, commit record, WAL flush, round
 * trip. So at most `inFlight` database calls run at once; validations that arrive
 * meanwhile wait and go together, as one call of `veil_validate_batch` (migration
 * 015): one transaction, one commit. A validation that arrives while the database is
 * idle goes at once and alone, as one `veil_validate` call.
 *
 * A batch is all or nothing. When the server refuses one (a lock wait beyond its
 * short lock_timeout: batches can lock two shoppers in opposite orders; or any other
 * error), nothing of it was written, and each of its validations runs again alone, so
 * every vendor gets the answer a lone call gives. When the connection itself fails the
 * outcome is unknown, and every caller gets the error (a 503: the vendor retries with
 * its Idempotency-Key; a retry can never apply twice, as the authorization id is fixed).
 */
import type { Db } from '../db/db';
import type { Policy } from '../policy';

/** One validation, as `veil_validate` takes it (what needs the keys is done in Node first). */
export interface ValidateCall {
  keyHash: Buffer;
  address: string | null;
  idemKey: string | null;
  requestHash: Buffer;
  panHash: Buffer | null;
  secretsOk: boolean;
  expMonth: number;
  expYear: number;
  amount: number;
  currency: string;
  merchantName: string;
  merchantOrigin: string;
  purchasingId: string | null;
  now: Date;
  id: string;
  /**
   * The card-testing count at which this validation is refused; the policy's limit when
   * unset. A validation that reserved its slots first (authorize.ts) skips the check.
   */
  testingMax?: number;
}

export interface BatchLimits {
  /** Database calls for validations at once: beyond that, arrivals wait and batch. */
  inFlight: number;
  /** Validations in one batch at most. */
  maxBatch: number;
  /** How long a batch waits for a lock before it gives up and its items run alone. */
  lockTimeoutMs: number;
}

/** PGlite is one connection: one call at a time, everything else batches behind it. */
export const BATCH_LIMITS: Record<Db['kind'], BatchLimits> = {
  pglite: { inFlight: 1, maxBatch: 32, lockTimeoutMs: 50 },
  postgres: { inFlight: 4, maxBatch: 32, lockTimeoutMs: 50 },
};

const ALONE = `SELECT veil_validate(
  p_key_hash => $1, p_address => $2, p_idem_key => $3, p_request_hash => $4, p_pan_hash => $5, p_secrets_ok => $6,
  p_exp_month => $7, p_exp_year => $8, p_amount => $9, p_currency => $10, p_merchant_name => $11, p_merchant_origin => $12,
  p_purchasing_id => $13, p_now => $14, p_id => $15, p_hold_ttl_s => $16, p_max_wrong_tries => $17,
  p_testing_max => $18, p_testing_window_s => $19) AS r`;

const BATCH = `SELECT veil_validate_batch($1::jsonb, $2, $3, $4, $5, $6) AS r`;

interface Waiting {
  call: ValidateCall;
  resolve: (answer: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * The server answered with an error report (a severity and a SQLSTATE, from pg and
 * PGlite alike): it rolled the transaction back. A failed socket has an errno code
 * ("EPIPE") and no severity.
 */
const refusedByServer = (err: unknown): boolean => {
  const e = err as { code?: unknown; severity?: unknown };
  return typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);
};

const json = (raw: unknown): unknown => (typeof raw === 'string' ? JSON.parse(raw) : raw);

export class ValidationBatcher {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Counted since start: calls made, how many were batches, validations that went in one, batches retried item by item. */
  readonly stats = { calls: 0, batches: 0, batched: 0, retried: 0 };

  constructor(
    private readonly db: Db,
    private readonly policy: Policy,
    private readonly limits: BatchLimits = BATCH_LIMITS[db.kind],
  ) {}

  /** veil_validate's answer (a JSON object) for this call, alone or in a batch. */
  validate(call: ValidateCall): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ call, resolve, reject });
      // Sent at the end of this turn of the event loop, with whatever else arrived in it:
      // on PGlite a call runs on this very thread, so "while another is running" never
      // comes, but requests read in one turn still share a transaction.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.limits.inFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.limits.maxBatch);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    this.stats.calls++;
    if (batch.length === 1) {
      const [one] = batch as [Waiting];
      await this.alone(one.call).then(one.resolve, one.reject);
      return;
    }
    this.stats.batches++;
    this.stats.batched += batch.length;
    let answers: unknown[];
    try {
      const { holdTtlS, maxWrongTries, cardTesting } = this.policy;
      const rows = await this.db.query<{ r: unknown }>(
        BATCH,
        [
          JSON.stringify(batch.map((w) => item(w.call))),
          holdTtlS,
          maxWrongTries,
          cardTesting.max,
          cardTesting.windowS,
          this.limits.lockTimeoutMs,
        ],
        'veil_validate_batch',
      );
      answers = json(rows[0]!.r) as unknown[];
    } catch (err) {
      if (!refusedByServer(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
      this.stats.retried++;
      await Promise.all(batch.map((w) => this.alone(w.call).then(w.resolve, w.reject)));
      return;
    }
    batch.forEach((w, i) => w.resolve(answers[i]));
  }

  private async alone(c: ValidateCall): Promise<unknown> {
    const { holdTtlS, maxWrongTries, cardTesting } = this.policy;
    const rows = await this.db.query<{ r: unknown }>(
      ALONE,
      [
        c.keyHash,
        c.address,
        c.idemKey,
        c.requestHash,
        c.panHash,
        c.secretsOk,
        c.expMonth,
        c.expYear,
        c.amount,
        c.currency,
        c.merchantName,
        c.merchantOrigin,
        c.purchasingId,
        c.now,
        c.id,
        holdTtlS,
        maxWrongTries,
        c.testingMax ?? cardTesting.max,
        cardTesting.windowS,
      ],
      'veil_validate',
    );
    return json(rows[0]!.r);
  }
}

/** A call as one element of veil_validate_batch's p_items (src/provider/db/functions/veil_validate_batch.sql gives the order). */
function item(c: ValidateCall): unknown[] {
  return [
    c.keyHash.toString('hex'),
    c.address,
    c.idemKey,
    c.requestHash.toString('hex'),
    c.panHash?.toString('hex') ?? null,
    c.secretsOk,
    c.expMonth,
    c.expYear,
    c.amount,
    c.currency,
    c.merchantName,
    c.merchantOrigin,
    c.purchasingId,
    c.now.toISOString(),
    c.id,
    ...(c.testingMax === undefined ? [] : [c.testingMax]),
  ];
}
