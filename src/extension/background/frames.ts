/**
 * What the content scripts of each tab reported, per frame, with what the browser
 * itself said about the reporting frame (its origin and document): a fill later goes
 * only to frames whose recorded origin is allowed, and to that very document. Kept in
 * storage.session (not worker memory) because the service worker may be stopped
 * between the report and the shopper's click. One key per frame: frames report at the
 * same moment (the key layout is in store/browser-storage.ts).
 */
import type { FrameDetection } from '../messages';
import { frameReports } from '../store';

export interface FrameRecord extends FrameDetection {
  /** The frame's origin from the message sender (never from the content script's claim); "null" when unknown. */
  origin: string;
  /** The reporting document, where the browser names it (Chromium): a fill is sent to it only, not to whatever the frame shows later. */
  documentId?: string;
  /** The tab's other frames complete this frame's held card fields (held-frames.ts), as last told to the frame. */
  completed?: boolean;
}

const reports = frameReports<FrameRecord>();

export const recordFrame = (tabId: number, frameId: number, record: FrameRecord): Promise<void> =>
  reports.set(tabId, frameId, record);
export const framesOf = (tabId: number): Promise<Map<number, FrameRecord>> => reports.ofTab(tabId);
export const forgetTab = (tabId: number): Promise<void> => reports.forgetTab(tabId);
