/**
 * The frames of one tab judged together: hosted payment fields put the card number, the
 * expiry and the security code each in a frame of its own, and a frame that holds only
 * an expiry or only a "CVV" box cannot tell on its own whether it is part of a card form
 * (content/detect/card-form.ts holds such fields back). The background knows every frame
 * of the tab and which may receive a card (frame-access.ts), and decides here:
 *
 * A frame's held parts count when the tab's OTHER allowed frames (the top page
 * included) complete the card form with them: a held expiry, CVC or holder name needs a
 * card number elsewhere; a held number needs an expiry or a CVC elsewhere. Only allowed
 * frames count, on both sides: an ad frame's card number completes nothing, and an ad
 * frame's expiry is never filled. Parts of one frame never complete each other (that is
 * the frame's own business: two forms of one page are two forms).
 */
import type { CardPart, FrameDetection } from '../messages';

export interface FrameParts extends Pick<FrameDetection, 'held' | 'parts' | 'checkout'> {
  /** May this frame receive a card at all (frame-access.ts)? */
  allowed: boolean;
}

/** Every part a frame shows, confirmed or held. */
function partsOf(f: FrameParts): CardPart[] {
  return [...(f.parts ?? []), ...(f.held ?? []), ...(f.checkout ? (['number'] as const) : [])];
}

/** The frames (by id) whose held card fields count. */
export function framesCompleted(frames: ReadonlyMap<number, FrameParts>): Set<number> {
  const out = new Set<number>();
  for (const [id, frame] of frames) {
    if (!frame.allowed || !frame.held?.length) continue;
    const elsewhere = new Set<CardPart>();
    for (const [other, f] of frames) if (other !== id && f.allowed) for (const p of partsOf(f)) elsewhere.add(p);
    const held = new Set(frame.held);
    const needsNumber = held.has('expiry') || held.has('csc') || held.has('name');
    const completes =
      (needsNumber && elsewhere.has('number')) ||
      (held.has('number') && (elsewhere.has('expiry') || elsewhere.has('csc')));
    if (completes) out.add(id);
  }
  return out;
}

/** Does the tab hold a card form: one frame with its own, or held parts completed by the others? */
export const tabHasCardForm = (frames: ReadonlyMap<number, FrameParts>): boolean =>
  [...frames.values()].some((f) => f.allowed && f.checkout) || framesCompleted(frames).size > 0;
