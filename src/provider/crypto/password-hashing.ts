/**
 * The bounded queue in front of password hashing. scrypt (tokens.ts) runs on libuv's
 * thread pool — four threads by default, shared with file and DNS work — which takes
 * jobs first come first served and has no bound: 200 sign-ups at once queued 200
 * hashes, and every sign-in behind them waited (measured 133 ms → 9.1 s). Here the
 * jobs queued or running are counted; beyond the bound a request gets 429 with
 * Retry-After at once instead of joining the queue. Sign-ups stop at a lower bound
 * than password checks, so a flood of sign-ups (from however many addresses) always
 * leaves room for sign-ins.
 */
import { ThrottledError } from '../http/errors';
import { hashPassword, verifyPassword } from './tokens';

export interface HashingBounds {
  /** Jobs queued or running beyond which a password check is refused. */
  maxQueued: number;
  /** The same for a new password (sign-up): lower, so sign-ins keep their room. */
  maxQueuedForSignUp: number;
}

export type HashingJob = 'new_password' | 'check';

export class PasswordHashing {
  private depth = 0;

  constructor(private readonly bounds: HashingBounds) {}

  /** Jobs queued or running now. */
  get queued(): number {
    return this.depth;
  }

  hash(password: string): Promise<string> {
    return this.run('new_password', () => hashPassword(password));
  }

  verify(password: string, stored: string): Promise<boolean> {
    return this.run('check', () => verifyPassword(password, stored));
  }

  /** Runs `job` when there is room for its kind; 429 with Retry-After when the queue is too deep. */
  async run<T>(kind: HashingJob, job: () => Promise<T>): Promise<T> {
    const bound = kind === 'new_password' ? this.bounds.maxQueuedForSignUp : this.bounds.maxQueued;
    if (this.depth >= bound) {
      throw new ThrottledError('the provider is busy checking passwords: retry in a second', 1);
    }
    this.depth++;
    try {
      return await job();
    } finally {
      this.depth--;
    }
  }
}
