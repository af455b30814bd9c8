/**
 * The options page's views, addressed by the URL hash (#cards, #activity…): a link is a
 * view, so back and forward, reload and bookmarks work without a router library.
 */
import { useEffect, useState } from 'preact/hooks';

export const VIEWS = [
  { id: 'cards', label: 'Cards', needsAccount: true },
  { id: 'subscriptions', label: 'Subscriptions', needsAccount: true },
  { id: 'activity', label: 'Activity', needsAccount: true },
  { id: 'funding', label: 'Funding', needsAccount: true },
  { id: 'delivery', label: 'Delivery', needsAccount: true },
  { id: 'security', label: 'Security', needsAccount: false },
  { id: 'settings', label: 'Settings', needsAccount: false },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

/** The view a hash names, or null for an empty or unknown hash. */
export function viewFromHash(hash: string): ViewId | null {
  const id = hash.replace(/^#/, '').split('/')[0];
  return VIEWS.find((v) => v.id === id)?.id ?? null;
}

/**
 * The view in the address bar, and whether the shopper moved there (as opposed to the
 * page opening on it): only a move takes the focus to the view's heading, so a screen
 * reader announces where the link led without stealing focus on load.
 */
export function useHashView(): { view: ViewId | null; moved: boolean; settle: (view: ViewId) => void } {
  const [state, setState] = useState<{ view: ViewId | null; moved: boolean }>({
    view: viewFromHash(location.hash),
    moved: false,
  });
  useEffect(() => {
    const onChange = () => setState({ view: viewFromHash(location.hash), moved: true });
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  /**
   * Writes the landing view into the address bar without a history entry, so the page
   * stays on it (signing in on Settings does not jump to Cards) and Back leaves the page.
   */
  const settle = (view: ViewId) => {
    history.replaceState(history.state, '', `#${view}`);
    setState({ view, moved: false });
  };
  return { ...state, settle };
}
