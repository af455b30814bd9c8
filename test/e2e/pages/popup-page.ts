/** Page object for the toolbar popup, opened as a page for a given tab (as the toolbar would for the active tab). */
import type { ExtensionBrowser, Tab } from '../support/browser';
import { DownloadsSection } from './downloads-section';
import { sleep } from '../driver/driver';

export class PopupPage {
  private constructor(readonly page: Tab) {}

  static async open(ext: ExtensionBrowser, tabId: number): Promise<PopupPage> {
    await untilReported(ext, tabId);
    const page = await ext.newTab();
    await page.setViewport(360, 600);
    await page.goto(ext.url(`popup/index.html?tab=${tabId}`));
    return new PopupPage(page);
  }

  /** Files this shop delivered. */
  downloads() {
    return new DownloadsSection(this.page);
  }

  checkoutStatus() {
    return this.page.getByTestId('checkout-status');
  }

  /**
   * Waits until the popup says the tab is a checkout, reopening it as a shopper would:
   * the popup reads the tab's state when it opens, and a page that just loaded may not
   * have reported yet (Firefox's content scripts detect at idle time, later than Chromium's).
   * The limit is generous because it is a wait, not a timing check: on a loaded 2-core
   * machine the first popup has been seen to take over 15 s to get its answers.
   */
  async untilCheckoutDetected(timeoutMs = 40_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!/Checkout detected/.test((await this.checkoutStatus().textContent()) ?? '')) {
      if (Date.now() > deadline) throw new Error('the popup never said "Checkout detected"');
      await sleep(250);
      await this.reload();
    }
  }

  /** The "Test money" mark beside the balance (sandbox-funded balances). */
  testMoney() {
    return this.page.getByTestId('test-money');
  }

  async useCardHere() {
    await this.page.getByRole('button', { name: 'Use a Veil card here' }).click();
    await this.page.getByRole('status').waitFor();
  }

  /** "Card for €49.00 at shop.example", or that no order total was found (issuing for the cart). */
  cartSummary() {
    return this.page.getByTestId('cart-summary');
  }

  /** Waits until the popup shows the page's order total, reopening it as the checkout's total arrives. */
  async untilCartShown(text: RegExp, timeoutMs = 40_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (
      !text.test(
        (await this.cartSummary()
          .textContent()
          .catch(() => '')) ?? '',
      )
    ) {
      if (Date.now() > deadline) throw new Error(`the popup never showed ${text}`);
      await sleep(250);
      await this.reload();
    }
  }

  /** Changes the order total the card is issued for (the popup's editable amount; the cap follows it). */
  async setCartTotal(text: string) {
    await this.page.locator('#cart-amount').fill(text);
  }

  /** Opts in to paying from the home-currency balance; the provider's rate (or why none) is then shown. */
  async payFromHomeBalance(home: string) {
    await this.page.getByRole('checkbox', { name: `Pay from my ${home} balance` }).click();
  }

  fxQuote() {
    return this.page.getByTestId('fx-quote');
  }

  /** What the popup says after an action (filled, ready, where shipping goes). */
  notice() {
    return this.page.getByRole('status');
  }

  /** "What this shop sees": the card and shipping identity the shop gets. */
  shopView() {
    return this.page.getByRole('region', { name: 'What this shop sees' });
  }

  /** The private connection's switch for this site, and what it says it means. */
  privateSwitch() {
    return this.page.getByLabel('Private connection');
  }

  privateStatus() {
    return this.page.getByTestId('private-status');
  }

  /** Flips the switch (the popup then says what the new state means). */
  async togglePrivate() {
    await this.privateSwitch().click();
  }

  cards() {
    return this.page.locator('li.card-row');
  }

  card(last4: string) {
    return this.page.getByRole('listitem', { name: `Card ending ${last4}` });
  }

  /** Marks the next card as a free trial ending on `day` (YYYY-MM-DD), as the shopper types it. */
  async setTrialDay(day: string) {
    await this.setDate('Trial ends on', day);
  }

  /**
   * A date input's value as the date picker would leave it. Typed keys would be read in
   * the browser's locale order (month/day or day/month), so the value is set directly,
   * with the input event the picker sends.
   */
  private async setDate(label: string, day: string) {
    await this.page.getByLabel(label).waitFor();
    await this.page.evaluate(
      ([l, value]) => {
        const el = [...document.querySelectorAll<HTMLInputElement>('input[type=date]')].find(
          (e) => e.getAttribute('aria-label') === l,
        )!;
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      [label, day] as const,
    );
  }

  /** The trial suggestion taken from the page's wording, when the popup offers one. */
  trialSuggestion() {
    return this.page.getByTestId('trial-suggestion');
  }

  /** Moves a trial card's end to `day` from its row and saves it. */
  async setCardTrialDay(last4: string, day: string) {
    await this.setDate(`Trial end for card ending ${last4}`, day);
    await this.card(last4).getByRole('button', { name: 'Save date' }).click();
  }

  /** What a trial card's row says of its trial. */
  trialRow(last4: string) {
    return this.card(last4).getByTestId('trial-row');
  }

  async act(last4: string, action: 'Pause' | 'Resume' | 'Close' | 'Fill' | 'Unblock') {
    await this.card(last4).getByRole('button', { name: action, exact: true }).click();
  }

  /** Fills an existing card into the tab and waits for the popup to say how it went. */
  async fill(last4: string) {
    await this.act(last4, 'Fill');
    await this.page.getByRole('status').waitFor();
  }

  /** A card's mode as its selector shows it (notification, confirmation, card_reader, recurring). */
  mode(last4: string): Promise<string> {
    return this.card(last4).getByLabel(`Mode for card ending ${last4}`).inputValue();
  }

  /** Changes a card's mode; leaving security-key mode asks for the account password first. */
  async setMode(
    last4: string,
    mode: 'Notify me' | 'Ask me to confirm' | 'Security key' | 'Recurring',
    password?: string,
  ) {
    const card = this.card(last4);
    await card.getByLabel(`Mode for card ending ${last4}`).selectOption({ label: mode });
    if (password !== undefined) {
      await card.getByLabel('Password to leave security-key mode').fill(password);
      await card.getByRole('button', { name: 'Change mode' }).click();
    }
  }

  /** The vault prompt a locked popup shows instead of the wallet. */
  lockedPrompt() {
    return this.page.getByRole('heading', { name: 'Veil is locked' });
  }

  error() {
    return this.page.getByRole('alert');
  }

  /** A request sent from the popup's own page, as the popup's code would send it: the reply as the background gives it. */
  send(message: { kind: string } & Record<string, unknown>): Promise<unknown> {
    return this.page.evaluate(async (m) => chrome.runtime.sendMessage(m), message);
  }

  async unlock(passphrase: string) {
    await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await this.page.getByRole('button', { name: 'Unlock', exact: true }).click();
  }

  async lock() {
    await this.page.getByRole('button', { name: 'Lock' }).click();
  }

  async reload() {
    await this.page.reload();
  }
}

/**
 * Waits until the content script of the tab has reported its page to the background, as
 * it has by the time a shopper looks at the page and clicks the toolbar. The popup tab
 * opened at once would hide the shop's tab, and a hidden tab's idle-time detection may
 * wait (browsers defer idle callbacks in background tabs). A page without a form never
 * reports (the content script stays idle there), so after the wait the popup opens
 * anyway; where a checkout matters, `untilCheckoutDetected` reopens it until it says so.
 */
async function untilReported(ext: ExtensionBrowser, tabId: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const reported = () =>
    ext.inExtension(
      async (prefix) => Object.keys(await chrome.storage.session.get(null)).some((k) => k.startsWith(prefix)),
      `frame:${tabId}:`,
    );
  while (!(await reported())) {
    if (Date.now() > deadline) return;
    await sleep(100);
  }
}
