import { mountCustomUi } from '../../shared/mount';
import { App } from './App';

mountCustomUi(<App />);
