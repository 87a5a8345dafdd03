import { mountCustomUi } from '../../project-page/src/mount';
import { App } from './App';

mountCustomUi(<App />);
