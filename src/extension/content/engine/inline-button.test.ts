// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createInlineButton } from './inline-button';

describe('inline button', () => {
  it('sits in its own closed shadow root, away from the page', () => {
    const field = document.createElement('input');
    document.body.append(field);
    const controller = new AbortController();
    const button = createInlineButton(() => undefined, controller.signal);
    button.attach(field);
    const host = document.querySelector('veil-fill-button') as HTMLElement;
    expect(host).not.toBeNull();
    expect(host.shadowRoot).toBeNull();
    expect(host.textContent).toBe('');
    controller.abort();
    expect(document.querySelector('veil-fill-button')).toBeNull();
  });

  it('ignores synthetic clicks: only a real click is a request', () => {
    const field = document.createElement('input');
    document.body.append(field);
    const onRequest = vi.fn();
    const controller = new AbortController();
    const original = Element.prototype.attachShadow;
    let shadow: ShadowRoot | undefined;
    // Capture the closed root the way only the extension itself can see it.
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
      shadow = original.call(this, init);
      return shadow;
    });
    createInlineButton(onRequest, controller.signal).attach(field);
    vi.restoreAllMocks();
    const inner = shadow!.querySelector('button')!;
    expect(inner.textContent).toBe('Fill a Veil card');
    inner.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onRequest).not.toHaveBeenCalled();
    controller.abort();
  });

  it('puts its pinned style back, and drops other attributes, when the page changes the host', async () => {
    const field = document.createElement('input');
    document.body.append(field);
    const controller = new AbortController();
    createInlineButton(() => undefined, controller.signal).attach(field);
    const host = document.querySelector('veil-fill-button') as HTMLElement;
    const pinned = host.getAttribute('style');
    expect(pinned).toMatch(/^all: initial !important;/);
    host.style.setProperty('opacity', '0', 'important');
    host.setAttribute('class', 'faded');
    // Mutation observers run at the next microtask checkpoint: before the page's next frame.
    await Promise.resolve();
    expect(host.getAttribute('style')).toBe(pinned);
    expect(host.hasAttribute('class')).toBe(false);
    controller.abort();
  });

  it('hides when there is no field', () => {
    const controller = new AbortController();
    const button = createInlineButton(() => undefined, controller.signal);
    button.attach(null);
    expect(document.querySelector('veil-fill-button')).toBeNull();
    controller.abort();
  });
});
