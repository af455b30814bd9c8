// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { setDigits, setValue } from './set-value';

/**
 * React's controlled inputs keep a "last known value" tracker on the element's own
 * `value` property and ignore an input event whose value equals it. This reproduces
 * that: a plain `el.value = x` updates the tracker, so the event is ignored.
 */
function reactLikeInput(): { el: HTMLInputElement; state: () => string } {
  const el = document.createElement('input');
  document.body.append(el);
  const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  let tracked = '';
  let state = '';
  Object.defineProperty(el, 'value', {
    configurable: true,
    get: () => proto.get!.call(el) as string,
    set: (v: string) => {
      tracked = v;
      proto.set!.call(el, v);
    },
  });
  el.addEventListener('input', () => {
    const now = proto.get!.call(el) as string;
    if (now !== tracked) {
      tracked = now;
      state = now;
    }
  });
  return { el, state: () => state };
}

describe('setValue', () => {
  it('reaches a React-style controlled input where plain assignment does not', () => {
    const plain = reactLikeInput();
    plain.el.value = 'Ada';
    plain.el.dispatchEvent(new Event('input', { bubbles: true }));
    expect(plain.state()).toBe('');

    const filled = reactLikeInput();
    setValue(filled.el, 'Ada');
    expect(filled.state()).toBe('Ada');
  });

  it('fires input, change and blur in that order', () => {
    const el = document.createElement('input');
    document.body.append(el);
    const seen: string[] = [];
    for (const type of ['focus', 'input', 'change', 'blur']) el.addEventListener(type, () => seen.push(type));
    setValue(el, 'x');
    expect(seen).toEqual(['focus', 'input', 'change', 'blur']);
    expect(el.value).toBe('x');
  });

  it('input and change bubble to a framework listening on the form', () => {
    const form = document.createElement('form');
    const el = document.createElement('input');
    form.append(el);
    document.body.append(form);
    const seen: string[] = [];
    form.addEventListener('input', () => seen.push('input'));
    form.addEventListener('change', () => seen.push('change'));
    form.addEventListener('focusout', () => seen.push('focusout'));
    setValue(el, 'x');
    expect(seen).toEqual(['input', 'change', 'focusout']);
  });
});

describe('setDigits on masked inputs', () => {
  it('a mask that inserts spaces keeps all the digits', () => {
    const el = document.createElement('input');
    el.maxLength = 19;
    document.body.append(el);
    el.addEventListener('input', () => {
      const d = el.value.replace(/\D/g, '').slice(0, 16);
      el.value = d.replace(/(\d{4})(?=\d)/g, '$1 ');
    });
    expect(setDigits(el, '4999920123456789')).toBe(true);
    expect(el.value).toBe('4999 9201 2345 6789');
  });

  it('a mask that only accepts typing gets the value typed', () => {
    const el = document.createElement('input');
    document.body.append(el);
    // Accepts one new character per input event, as keystroke-driven masks do.
    let accepted = '';
    el.addEventListener('input', () => {
      const d = el.value.replace(/\D/g, '');
      accepted = d.length <= accepted.replace(/\D/g, '').length + 1 ? d : accepted.replace(/\D/g, '');
      el.value = accepted.replace(/(\d{4})(?=\d)/g, '$1-');
    });
    expect(setDigits(el, '4999920123456789')).toBe(true);
    expect(el.value).toBe('4999-9201-2345-6789');
  });
});
