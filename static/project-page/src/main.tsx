import { App } from './App';
import { mountCustomUi } from '../../shared/mount';

mountCustomUi(<App />);
