// @vitest-environment happy-dom
/**
 * The Downloads list against a fake background, with real sealing: a file sealed to a
 * fresh per-purchase key is opened and handed to the downloads API with exactly the
 * original bytes, and the provider is told it may delete its copy; a file altered on its
 * way is refused in words, nothing reaches the downloads API and the copy is kept.
 */
import { background } from '../testing/fake-background';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { generateDeliveryKeyPair, keyToText, sealForShopper, type ShopperDigitalFile } from '../../../protocol';
import { press } from '../testing/press';
import { Downloads } from './Downloads';
import { OPENED_MARK } from '../digital-save-marks';

/** The save's "opened" mark (the benchmark's stage split): left only by a file that opened. */
const openedMarks = () => performance.getEntriesByName(OPENED_MARK, 'mark').length;

const SHOP = 'https://books.example';
const file = (o: Partial<ShopperDigitalFile> = {}): ShopperDigitalFile => ({
  id: 'dig_1',
  authorization_id: 'auth_1',
  file_name: 'novel.epub',
  media_type: 'application/epub+zip',
  size: 0,
  created_at: new Date().toISOString(),
  card_id: 'card_1',
  purchasing_id: 'PID-1',
  merchant: { name: 'Books', origin: SHOP },
  downloaded_at: null,
  ...o,
});

const original = new TextEncoder().encode('Chapter 1. It was a bright cold day in April.'.repeat(500));
let sealed: Uint8Array;
let privateKey: Uint8Array;
/** What the page handed to downloads.download: the bytes behind the blob URL. */
let saved: Uint8Array[];

async function sealedBytes(publicKey: Uint8Array): Promise<Uint8Array> {
  const stream = await sealForShopper(publicKey, new Blob([original]).stream(), { chunkBytes: 4096 });
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

beforeEach(async () => {
  background.reset();
  performance.clearMarks(OPENED_MARK);
  saved = [];
  const pair = await generateDeliveryKeyPair();
  privateKey = pair.privateKey;
  sealed = await sealedBytes(pair.publicKey);
  background
    .answer('digital.list', () => [file({ size: original.length })])
    .answer('digital.access', () => ({
      url: 'https://provider.example/v1/shopper/digital/dig_1',
      authorization: 'Bearer device-token',
      privateKey: keyToText(privateKey),
    }))
    .answer('digital.received', () => null);
  // The provider's answer: the sealed bytes as they arrive (altered by a test when it says so).
  globalThis.fetch = (() =>
    Promise.resolve(new Response(new Blob([sealed as Uint8Array<ArrayBuffer>])))) as typeof fetch;
  const g = globalThis as unknown as { browser: Record<string, unknown> };
  g.browser.downloads = {
    download: async ({ url }: { url: string }) => {
      saved.push(new Uint8Array(await (await fetchBlob(url)).arrayBuffer()));
      return 7;
    },
    search: () => Promise.resolve([{ id: 7, state: 'complete' }]),
    onChanged: { addListener: () => {}, removeListener: () => {} },
  };
});
afterEach(cleanup);

/** The Blobs behind the blob: URLs the page made, to read what it handed the downloads API. */
const blobs = new Map<string, Blob>();
const createObjectURL = URL.createObjectURL.bind(URL);
URL.createObjectURL = (blob: Blob) => {
  const url = createObjectURL(blob);
  blobs.set(url, blob);
  return url;
};
async function fetchBlob(url: string): Promise<Blob> {
  const blob = blobs.get(url);
  if (!blob) throw new Error(`no blob behind ${url}`);
  return blob;
}

it('opens the sealed file, saves exactly the original bytes and lets the provider delete its copy', async () => {
  render(<Downloads merchant={SHOP} />);
  const list = await screen.findByTestId('downloads');
  await press(within(list).getByRole('button', { name: 'Save' }));
  await waitFor(() =>
    expect(within(list).getByRole('status').textContent).toBe('Saved “novel.epub” to your downloads.'),
  );
  expect(saved).toHaveLength(1);
  expect(Buffer.from(saved[0]!).equals(Buffer.from(original))).toBe(true);
  expect(background.sentOf('digital.received')).toEqual([{ id: 'dig_1' }]);
  expect(openedMarks()).toBe(1);
});

it('refuses a file altered on its way: nothing saved, the copy kept, the reason in words', async () => {
  sealed[sealed.length - 100]! ^= 1;
  render(<Downloads merchant={SHOP} />);
  const list = await screen.findByTestId('downloads');
  await press(within(list).getByRole('button', { name: 'Save' }));
  expect((await within(list).findByRole('alert')).textContent).toContain('did not open: it was altered or cut short');
  expect(saved).toEqual([]);
  expect(background.sentOf('digital.received')).toEqual([]);
  expect(openedMarks()).toBe(0);
});

it('refuses a file cut short', async () => {
  sealed = sealed.subarray(0, sealed.length - 4096);
  render(<Downloads merchant={SHOP} />);
  const list = await screen.findByTestId('downloads');
  await press(within(list).getByRole('button', { name: 'Save' }));
  expect((await within(list).findByRole('alert')).textContent).toContain('did not open');
  expect(saved).toEqual([]);
});

it('says nothing in the popup for a shop that sent no files, and "No files waiting" on the options page', async () => {
  background.answer('digital.list', () => []);
  const { container } = render(<Downloads merchant={SHOP} />);
  await waitFor(() => expect(background.sentOf('digital.list')).toHaveLength(1));
  expect(container.textContent).toBe('');
  cleanup();
  render(<Downloads />);
  expect(await screen.findByText('No files waiting.')).toBeTruthy();
});
