/**
 * Data a view shows that changes under it: loaded once, and again whenever the
 * background says something changed (`ui.refresh`: it broadcasts one for every event
 * of the live stream, a charge on any card included), so the view follows without a reload.
 * `null` while the first load runs; a failed reload keeps the last data and says why.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { onBroadcast } from '../messaging';

export function useLive<T>(load: () => Promise<T>): {
  data: T | null;
  error: string | null;
  reload: () => Promise<void>;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Answers can arrive out of order (a broadcast during a reload): only the newest request's answer counts.
  const latest = useRef(0);
  const reload = async () => {
    const ticket = ++latest.current;
    try {
      const value = await load();
      if (ticket !== latest.current) return;
      setData(value);
      setError(null);
    } catch (err) {
      if (ticket === latest.current) setError(err instanceof Error ? err.message : String(err));
    }
  };
  useEffect(() => {
    void reload();
    return onBroadcast('ui.refresh', () => void reload());
  }, []);
  return { data, error, reload };
}
