import { App } from './App';
import { mountCustomUi } from './mount';

mountCustomUi(<App />);
