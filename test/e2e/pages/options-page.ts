/** Page object for the options page: tests say what a shopper does, not which selectors. */
import type { ExtensionBrowser, Tab } from '../support/browser';
import { DownloadsSection } from './downloads-section';

/** The options page's views, as named in its navigation. */
export type OptionsView = 'Cards' | 'Subscriptions' | 'Activity' | 'Funding' | 'Delivery' | 'Security' | 'Settings';

export class OptionsPage {
  private constructor(readonly page: Tab) {}

  nav() {
    return this.page.locator('nav.views-nav');
  }

  /** The view's heading: the page shows one view at a time, titled by its name. */
  viewHeading(view: OptionsView) {
    return this.page.getByRole('heading', { name: view, exact: true });
  }

  /** Goes to a view through its link in the navigation, as a shopper would. */
  async show(view: OptionsView) {
    await this.nav().getByRole('link', { name: view, exact: true }).click();
    await this.viewHeading(view).waitFor();
    await this.loaded();
  }

  /** Until the view has what it loads (no "Loading …" left). */
  async loaded() {
    await this.page.getByText(/^Loading .*…$/).waitFor({ state: 'detached' });
  }

  static async open(ext: ExtensionBrowser): Promise<OptionsPage> {
    const page = await ext.newTab();
    await page.goto(ext.url('options/index.html'));
    return new OptionsPage(page);
  }

  /** Opens the page at a view's address (#cards…), as a bookmark or a typed URL would. */
  async goToHash(ext: ExtensionBrowser, hash: string) {
    await this.page.goto(ext.url(`options/index.html#${hash}`));
  }

  /** The address bar's hash, and the text of what has the keyboard focus. */
  where(): Promise<{ hash: string; focused: string; tag: string }> {
    return this.page.evaluate(() => ({
      hash: location.hash,
      focused: document.activeElement?.textContent?.trim() ?? '',
      tag: document.activeElement?.tagName ?? '',
    }));
  }

  /** Presses Tab until the nav link named `view` has the focus (bounded), then Enter: a keyboard user's move. */
  async moveByKeyboard(view: OptionsView) {
    for (let i = 0; i < 30; i++) {
      const { focused, tag } = await this.where();
      if (tag === 'A' && focused === view) break;
      await this.page.press('Tab');
    }
    await this.page.press('Enter');
    await this.viewHeading(view).waitFor();
  }

  /** The Cards view's rows. */
  cardRows() {
    return this.page.locator('ul.cards-list > li');
  }

  cardRow(last4: string) {
    return this.page.locator('ul.cards-list > li', { hasText: `•••• ${last4}` });
  }

  async actOnCard(last4: string, action: 'Pause' | 'Resume' | 'Close') {
    await this.cardRow(last4).getByRole('button', { name: action, exact: true }).click();
  }

  async createVault(passphrase: string) {
    await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await this.page.getByLabel('Repeat passphrase').fill(passphrase);
    await this.page.getByRole('button', { name: 'Create vault' }).click();
    await this.page.getByRole('heading', { name: 'Account' }).waitFor();
  }

  async unlock(passphrase: string) {
    await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await this.page.getByRole('button', { name: 'Unlock', exact: true }).click();
  }

  async lock() {
    await this.page.getByRole('button', { name: 'Lock now' }).click();
    await this.page.getByRole('heading', { name: 'Veil is locked' }).waitFor();
  }

  async setProvider(url: string) {
    await this.show('Settings');
    await this.page.getByLabel('Provider address').fill(url);
    await this.page.getByRole('button', { name: 'Save address' }).click();
  }

  async signUp(email: string, password: string) {
    await this.show('Settings');
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
    await this.page.getByText(`Signed in as ${email}`).waitFor();
  }

  async addCard(number: string, expiry: string, holder: string) {
    await this.show('Funding');
    await this.page.getByLabel('Card', { exact: true }).check();
    await this.page.getByLabel('Card number').fill(number);
    await this.page.getByLabel('Expiry (MM/YY)').fill(expiry);
    await this.page.getByLabel('Holder name').fill(holder);
    await this.page.getByRole('button', { name: 'Add source' }).click();
  }

  async addBank(routing: string, account: string, holder: string) {
    await this.show('Funding');
    await this.page.getByLabel('Bank account', { exact: true }).check();
    await this.page.getByLabel('Routing number').fill(routing);
    await this.page.getByLabel('Account number').fill(account);
    await this.page.getByLabel('Holder name').fill(holder);
    await this.page.getByRole('button', { name: 'Add source' }).click();
  }

  sources() {
    return this.page.locator('ul.sources li');
  }

  error() {
    return this.page.getByRole('alert');
  }

  async topUp(amount: string) {
    await this.show('Funding');
    await this.page.getByLabel('Top-up amount (USD)').fill(amount);
    await this.page.getByRole('button', { name: 'Top up' }).click();
  }

  balance() {
    return this.page.getByTestId('balance');
  }

  /** The "Test money" mark beside the balance (sandbox-funded balances). */
  testMoney() {
    return this.page.getByTestId('test-money');
  }

  async setDefaults(d: { mode?: 'Notify me' | 'Ask me to confirm' | 'Security key' | 'Recurring'; cap?: string }) {
    await this.page.reload();
    await this.show('Settings');
    if (d.mode) await this.page.getByLabel('Mode', { exact: true }).selectOption({ label: d.mode });
    if (d.cap) await this.page.getByLabel('Cap per card (USD)').fill(d.cap);
    await this.page.getByRole('button', { name: 'Save defaults' }).click();
    await this.page.getByText('Saved.').waitFor();
  }

  async registerSecurityKey(name: string, password: string) {
    await this.show('Security');
    const section = this.page.getByRole('region', { name: 'Security keys' });
    await section.getByLabel('Key name').fill(name);
    await section.getByLabel('Account password').fill(password);
    await this.page.getByRole('button', { name: 'Register a security key' }).click();
    const added = this.page.locator('ul.keys li', { hasText: name });
    const failed = this.page.locator('section[aria-labelledby="keys-title"] [role="alert"]');
    await added.or(failed).first().waitFor();
    // Surface the page's own words when registration failed.
    if (await failed.count()) throw new Error(`registering a security key failed: ${await failed.innerText()}`);
  }

  /** Removes a security key: the page asks for the account password first. */
  async removeSecurityKey(name: string, password: string) {
    await this.show('Security');
    const row = this.page.locator('ul.keys li', { hasText: name });
    await row.getByRole('button', { name: 'Remove' }).click();
    await this.page.getByLabel(`Password to remove ${name}`).fill(password);
    await this.page.getByRole('button', { name: 'Remove this key' }).click();
    await row.waitFor({ state: 'detached' });
  }

  unlockKeysSection() {
    return this.page.getByRole('region', { name: 'Unlock with a passkey or security key' });
  }

  /** The keys listed as unlocking the vault. */
  unlockKeyRows() {
    return this.unlockKeysSection().locator('ul.unlock-keys li');
  }

  /** Adds a passkey or security key that unlocks the vault; answers the page's error text, or null when it was added. */
  async addUnlockKey(name: string, passphrase: string): Promise<string | null> {
    await this.show('Security');
    const section = this.unlockKeysSection();
    await section.getByLabel('Key name').fill(name);
    await section.getByLabel('Passphrase').fill(passphrase);
    await section.getByRole('button', { name: 'Add a key that unlocks Veil' }).click();
    const added = section.locator('ul.unlock-keys li', { hasText: name });
    const failed = section.getByRole('alert');
    await added.or(failed).first().waitFor();
    return (await failed.count()) ? failed.innerText() : null;
  }

  async removeUnlockKey(name: string) {
    await this.show('Security');
    const row = this.unlockKeyRows().filter({ hasText: name });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });
  }

  /** On the lock screen. */
  unlockWithKeyButton() {
    return this.page.getByRole('button', { name: 'Unlock with security key' });
  }

  lockScreen() {
    return this.page.getByRole('heading', { name: 'Veil is locked' });
  }

  /** Unlocked, the page shows its navigation. */
  unlockedPage() {
    return this.nav();
  }

  async addDeliveryAddress(a: {
    name: string;
    line1: string;
    city: string;
    region: string;
    postal: string;
    country: string;
    phone: string;
  }) {
    await this.show('Delivery');
    await this.page.getByLabel('Recipient name').fill(a.name);
    await this.page.getByLabel('Street').fill(a.line1);
    await this.page.getByLabel('City', { exact: true }).fill(a.city);
    await this.page.getByLabel('State or region').fill(a.region);
    await this.page.getByLabel('Postal code').fill(a.postal);
    await this.page.getByLabel('Country (two letters)').fill(a.country);
    await this.page.getByLabel('Phone for the courier (optional)').fill(a.phone);
    await this.page.getByRole('button', { name: 'Add address' }).click();
    await this.page.locator('ul.addresses li', { hasText: a.line1 }).waitFor();
  }

  purchaseRows() {
    return this.page.locator('table.purchases tbody tr');
  }

  /** The first-run prompt to create the vault. */
  vaultPrompt() {
    return this.page.getByRole('heading', { name: 'Protect Veil with a passphrase' });
  }

  /** Shows only history events whose kind starts with `kindPrefix` (e.g. "card."). */
  async filterHistory(kindPrefix: string) {
    await this.show('Activity');
    await this.page.getByLabel('Kind').selectOption(kindPrefix);
  }

  /** Every delivered file. */
  downloads() {
    return new DownloadsSection(this.page);
  }

  /** The names in the extension's private file system (OPFS), where a delivered file waits while it opens. */
  privateFiles(): Promise<string[]> {
    return this.page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const names: string[] = [];
      for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names;
    }, undefined);
  }

  historyRows() {
    return this.page.locator('table.history.audit tbody tr'); // the audit trail, not the purchases or a chart's table
  }

  async reload() {
    await this.page.reload();
  }
}
