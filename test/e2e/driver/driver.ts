/**
 * The browser as the e2e suite sees it, whatever drives it: an extension browser with
 * tabs, a tab with frames, and locators. Page objects and specs use only these types;
 * test/e2e/driver/playwright.ts (Chromium) and test/e2e/driver/puppeteer.ts (Firefox
 * over WebDriver BiDi) implement them. Element queries are ours (query.ts), run in the
 * page by both adapters; actions (click, typing, the mouse) are the drivers' own trusted
 * input events.
 */
import { findElements, textMatch, type Step } from './query';

export type BrowserName = 'chromium' | 'firefox';

/** A function shipped into a page or extension realm: it must not close over anything; its argument is JSON. */
export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

/**
 * The call of `fn` on `arg` as one expression to evaluate in a page. A transpiler that
 * keeps function names (esbuild's keepNames, as tsx runs the benchmarks) wraps nested
 * functions in `__name(fn, "name")`, a helper the page does not have: it is defined
 * here as the identity.
 */
export function callExpression(fn: string, arg: unknown): string {
  return `(() => { const __name = (f) => f; return (${fn})(${JSON.stringify(arg ?? null)}); })()`;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What an adapter gives for one frame: evaluation, and native input on an element the query found. */
export interface FrameDriver {
  url(): Promise<string>;
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  /** Evaluates a self-contained expression (used to ship findElements with its chain). */
  evaluateExpression<R>(expression: string): Promise<R>;
  /** Trusted input on the element `expression` evaluates to: a click, or typing text into it (after it is cleared). */
  click(expression: string): Promise<void>;
  type(expression: string, text: string): Promise<void>;
  /** The element's box in the top frame's viewport (CSS pixels), across cross-origin frames too. */
  boundingBox(expression: string): Promise<Box | null>;
}

/** How long a locator waits for its element before an action or a read (the test's own timeout bounds it too). */
export const ACTION_TIMEOUT_MS = 30_000;

/**
 * A lazy element query in one frame, Playwright-shaped (the suite was written on
 * Playwright's Locator). Actions wait for a visible, enabled element; reads wait until one exists.
 */
export class Locator {
  constructor(
    private readonly frame: FrameDriver,
    readonly chain: Step[],
  ) {}

  private with(s: Step): Locator {
    return new Locator(this.frame, [...this.chain, s]);
  }

  locator(css: string, opts: { hasText?: string | RegExp } = {}): Locator {
    const l = this.with({ k: 'css', css });
    return opts.hasText === undefined ? l : l.filter({ hasText: opts.hasText });
  }
  getByRole(role: string, opts: { name?: string | RegExp; exact?: boolean } = {}): Locator {
    return this.with({
      k: 'role',
      role,
      ...(opts.name === undefined ? {} : { name: textMatch(opts.name, opts.exact) }),
    });
  }
  getByLabel(text: string | RegExp, opts: { exact?: boolean } = {}): Locator {
    return this.with({ k: 'label', text: textMatch(text, opts.exact) });
  }
  getByText(text: string | RegExp, opts: { exact?: boolean } = {}): Locator {
    return this.with({ k: 'text', text: textMatch(text, opts.exact) });
  }
  getByTestId(id: string): Locator {
    return this.with({ k: 'testid', id });
  }
  filter(opts: { hasText: string | RegExp }): Locator {
    return this.with({ k: 'has-text', text: textMatch(opts.hasText) });
  }
  nth(index: number): Locator {
    return this.with({ k: 'nth', index });
  }
  first(): Locator {
    return this.nth(0);
  }
  /** Either this or `other` (both from the frame's document), whichever exists. */
  or(other: Locator): Locator {
    return this.with({ k: 'or', other: other.chain });
  }

  /** An expression that evaluates `op` on the matched elements, in the page. */
  private expr(op: string, arg: unknown = null): string {
    const find = findElements.toString();
    return callExpression(`({ chain, arg }) => (${op})((${find})(chain), arg)`, { chain: this.chain, arg });
  }
  private read<R>(op: string, arg: unknown = null): Promise<R> {
    return this.frame.evaluateExpression<R>(this.expr(op, arg));
  }

  count(): Promise<number> {
    return this.read('(els) => els.length');
  }
  isVisible(): Promise<boolean> {
    return this.read('(els) => !!els[0] && els[0].getClientRects().length > 0');
  }

  /**
   * Waits for the first match to reach `state` (default visible). `enabled` is visible and
   * not disabled: what an action waits for, as Playwright's actionability check does. A
   * trusted click on a disabled button is dropped by the browser without a word, so an
   * action that did not wait would race whatever keeps the control disabled.
   */
  async waitFor(
    opts: { state?: 'visible' | 'enabled' | 'attached' | 'detached' | 'hidden'; timeout?: number } = {},
  ): Promise<void> {
    const state = opts.state ?? 'visible';
    const deadline = Date.now() + (opts.timeout ?? ACTION_TIMEOUT_MS);
    for (;;) {
      const [attached, visible, enabled] = await this.read<[boolean, boolean, boolean]>(
        `(els) => {
          const e = els[0];
          const visible = !!e && e.getClientRects().length > 0 && (e.checkVisibility?.({ visibilityProperty: true }) ?? true);
          return [!!e, visible, visible && !e.matches(':disabled')];
        }`,
      ).catch(() => [false, false, false] as [boolean, boolean, boolean]);
      const reached = { visible, enabled, attached, detached: !attached, hidden: !visible };
      if (reached[state]) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(this.chain)} to be ${state}`);
      await sleep(100);
    }
  }

  async click(): Promise<void> {
    await this.waitFor({ state: 'enabled' });
    await this.frame.click(this.expr('(els) => els[0]'));
  }
  async fill(value: string): Promise<void> {
    await this.waitFor({ state: 'enabled' });
    await this.frame.type(this.expr('(els) => els[0]'), value);
  }
  async check(): Promise<void> {
    await this.waitFor({ state: 'enabled' });
    if (!(await this.read<boolean>('(els) => els[0].checked'))) await this.click();
  }
  /** Selects an option by its label (or value), with the events a user's choice fires. */
  async selectOption(option: string | { label: string }): Promise<void> {
    await this.waitFor({ state: 'enabled' });
    const ok = await this.read<boolean>(
      `(els, want) => {
        const select = els[0];
        const option = Array.from(select.options).find((o) => (typeof want === 'string' ? o.value === want : o.label === want.label));
        if (!option) return false;
        select.value = option.value;
        select.dispatchEvent(new Event('input', { bubbles: true }));
        select.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
      }`,
      option,
    );
    if (!ok) throw new Error(`no option ${JSON.stringify(option)} in ${JSON.stringify(this.chain)}`);
  }

  async textContent(): Promise<string | null> {
    await this.waitFor({ state: 'attached' });
    return this.read('(els) => els[0] ? els[0].textContent : null');
  }
  async innerText(): Promise<string> {
    await this.waitFor({ state: 'attached' });
    return this.read("(els) => els[0] ? els[0].innerText : ''");
  }
  async inputValue(): Promise<string> {
    await this.waitFor({ state: 'attached' });
    return this.read("(els) => els[0] ? els[0].value : ''");
  }
  async getAttribute(name: string): Promise<string | null> {
    await this.waitFor({ state: 'attached' });
    return this.read('(els, name) => els[0] ? els[0].getAttribute(name) : null', name);
  }
  /** An attribute of every match, in document order. */
  attributeAll(name: string): Promise<(string | null)[]> {
    return this.read('(els, name) => els.map((e) => e.getAttribute(name))', name);
  }
  /** The first match's box in the top frame's viewport coordinates (as mouse clicks take them). */
  async boundingBox(): Promise<Box> {
    await this.waitFor();
    const box = await this.frame.boundingBox(this.expr('(els) => els[0]'));
    if (!box) throw new Error(`no box for ${JSON.stringify(this.chain)}`);
    return box;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A frame of a tab: its address, its elements and evaluation in its page. */
export class Frame {
  constructor(readonly driver: FrameDriver) {}
  url(): Promise<string> {
    return this.driver.url();
  }
  locator(css: string, opts: { hasText?: string | RegExp } = {}): Locator {
    return new Locator(this.driver, []).locator(css, opts);
  }
  getByRole(role: string, opts: { name?: string | RegExp; exact?: boolean } = {}): Locator {
    return new Locator(this.driver, []).getByRole(role, opts);
  }
  getByLabel(text: string | RegExp, opts: { exact?: boolean } = {}): Locator {
    return new Locator(this.driver, []).getByLabel(text, opts);
  }
  getByText(text: string | RegExp, opts: { exact?: boolean } = {}): Locator {
    return new Locator(this.driver, []).getByText(text, opts);
  }
  getByTestId(id: string): Locator {
    return new Locator(this.driver, []).getByTestId(id);
  }
  evaluate<R>(fn: PageFunction<void, R>): Promise<R>;
  evaluate<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  evaluate<A, R>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    return this.driver.evaluate(fn, arg as A);
  }
  /** Shortcuts the suite uses often. */
  fill(css: string, value: string): Promise<void> {
    return this.locator(css).fill(value);
  }
  inputValue(css: string): Promise<string> {
    return this.locator(css).inputValue();
  }
  selectOption(css: string, value: string): Promise<void> {
    return this.locator(css).selectOption(value);
  }
}

/** One tab (or window) of the browser. */
export interface Tab extends Frame {
  readonly browser: BrowserName;
  /** Loads `url` and waits for its load event (extension pages: for the document to be complete at that address). */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** The top frame and every frame in it, with their addresses. */
  frames(): Promise<Frame[]>;
  mainFrame(): Frame;
  /** A trusted click at a point of the viewport (CSS pixels). */
  mouseClick(x: number, y: number): Promise<void>;
  /** A trusted key press on whatever has the focus ('Tab', 'Enter', 'Shift+Tab'…). */
  press(key: string): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  bringToFront(): Promise<void>;
  screenshot(path: string, opts?: { fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** The browser with the built extension installed, in a fresh profile, with no network beyond loopback. */
export interface ExtensionBrowser {
  readonly name: BrowserName;
  /** The extension's origin host (Chromium: its id; Firefox: the UUID chosen at launch). */
  readonly extensionId: string;
  /** The address of an extension page, e.g. url('options/index.html'). */
  url(path: string): string;
  newTab(): Promise<Tab>;
  tabs(): Promise<Tab[]>;
  /** A tab whose address contains `part`, open now or within `timeoutMs` (windows the extension opens too). */
  waitForTab(part: string, timeoutMs?: number): Promise<Tab>;
  /**
   * Runs `fn` with the extension's privileges (chrome.* / browser.* APIs): Chromium in
   * the service worker, Firefox in an extension page of the harness (runtime messages
   * reach every extension page, so listeners there hear what the background hears).
   */
  inExtension<A, R>(fn: PageFunction<A, R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

/** The id of the tab showing `urlPrefix`, as the extension sees it. */
export async function tabIdOf(ext: ExtensionBrowser, urlPrefix: string): Promise<number> {
  return ext.inExtension(async (prefix) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url?.startsWith(prefix));
    if (tab?.id === undefined) throw new Error(`no tab at ${prefix}`);
    return tab.id;
  }, urlPrefix);
}
