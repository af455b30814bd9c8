import { render } from 'preact';
import browser from 'webextension-polyfill';
import { Popup } from './Popup';

/** The tab the popup acts on: the active tab, or ?tab=N when opened as a page (tests, keyboard users). */
async function targetTab(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

void targetTab().then((tabId) => render(<Popup tabId={tabId} />, document.getElementById('app')!));
