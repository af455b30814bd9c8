/** Page object for the demo shop's checkout and its outcome page. */
import type { Frame, Tab } from '../support/browser';

export const SHOPPER_ADDRESS = {
  name: 'Sam Shopper',
  line1: '12 Elm Street',
  city: 'Portland',
  state: 'OR',
  zip: '97201',
  phone: '5035550100',
  email: 'sam@example.com',
};

export class CheckoutPage {
  constructor(readonly page: Tab) {}

  /** `iframe`: the card fields in one payment frame; `fields`: each card field in a frame of its own. */
  static async open(
    page: Tab,
    shopOrigin: string,
    opts: { iframe?: boolean; fields?: boolean } = {},
  ): Promise<CheckoutPage> {
    await page.goto(`${shopOrigin}/checkout${opts.fields ? '?pay=fields' : opts.iframe ? '?pay=iframe' : ''}`);
    return new CheckoutPage(page);
  }

  /** The total the order summary shows. */
  orderTotal() {
    return this.page.locator('#order-total');
  }

  /** Changes the summary's total as the shop's own script would after a coupon or a shipping choice. */
  async showTotal(text: string): Promise<void> {
    await this.page.evaluate((t) => {
      document.getElementById('order-total')!.innerHTML = `<strong>${t}</strong>`;
    }, text);
  }

  /** The demo shop's EUR storefront (/eu): a German checkout showing "Gesamtsumme 49,00 €". */
  static async openEur(page: Tab, shopOrigin: string): Promise<CheckoutPage> {
    await page.goto(`${shopOrigin}/eu/checkout`);
    return new CheckoutPage(page);
  }

  /** The frame of one hosted card field (`fields` checkout). */
  async fieldFrame(part: 'number' | 'exp' | 'cvc'): Promise<Frame> {
    const frame = await frameAt(this.page, `/field/${part}`);
    if (!frame) throw new Error(`no ${part} frame on this checkout`);
    return frame;
  }

  /** The card as the hosted field frames hold it. */
  async fieldCard(): Promise<{ number: string; exp: string; cvc: string }> {
    return {
      number: await (await this.fieldFrame('number')).inputValue('#f'),
      exp: await (await this.fieldFrame('exp')).inputValue('#f'),
      cvc: await (await this.fieldFrame('cvc')).inputValue('#f'),
    };
  }

  /** Where the card fields live: the page, or the hosted payment frame. */
  async cardFrame(): Promise<Frame> {
    return (await frameAt(this.page, '/fields')) ?? this.page;
  }

  /** The advertiser's iframe beside the form (a shop started with `adFrameUrl`), with card fields of its own. */
  async adFrame(): Promise<Frame> {
    const frame = await frameAt(this.page, 'ad-card-fields');
    if (!frame) throw new Error('no ad frame on this checkout');
    return frame;
  }

  async adCard(): Promise<{ number: string; exp: string; cvc: string }> {
    const f = await this.adFrame();
    return {
      number: await f.inputValue('#ad-number'),
      exp: await f.inputValue('#ad-exp'),
      cvc: await f.inputValue('#ad-cvc'),
    };
  }

  /** Veil's inline button in a frame (its host element; the button sits in a closed shadow root). */
  fillButton(frame: Frame = this.page) {
    return frame.locator('veil-fill-button');
  }

  async typeAddress(a = SHOPPER_ADDRESS) {
    await this.page.fill('#ship-name', a.name);
    await this.page.fill('#ship-line1', a.line1);
    await this.page.fill('#ship-city', a.city);
    await this.page.selectOption('#ship-state', a.state);
    await this.page.fill('#ship-zip', a.zip);
    await this.page.fill('#ship-phone', a.phone);
    await this.page.fill('#email', a.email);
  }

  /** The shipping form as filled (by Veil's delivery masking or by hand). */
  async shipping(): Promise<{
    name: string;
    line1: string;
    line2: string;
    city: string;
    state: string;
    zip: string;
    country: string;
    email: string;
  }> {
    const v = (selector: string) => this.page.inputValue(selector);
    return {
      name: await v('#ship-name'),
      line1: await v('#ship-line1'),
      line2: await v('#ship-line2'),
      city: await v('#ship-city'),
      state: await v('#ship-state'),
      zip: await v('#ship-zip'),
      country: await v('#ship-country'),
      email: await v('#email'),
    };
  }

  async typeEmail(email: string) {
    await this.page.fill('#email', email);
  }

  async card(): Promise<{ number: string; exp: string; cvc: string }> {
    const f = await this.cardFrame();
    return {
      number: await f.inputValue('#cc-number'),
      exp: await f.inputValue('#cc-exp'),
      cvc: await f.inputValue('#cc-csc'),
    };
  }

  async typeCard(c: { number?: string; exp?: string; cvc?: string }) {
    const f = await this.cardFrame();
    if (c.number !== undefined) await f.fill('#cc-number', c.number);
    if (c.exp !== undefined) await f.fill('#cc-exp', c.exp);
    if (c.cvc !== undefined) await f.fill('#cc-csc', c.cvc);
  }

  /** Submits without waiting: confirmation modes keep the request open until the shopper answers. */
  async pay(): Promise<void> {
    await this.page.locator('#pay').click();
  }

  async outcome(timeoutMs = 90_000): Promise<{ status: string; reason: string; text: string }> {
    const el = this.page.locator('#outcome');
    await el.waitFor({ timeout: timeoutMs });
    return {
      status: (await el.getAttribute('data-status')) ?? '',
      reason: (await el.getAttribute('data-reason')) ?? '',
      text: await el.innerText(),
    };
  }
}

/** The first frame of the tab whose address contains `part`. */
async function frameAt(tab: Tab, part: string): Promise<Frame | undefined> {
  for (const f of await tab.frames()) if ((await f.url()).includes(part)) return f;
  return undefined;
}
