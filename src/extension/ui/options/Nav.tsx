/** The options page's navigation: plain links to each view's hash, the current one marked for assistive tech. */
import { VIEWS, type ViewId } from './route';

export function Nav({ current, signedIn }: { current: ViewId; signedIn: boolean }) {
  return (
    <nav class="views-nav" aria-label="Veil">
      <ul>
        {VIEWS.filter((v) => signedIn || !v.needsAccount).map((v) => (
          <li>
            <a href={`#${v.id}`} aria-current={v.id === current ? 'page' : undefined}>
              {v.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
