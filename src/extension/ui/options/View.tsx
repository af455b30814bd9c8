/** One view of the options page: its heading (focused when the shopper moved here) and its content. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function View({ title, focus, children }: { title: string; focus: boolean; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [title, focus]);
  return (
    <div class="view">
      <h1 class="view-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </div>
  );
}

/** What a view shows while its data loads, when it failed, or when there is nothing yet. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}
