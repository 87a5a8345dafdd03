/**
 * The Forge functions of manifest.yml, one file each in src/forge/: the resolver of every UI
 * module (Jira read as the viewing user), the scan queue's consumer, the issue-events trigger
 * and the daily scheduled trigger (Jira read as the app). All run on src/app/compose.ts.
 */
export { handler } from './forge/resolver';
export { scanConsumer } from './forge/scan-consumer';
export { issueEvents } from './forge/issue-events';
export { dailyRefresh } from './forge/daily-refresh';
