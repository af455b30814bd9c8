/**
 * Writes a value the way a person's typing would arrive, so framework-controlled inputs
 * keep it. React tracks `value` through its own property on the element: assigning
 * `el.value` updates that tracker and React then drops the change as a no-op, so the
 * value is set through the prototype's native setter instead. Then the events every
 * framework listens to: input (React, Vue v-model, Angular), change (selects, Vue .lazy),
 * and blur/focusout (Angular "touched", validation on leave).
 */
type Writable = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function nativeSetter(el: Writable): ((v: string) => void) | undefined {
  const proto = Object.getPrototypeOf(el) as object;
  return Object.getOwnPropertyDescriptor(proto, 'value')?.set;
}

function writeRaw(el: Writable, value: string): void {
  const setter = nativeSetter(el);
  if (setter) setter.call(el, value);
  else el.value = value;
}

function fire(el: Element, event: Event): void {
  el.dispatchEvent(event);
}

function inputEvent(data: string): Event {
  return typeof InputEvent === 'function'
    ? new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data })
    : new Event('input', { bubbles: true, composed: true });
}

/** Sets the whole value at once, then input, change, blur. */
export function setValue(el: Writable, value: string): void {
  fire(el, new FocusEvent('focus'));
  fire(el, new FocusEvent('focusin', { bubbles: true, composed: true }));
  writeRaw(el, value);
  fire(el, inputEvent(value));
  fire(el, new Event('change', { bubbles: true }));
  fire(el, new FocusEvent('blur'));
  fire(el, new FocusEvent('focusout', { bubbles: true, composed: true }));
}

/**
 * For masked inputs that rebuild their value on every keystroke ("4999 9201 …"): one
 * character at a time, each followed by an input event, so the mask sees typing.
 */
export function typeValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  fire(el, new FocusEvent('focus'));
  fire(el, new FocusEvent('focusin', { bubbles: true, composed: true }));
  writeRaw(el, '');
  for (const ch of value) {
    writeRaw(el, el.value + ch);
    fire(el, inputEvent(ch));
  }
  fire(el, new Event('change', { bubbles: true }));
  fire(el, new FocusEvent('blur'));
  fire(el, new FocusEvent('focusout', { bubbles: true, composed: true }));
}

const digits = (s: string) => s.replace(/\D/g, '');

/**
 * Sets a value whose digits are what matters (card number, CSC, expiry): whole first;
 * if a mask or maxlength mangled the digits, types it instead.
 */
export function setDigits(el: HTMLInputElement | HTMLTextAreaElement, value: string): boolean {
  setValue(el, value);
  if (digits(el.value) === digits(value)) return true;
  typeValue(el, value);
  return digits(el.value) === digits(value);
}
