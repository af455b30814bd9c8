import { render } from 'preact';
import { DisputePage } from './DisputePage';

// The purchase is named in the fragment: nothing about it reaches a server with the page.
render(<DisputePage authorizationId={decodeURIComponent(location.hash.slice(1))} />, document.getElementById('app')!);
