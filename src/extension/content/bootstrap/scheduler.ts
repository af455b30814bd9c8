/**
 * Runs a job when the browser is idle, at most once per `minGap` ms however often it
 * is asked for: DOM mutations on a busy page come in floods.
 */
type IdleWindow = Window & { requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number };

export function idleThrottle(job: () => void, signal: AbortSignal, minGap = 400, win: IdleWindow = window): () => void {
  let pending = false;
  let last = -Infinity;
  const run = () => {
    pending = false;
    if (signal.aborted) return;
    last = performance.now();
    job();
  };
  return () => {
    if (pending || signal.aborted) return;
    pending = true;
    const wait = Math.max(0, last + minGap - performance.now());
    setTimeout(() => {
      if (win.requestIdleCallback) win.requestIdleCallback(run, { timeout: 1000 });
      else run();
    }, wait);
  };
}
