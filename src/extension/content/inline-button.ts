/**
 * The "Fill a Veil card" button shown inside the detected card-number field. It lives
 * in its own element with a closed shadow root: page styles cannot reach in, page
 * scripts cannot reach the button, and its styles cannot leak out. Only a real click
 * (isTrusted) counts as the shopper's request.
 */
const LABEL = 'Fill a Veil card';
const TAG = 'veil-fill-button';

const STYLE = `
:host { all: initial; position: fixed; z-index: 2147483647; }
button { all: initial; box-sizing: border-box; cursor: pointer; font: 600 11px/1 system-ui, sans-serif;
  color: #fff; background: #3b2f8f; border-radius: 4px; padding: 4px 6px; white-space: nowrap; }
button:focus-visible { outline: 2px solid #8a7cf0; outline-offset: 1px; }
`;

export interface InlineButton {
  /** Shows the button in `field`, or hides it when `field` is null. */
  attach(field: HTMLElement | null): void;
  remove(): void;
}

export function createInlineButton(onRequest: () => void, signal: AbortSignal, doc: Document = document): InlineButton {
  const host = doc.createElement(TAG);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = STYLE;
  const button = doc.createElement('button');
  button.type = 'button';
  button.textContent = LABEL;
  button.setAttribute('aria-label', LABEL);
  shadow.append(style, button);
  let field: HTMLElement | null = null;

  button.addEventListener(
    'click',
    (e) => {
      e.preventDefault();
      e.stopPropagation();
      if (e.isTrusted) onRequest();
    },
    { signal },
  );
  // The page must not see our clicks as clicks on its own form.
  for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup']) host.addEventListener(type, (e) => e.stopPropagation(), { signal });

  const place = () => {
    if (!field || !field.isConnected) {
      host.remove();
      return;
    }
    const r = field.getBoundingClientRect();
    if (!host.isConnected) (doc.body ?? doc.documentElement).append(host);
    const h = host.getBoundingClientRect();
    // Right end of the field, vertically centred, in viewport coordinates (fixed): a
    // positioned <body> cannot shift it; scroll and resize move it along with the field.
    // Inline !important: page stylesheets cannot move or hide the host.
    host.style.setProperty('position', 'fixed', 'important');
    host.style.setProperty('display', 'block', 'important');
    host.style.setProperty('z-index', '2147483647', 'important');
    host.style.setProperty('left', `${Math.round(r.right - h.width - 4)}px`, 'important');
    host.style.setProperty('top', `${Math.round(r.top + (r.height - h.height) / 2)}px`, 'important');
  };
  addEventListener('resize', place, { passive: true, signal });
  addEventListener('scroll', place, { passive: true, capture: true, signal });
  signal.addEventListener('abort', () => host.remove(), { once: true });

  return {
    attach(next) {
      field = next;
      place();
    },
    remove() {
      field = null;
      host.remove();
    },
  };
}
