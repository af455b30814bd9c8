/** Page object for the confirmation window the extension opens when a charge waits on the shopper. */
import type { BrowserContext, Page } from 'playwright-core';

export class ConfirmWindow {
  private constructor(readonly page: Page) {}

  /** The confirmation window, whether it is already open or opens within the timeout. */
  static async waitFor(context: BrowserContext, timeoutMs = 20_000): Promise<ConfirmWindow> {
    const open = context.pages().find((p) => p.url().includes('/confirm/index.html'));
    const page = open ?? (await context.waitForEvent('page', { predicate: (p) => p.url().includes('/confirm/index.html'), timeout: timeoutMs }));
    await page.waitForLoadState('domcontentloaded');
    return new ConfirmWindow(page);
  }

  charge(authorizationText: string) {
    return this.page.locator('article.charge', { hasText: authorizationText });
  }

  charges() {
    return this.page.locator('article.charge');
  }

  async approve(index = 0) {
    await this.charges().nth(index).getByRole('button', { name: /^Approve/ }).click();
  }

  async decline(index = 0) {
    await this.charges().nth(index).getByRole('button', { name: 'Decline' }).click();
  }

  decisions() {
    return this.page.getByRole('status', { name: 'Decisions' });
  }
}
