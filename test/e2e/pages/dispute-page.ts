/** Page object for the extension's printable dispute pack (dispute/index.html#<authorization id>). */
import type { ExtensionBrowser, Tab } from '../support/browser';

export class DisputePage {
  private constructor(readonly page: Tab) {}

  static async open(ext: ExtensionBrowser, authorizationId: string): Promise<DisputePage> {
    const page = await ext.newTab();
    await page.goto(`${ext.url('dispute/index.html')}#${encodeURIComponent(authorizationId)}`);
    await page.locator('[data-field="shop-origin"]').waitFor({ timeout: 30_000 });
    return new DisputePage(page);
  }

  shopOrigin(): Promise<string | null> {
    return this.page.locator('[data-field="shop-origin"]').textContent();
  }

  /** Each receipt the pack holds, as printed, with whether the page verified it against the provider's keys. */
  async receipts(): Promise<{ jws: string; verified: string | null }[]> {
    const n = await this.page.locator('li[data-receipt-index]').count();
    const out: { jws: string; verified: string | null }[] = [];
    for (let i = 0; i < n; i++) {
      const item = this.page.locator(`li[data-receipt-index="${i}"]`);
      out.push({
        jws: ((await this.page.locator(`li[data-receipt-index="${i}"] pre.jws`).textContent()) ?? '').trim(),
        verified: (await item.attributeAll('data-verified'))[0] ?? null,
      });
    }
    return out;
  }
}
