import { useResolver } from '../shared/use-resolver';
import { IssuePanelView } from './IssuePanelView';

/** The issue panel: loads the open issue's chain (the resolver reads the issue from the Forge context). */
export function App() {
  const { state, reload } = useResolver('chain/issue', {});
  return <IssuePanelView state={state} onRetry={() => void reload()} />;
}
