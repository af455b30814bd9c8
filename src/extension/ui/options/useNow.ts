/** The time, again every minute: countdowns ("3 h 12 min left") move without a request. */
import { useEffect, useState } from 'preact/hooks';

export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
