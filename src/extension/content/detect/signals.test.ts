// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { LabelIndex, readTexts, type Control } from './signals';

describe('LabelIndex', () => {
  it('finds the labels `el.labels` finds: for=, wrapping, several, none', () => {
    document.body.innerHTML = `
      <label for="a">Card number</label><input id="a">
      <label>Name <input id="b"></label>
      <label for="c">Postal</label><label for="c">code</label><input id="c">
      <label for="missing">Nothing</label><input id="d">`;
    const index = new LabelIndex();
    for (const el of document.querySelectorAll<Control>('input')) {
      expect(index.of(el)).toEqual(Array.from(el.labels ?? []));
      expect(readTexts(el, index)).toEqual(readTexts(el));
    }
  });

  it('reads labels within the control’s own shadow tree', () => {
    document.body.innerHTML = '<div id="host"></div><label for="x">Outside</label>';
    const shadow = document.getElementById('host')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<label for="x">Inside</label><input id="x">';
    const el = shadow.querySelector('input')!;
    expect(new LabelIndex().of(el).map((l) => l.textContent)).toEqual(['Inside']);
  });
});
