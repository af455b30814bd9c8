/** A labelled input: the label is always tied to its control for screen readers and clicks. */
import type { ComponentProps } from 'preact';

type Props = { label: string; hint?: string } & ComponentProps<'input'>;

let counter = 0;

export function Field({ label, hint, id, ...input }: Props) {
  const inputId = id ?? `f${++counter}`;
  return (
    <div class="field">
      <label for={inputId}>{label}</label>
      <input id={inputId} aria-describedby={hint ? `${inputId}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${inputId}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}
