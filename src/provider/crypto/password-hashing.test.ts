import { describe, expect, it } from 'vitest';
import { ThrottledError } from '../http/errors';
import { PasswordHashing } from './password-hashing';

/** A job that runs until `finish` is called: holds its place in the queue. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { job: () => done, finish };
}

describe('PasswordHashing', () => {
  it('refuses new passwords beyond the lower bound and checks beyond the higher one, with Retry-After, and takes them again when room is made', async () => {
    const q = new PasswordHashing({ maxQueued: 3, maxQueuedForSignUp: 2 });
    const a = held();
    const b = held();
    const running = [q.run('new_password', a.job), q.run('new_password', b.job)];
    expect(q.queued).toBe(2);
    // Sign-ups are at their bound; a sign-in still gets in.
    const refused = q.run('new_password', async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(ThrottledError);
    await expect(refused).rejects.toMatchObject({ status: 429, retryAfterS: 1 });
    const c = held();
    running.push(q.run('check', c.job));
    await expect(q.run('check', async () => 'never')).rejects.toBeInstanceOf(ThrottledError);
    expect(q.queued).toBe(3);

    a.finish();
    b.finish();
    c.finish();
    await Promise.all(running);
    expect(q.queued).toBe(0);
    expect(await q.run('new_password', async () => 'ran')).toBe('ran');
  });

  it('a failed job gives its place back', async () => {
    const q = new PasswordHashing({ maxQueued: 1, maxQueuedForSignUp: 1 });
    await expect(q.run('check', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(q.queued).toBe(0);
    expect(await q.verify('pw', await q.hash('pw'))).toBe(true);
  });
});
