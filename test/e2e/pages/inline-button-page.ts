/**
 * Page object for a fixture page with the built extension: the inline button in the
 * card-number field of one frame (the page's, or a payment frame's), where clicks land,
 * and what reached the background.
 */
import { sleep, type Box } from '../driver/driver';
import type { ExtensionBrowser, Frame, Locator, Tab } from '../support/browser';
import { MIN_STILL_MS } from '../../../src/extension/content/engine/button-guard';

export type { Box };

/** The button accepts clicks only after sitting still MIN_STILL_MS; this is that with room to spare. */
const STILL_MS = MIN_STILL_MS + 250;

export interface ButtonFrame {
  /** Part of the frame's URL; the top frame when absent. */
  frameUrl?: string;
  /** The card form, where markers are added (see fillRequests). */
  form: string;
  /** The card-number field that holds the button. */
  field: string;
}

/** attack.html: the button sits in its visible card form. */
export const ATTACK_PAGE: ButtonFrame = { form: 'form#pay', field: '#v-number' };

export class InlineButtonPage {
  private markers = 0;

  private constructor(
    readonly page: Tab,
    /** The frame with the card form and the button. */
    readonly frame: Frame,
    private readonly ext: ExtensionBrowser,
    private readonly where: ButtonFrame,
  ) {}

  /**
   * Opens the page once the background listens along (it only records: the extension's
   * own handler still answers) and waits for the button in the visible card-number field.
   */
  static async open(
    page: Tab,
    ext: ExtensionBrowser,
    url: string,
    where: ButtonFrame = ATTACK_PAGE,
  ): Promise<InlineButtonPage> {
    await ext.inExtension(() => {
      const g = globalThis as unknown as { __heard?: string[] };
      if (g.__heard) return;
      g.__heard = [];
      chrome.runtime.onMessage.addListener((m) => {
        g.__heard!.push(m.kind === 'content.detected' ? `detected:${m.cardFields}` : String(m.kind));
        return undefined;
      });
    }, null);
    await ext.inExtension(() => ((globalThis as unknown as { __heard: string[] }).__heard.length = 0), null);
    await page.goto(url);
    let frame: Frame | undefined = page.mainFrame();
    if (where.frameUrl) {
      frame = undefined;
      for (const f of await page.frames()) if ((await f.url()).includes(where.frameUrl)) frame = f;
    }
    if (!frame) throw new Error(`no frame at ${where.frameUrl}`);
    const opened = new InlineButtonPage(page, frame, ext, where);
    await opened.host().waitFor({ state: 'visible' });
    // Every click the frame sees, by its target (the host, for a click on the button).
    await frame.evaluate(() => {
      const g = globalThis as unknown as { __clicks: string[] };
      g.__clicks = [];
      addEventListener('click', (e) => g.__clicks.push((e.target as Element).tagName.toLowerCase()), true);
    });
    return opened;
  }

  host(): Locator {
    return this.frame.locator('veil-fill-button');
  }

  field(): Locator {
    return this.frame.locator(this.where.field);
  }

  async hostBox(): Promise<Box> {
    return this.host().boundingBox();
  }

  async fieldBox(): Promise<Box> {
    return this.field().boundingBox();
  }

  hostStyle(): Promise<string | null> {
    return this.host().getAttribute('style');
  }

  /** Lets the button sit still long enough for a click to count (a fixed lower bound, not a race: waiting longer changes nothing). */
  async letSettle(): Promise<void> {
    await sleep(STILL_MS);
  }

  /**
   * Waits until the browser's own visibility tracking (IntersectionObserver v2, which
   * the button also listens to) reports the button `visible` or not: an observer of the
   * test's, on the same element, in the same frame.
   */
  async browserSees(visible: boolean): Promise<void> {
    await this.frame.evaluate(
      (want) =>
        new Promise<void>((resolve) => {
          const io = new IntersectionObserver(
            (entries) => {
              if (entries.some((e) => (e as IntersectionObserverEntry & { isVisible: boolean }).isVisible === want)) {
                io.disconnect();
                resolve();
              }
            },
            { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
          );
          io.observe(document.querySelector('veil-fill-button')!);
        }),
      visible,
    );
  }

  /** A real click (an input event, isTrusted) at a viewport point; by default the button's centre. */
  async click(at?: { x: number; y: number }): Promise<void> {
    const box = await this.hostBox();
    const point = at ?? { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await this.page.mouseClick(point.x, point.y);
  }

  /** Targets of the clicks the frame saw, in order. */
  clicks(): Promise<string[]> {
    return this.frame.evaluate(() => (globalThis as unknown as { __clicks: string[] }).__clicks);
  }

  /**
   * The fill requests the background received from this page so far, counted only once
   * every message the content script sent before now has arrived: a card field is added,
   * and the background hearing of it (a later message from the same frame, so delivered
   * after any earlier one) closes the count.
   */
  async fillRequests(): Promise<number> {
    const heard = () => this.ext.inExtension(() => [...(globalThis as unknown as { __heard: string[] }).__heard], null);
    const cardFields = (log: string[]) =>
      Math.max(0, ...log.filter((k) => k.startsWith('detected:')).map((k) => Number(k.slice('detected:'.length))));
    const before = await heard();
    this.markers++;
    await this.frame.evaluate(
      ([n, form]) => {
        const input = document.createElement('input');
        input.setAttribute('autocomplete', 'cc-csc');
        input.id = `marker-${n}`;
        document.querySelector(form)!.append(input);
      },
      [this.markers, this.where.form] as const,
    );
    const deadline = Date.now() + 15_000;
    let log = before;
    while (cardFields(log) <= cardFields(before)) {
      if (Date.now() > deadline) throw new Error(`the background never heard of the marker: ${log.join(', ')}`);
      await sleep(50);
      log = await heard();
    }
    return log.filter((k) => k === 'content.fillRequested').length;
  }

  /** The value of every field of the frame: hidden recipes by their recipe, visible ones by id (attack.html marks them so). */
  async values(): Promise<{ hidden: Record<string, string>; visible: Record<string, string> }> {
    return this.frame.evaluate(() => {
      const read = (selector: string, key: (e: HTMLInputElement) => string) =>
        Object.fromEntries(Array.from(document.querySelectorAll<HTMLInputElement>(selector), (e) => [key(e), e.value]));
      return {
        hidden: read('input[data-recipe]', (e) => `${e.id}: ${e.getAttribute('data-recipe')}`),
        visible: read('input[data-visible]', (e) => e.id),
      };
    });
  }
}
