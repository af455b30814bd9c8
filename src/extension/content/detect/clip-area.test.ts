import { describe, expect, it } from 'vitest';
import { clipRegion, visibleShare } from './clip-area';

const box = { left: 10, top: 20, width: 200, height: 30 };
/** The share of an element's own box left by its clip-path / clip. */
const share = (clipPath: string, clip = '') => {
  const region = clipRegion(clipPath, clip, box.width, box.height);
  return region === 'none' || region === null ? region : visibleShare(region, box, box);
};

describe('clip area', () => {
  it('measures the visually-hidden recipes as (nearly) nothing, whatever their exact numbers', () => {
    expect(share('inset(50%)')).toBe(0);
    expect(share('inset(49.5%)')).toBeCloseTo(0.0001, 4);
    expect(share('polygon(0px 0px, 200px 0px, 100px 0px)')).toBe(0);
    expect(share('polygon(50% 50%, 50% 50%, 50% 50%)')).toBe(0);
    expect(share('circle(0px at 50% 50%)')).toBe(0);
    expect(share('none', 'rect(0px, 0px, 0px, 0px)')).toBe(0);
  });

  it('keeps what an ordinary clip leaves', () => {
    expect(share('none')).toBe('none');
    expect(share('border-box')).toBe('none');
    expect(share('inset(0px round 4px)')).toBe(1);
    expect(share('inset(0px 0px 0px 50%)')).toBeCloseTo(0.5);
    expect(share('polygon(evenodd, 0% 0%, 100% 0%, 100% 100%, 0% 100%)')).toBe(1);
    // A 32-sided polygon stands in for the ellipse: within 1% of its area.
    expect(share('ellipse(50% 50% at 50% 50%)')).toBeCloseTo(Math.PI / 4, 1);
    expect(share('none', 'rect(auto, auto, auto, auto)')).toBe(1);
  });

  it('cannot measure url(), path() or calc(): null, left to the hit tests', () => {
    expect(share('url("#c")')).toBeNull();
    expect(share('path("M0 0 L1 1")')).toBeNull();
    expect(share('inset(calc(50% - 1px))')).toBeNull();
  });

  it("an ancestor's clip counts for the part of the control inside it", () => {
    const ancestor = { left: 0, top: 0, width: 400, height: 100 };
    // The ancestor keeps only its left 10 px: the control (x 10–210) is outside it.
    const region = clipRegion('inset(0px 390px 0px 0px)', '', ancestor.width, ancestor.height);
    expect(region !== null && region !== 'none' && visibleShare(region, ancestor, box)).toBe(0);
  });
});
