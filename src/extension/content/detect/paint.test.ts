import { describe, expect, it } from 'vitest';
import {
  WHITE,
  applyFilter,
  colorsIn,
  contrast,
  filterBlur,
  filterOpacity,
  maskHides,
  over,
  parseColor,
} from './paint';

/** A computed style as far as maskHides reads it. */
const style = (props: Record<string, string>) =>
  ({ getPropertyValue: (name: string) => props[name] ?? '' }) as unknown as CSSStyleDeclaration;

describe('paint', () => {
  it('reads computed colours, and gives up on the ones it cannot', () => {
    expect(parseColor('rgb(255, 0, 0)')).toEqual({ r: 1, g: 0, b: 0, a: 1 });
    expect(parseColor('rgba(0, 0, 0, 0)')?.a).toBe(0);
    expect(parseColor('rgb(0 0 0 / 50%)')?.a).toBe(0.5);
    expect(parseColor('transparent')?.a).toBe(0);
    expect(parseColor('oklch(0.5 0.1 200)')).toBeNull();
    expect(colorsIn('linear-gradient(rgba(0, 0, 0, 0), rgb(1, 2, 3))')).toHaveLength(2);
  });

  it('contrast: 21 for black on white, 1 for text the colour of its field', () => {
    const black = parseColor('rgb(0, 0, 0)')!;
    expect(contrast(black, WHITE)).toBeCloseTo(21);
    expect(contrast(over(parseColor('rgba(0, 0, 0, 0)')!, WHITE), WHITE)).toBe(1);
    // brightness(0) paints text and field black alike.
    expect(contrast(applyFilter('brightness(0)', black), applyFilter('brightness(0)', WHITE))).toBe(1);
    expect(contrast(applyFilter('contrast(0)', black), applyFilter('contrast(0)', WHITE))).toBe(1);
  });

  it('filter opacity and blur add up over the functions of a filter', () => {
    expect(filterOpacity('opacity(0)')).toBe(0);
    expect(filterOpacity('grayscale(1) opacity(0.5) opacity(50%)')).toBe(0.25);
    expect(filterOpacity('none')).toBe(1);
    expect(filterBlur('blur(6px) drop-shadow(rgb(0, 0, 0) 1px 1px 2px)')).toBe(6);
  });

  it('a mask hides when nothing of it is opaque, or when it cannot be judged', () => {
    expect(maskHides(style({ 'mask-image': 'none' }), 0.1)).toBe(false);
    expect(maskHides(style({ 'mask-image': 'linear-gradient(rgba(0, 0, 0, 0), rgba(0, 0, 0, 0))' }), 0.1)).toBe(true);
    expect(maskHides(style({ '-webkit-mask-image': 'linear-gradient(rgb(0, 0, 0), rgba(0, 0, 0, 0))' }), 0.1)).toBe(
      false,
    );
    expect(
      maskHides(style({ 'mask-image': 'linear-gradient(rgb(0, 0, 0), rgb(0, 0, 0))', 'mask-mode': 'luminance' }), 0.1),
    ).toBe(true);
    expect(
      maskHides(style({ 'mask-image': 'linear-gradient(rgb(0, 0, 0), rgb(0, 0, 0))', 'mask-size': '0px 0px' }), 0.1),
    ).toBe(true);
    expect(maskHides(style({ 'mask-image': 'url("data:image/svg+xml,…")' }), 0.1)).toBe(true);
    expect(
      maskHides(
        style({
          'mask-image': 'linear-gradient(rgb(0, 0, 0), rgb(0, 0, 0)), linear-gradient(rgb(0, 0, 0), rgb(0, 0, 0))',
        }),
        0.1,
      ),
    ).toBe(true);
  });
});
