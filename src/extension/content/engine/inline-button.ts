/**
 * The "Fill a Veil card" button shown inside the detected card-number field. It lives
 * in its own element with a closed shadow root: page styles cannot reach in, page
 * scripts cannot reach the button, and its styles cannot leak out. The host element
 * itself is the page's to see: its style is pinned inline (`all: initial !important`
 * outranks every page style sheet) and re-pinned the moment the page changes it. Only a
 * click that button-guard.ts judges to be on the button the shopper saw is a request.
 */
import { clickIsHonest } from './button-guard';

const LABEL = 'Fill a Veil card';
const TAG = 'veil-fill-button';

const STYLE = `
:host { all: initial; position: fixed; z-index: 2147483647; }
button { all: initial; box-sizing: border-box; cursor: pointer; font: 600 11px/1 system-ui, sans-serif;
  color: #fff; background: #3b2f8f; border-radius: 4px; padding: 4px 6px; white-space: nowrap; }
button:focus-visible { outline: 2px solid #8a7cf0; outline-offset: 1px; }
`;

/**
 * The host's whole inline style. `all: initial` resets every property (opacity, filter,
 * transform, scale, visibility, clip-path, mask, pointer-events, size…) and, being inline
 * and !important, no page style sheet can override it; only the place is the button's.
 */
const pinnedStyle = (left: number, top: number) =>
  `all: initial !important; position: fixed !important; display: block !important; z-index: 2147483647 !important; zoom: 1 !important; left: ${left}px !important; top: ${top}px !important;`;

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
  let pinned = '';
  let stillSince = 0;
  let seenByBrowser: boolean | null = null;
  const container = () => doc.body ?? doc.documentElement;

  button.addEventListener(
    'click',
    (e) => {
      e.preventDefault();
      e.stopPropagation();
      if (field && clickIsHonest(e, { host, field, container: container(), stillSince, seenByBrowser })) onRequest();
    },
    { signal },
  );

  // The page restyled the host (style, class, any attribute a selector could match):
  // put the pinned style back before the next frame is drawn (observers run before
  // rendering), and make the button wait again before it accepts a click.
  const tamper = new MutationObserver(() => {
    for (const { name } of Array.from(host.attributes)) if (name !== 'style') host.removeAttribute(name);
    if (host.getAttribute('style') !== pinned) host.setAttribute('style', pinned);
    tamper.takeRecords();
    stillSince = performance.now();
  });
  tamper.observe(host, { attributes: true });

  // IntersectionObserver v2 (Chromium): the browser's own answer to "is the host drawn
  // unoccluded, untransformed, unfiltered and opaque", which also sees what a parent
  // frame lays over this one. Elsewhere the computed checks of button-guard.ts stand alone.
  const view = doc.defaultView;
  const v2 = !!view && 'IntersectionObserverEntry' in view && 'isVisible' in view.IntersectionObserverEntry.prototype;
  const visibility = v2
    ? new view.IntersectionObserver(
        (entries) => {
          for (const entry of entries)
            seenByBrowser = (entry as IntersectionObserverEntry & { isVisible: boolean }).isVisible;
        },
        { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
      )
    : null;
  visibility?.observe(host);
  // The page must not see our clicks as clicks on its own form.
  for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup'])
    host.addEventListener(type, (e) => e.stopPropagation(), { signal });

  const place = () => {
    if (!field || !field.isConnected) {
      host.remove();
      return;
    }
    const r = field.getBoundingClientRect();
    if (host.parentNode !== container()) {
      container().append(host);
      stillSince = performance.now();
    }
    const h = host.getBoundingClientRect();
    // Right end of the field, vertically centred, in viewport coordinates (fixed): a
    // positioned <body> cannot shift it; scroll and resize move it along with the field.
    const next = pinnedStyle(Math.round(r.right - h.width - 4), Math.round(r.top + (r.height - h.height) / 2));
    if (next !== pinned || host.getAttribute('style') !== next) {
      pinned = next;
      host.setAttribute('style', pinned);
      tamper.takeRecords();
      stillSince = performance.now();
    }
  };
  addEventListener('resize', place, { passive: true, signal });
  addEventListener('scroll', place, { passive: true, capture: true, signal });
  signal.addEventListener(
    'abort',
    () => {
      tamper.disconnect();
      visibility?.disconnect();
      host.remove();
    },
    { once: true },
  );

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
