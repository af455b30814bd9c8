/** Page object for the confirmation window the extension opens when a charge waits on the shopper. */
import type { ExtensionBrowser, Tab } from '../support/browser';

export class ConfirmWindow {
  private constructor(readonly page: Tab) {}

  /** The confirmation window, whether it is already open or opens within the timeout. */
  static async waitFor(ext: ExtensionBrowser, timeoutMs = 20_000): Promise<ConfirmWindow> {
    return new ConfirmWindow(await ext.waitForTab('/confirm/index.html', timeoutMs));
  }

  charge(authorizationText: string) {
    return this.page.locator('article.charge', { hasText: authorizationText });
  }

  charges() {
    return this.page.locator('article.charge');
  }

  /** Who is charging, as the panel shows it: the headline, the origin line, and the name the vendor sent (if shown). */
  async party(index = 0): Promise<{ headline: string; origin: string; sentName: string | null }> {
    const charge = this.charges().nth(index);
    await charge.waitFor();
    const sent = charge.locator('[data-role="sent-name"]');
    return {
      headline: (await charge.getByRole('heading').first().textContent()) ?? '',
      origin: (await charge.locator('[data-role="origin"]').textContent()) ?? '',
      sentName: (await sent.count()) > 0 ? await sent.textContent() : null,
    };
  }

  /** A charge's approve button: "Approve", or "Approve with security key" in card-reader mode. */
  approveButton(index = 0) {
    return this.charges()
      .nth(index)
      .getByRole('button', { name: /^Approve/ });
  }

  async approve(index = 0) {
    await this.charges()
      .nth(index)
      .getByRole('button', { name: /^Approve/ })
      .click();
  }

  async decline(index = 0) {
    await this.charges().nth(index).getByRole('button', { name: 'Decline' }).click();
  }

  decisions() {
    return this.page.getByRole('status', { name: 'Decisions' });
  }
}
