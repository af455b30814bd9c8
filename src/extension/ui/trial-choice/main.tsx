import { render } from 'preact';
import { TrialChoice } from './TrialChoice';

// The background opened this window for one tab's question: trial-choice/index.html?tab=…&id=…
const params = new URLSearchParams(location.search);
render(
  <TrialChoice tabId={Number(params.get('tab'))} id={params.get('id') ?? ''} onDone={() => window.close()} />,
  document.getElementById('app')!,
);
