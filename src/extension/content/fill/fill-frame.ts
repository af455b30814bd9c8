/**
 * The whole `content.fill` answer for one frame: check where the frame is, detect
 * afresh (the page may have changed since the last idle scan), and fill what the
 * frame may receive. Throws when the frame must not be filled at all: the background
 * checked before sending, and this frame checks again from its own window, in case it
 * navigated in between.
 */
import type { FillValues } from '../../messages';
import { detect } from '../detect/detect';
import { fillFields } from './fill';
import { fillPermission, frameInfo } from './frame-policy';

export function fillFrame(
  merchantOrigin: string,
  paymentOrigins: readonly string[],
  values: FillValues,
  win: Window = window,
  /** The background judged the tab's frames together: this frame's held card fields belong to its card form. */
  held = false,
): { filled: number } {
  const permission = fillPermission(frameInfo(win), merchantOrigin, paymentOrigins);
  if (!permission.allowed) throw new Error(`not filled: ${permission.reason}`);
  const detection = detect(win.document);
  const fields = held ? [...detection.fields, ...detection.held] : detection.fields;
  return { filled: fillFields(fields, values, { cardOnly: permission.cardOnly }) };
}
