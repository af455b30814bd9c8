/** Page object for "Downloads" (components/Downloads.tsx), in the popup (one shop) and on the options page (all). */
import type { Tab } from '../support/browser';

export class DownloadsSection {
  constructor(readonly page: Tab) {}

  region() {
    return this.page.getByTestId('downloads');
  }

  files() {
    return this.region().locator('li');
  }

  file(name: string) {
    return this.region().locator('li', { hasText: name });
  }

  async save(name: string) {
    await this.file(name).getByRole('button', { name: 'Save' }).click();
  }

  /** What it says once a file is saved, or why it was not. */
  notice() {
    return this.region().getByRole('status');
  }
  error() {
    return this.region().getByRole('alert');
  }
}
