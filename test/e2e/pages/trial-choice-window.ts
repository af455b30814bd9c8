/** Page object for the window the inline button opens on a page that offers a free trial. */
import type { ExtensionBrowser, Tab } from '../support/browser';

export class TrialChoiceWindow {
  private constructor(readonly page: Tab) {}

  /** The trial-choice window, whether it is already open or opens within the timeout. */
  static async waitFor(ext: ExtensionBrowser, timeoutMs = 20_000): Promise<TrialChoiceWindow> {
    const page = await ext.waitForTab('/trial-choice/index.html', timeoutMs);
    const window = new TrialChoiceWindow(page);
    await window.issueAsTrialButton().waitFor();
    return window;
  }

  /** The page's trial wording as the window quotes it. */
  wording() {
    return this.page.locator('[data-role="wording"]').textContent();
  }

  origin() {
    return this.page.locator('[data-role="origin"]').textContent();
  }

  /** The end day the window proposes (YYYY-MM-DD), editable. */
  endDay() {
    return this.page.getByLabel('Trial ends on').inputValue();
  }

  issueAsTrialButton() {
    return this.page.getByRole('button', { name: /^Issue as trial ending/ });
  }

  async issueAsTrial() {
    await this.issueAsTrialButton().click();
  }

  async issueWithoutTrial() {
    await this.page.getByRole('button', { name: 'Issue without trial' }).click();
  }
}
