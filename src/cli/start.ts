/**
 * npm start: the report of the embedded demo site (the local preview replaces this once it exists).
 */
import { join } from 'node:path';
import { reportMain } from './report';
import { runCli } from './run';

export const DEMO_SNAPSHOT = join(__dirname, '..', '..', 'dev', 'demo-site', 'snapshot');
export const DEMO_PROJECT = 'ACME';

runCli(() => reportMain(['--snapshot', DEMO_SNAPSHOT, '--project', DEMO_PROJECT, ...process.argv.slice(2)]), 'start');
