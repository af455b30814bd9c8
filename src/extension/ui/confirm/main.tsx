import { render } from 'preact';
import { Confirm } from './Confirm';

render(<Confirm />, document.getElementById('app')!);
