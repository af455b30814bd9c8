/** A shopper's wallet set up through the real options page: vault, account, funding source, balance. */
import type { ExtensionBrowser } from './browser';
import { OptionsPage } from '../pages/options-page';

export const PASSPHRASE = 'correct horse battery staple';
export const PASSWORD = 'a long enough password';

export async function setUpWallet(
  ext: ExtensionBrowser,
  providerUrl: string,
  opts: { email: string; topUp?: string },
): Promise<OptionsPage> {
  const options = await OptionsPage.open(ext);
  await options.createVault(PASSPHRASE);
  await options.setProvider(providerUrl);
  await options.signUp(opts.email, PASSWORD);
  await options.addCard('4242 4242 4242 4242', '12/30', 'Sam Shopper');
  await options.sources().first().waitFor();
  if (opts.topUp) await options.topUp(opts.topUp);
  return options;
}
