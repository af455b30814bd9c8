/**
 * The small actions on a row of a list the page reloads after each change ("Make default",
 * "Remove", "Revoke"): one change through `run` (busy and error state), then the list again.
 */
import type { useAction } from './useAction';

/** `change(fn)`: a click handler that sends one change and reloads the list. */
export function changeThenReload(run: ReturnType<typeof useAction>['run'], reload: () => Promise<void>) {
  return (fn: () => Promise<unknown>) => () =>
    void run(async () => {
      await fn();
      await reload();
    });
}

export function RowAction({
  label,
  danger = false,
  busy,
  onClick,
}: {
  label: string;
  danger?: boolean;
  busy: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" class={danger ? 'link danger' : 'link'} disabled={busy} onClick={onClick}>
      {label}
    </button>
  );
}
