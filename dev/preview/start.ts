/**
 * npm start: the whole app running locally (dev/preview) — the Jira emulator on the demo site
 * (or a real site with JIRA_SITE, JIRA_EMAIL and JIRA_API_TOKEN), the app's three modules in a
 * small Jira-like shell, and the app's resolvers behind a local Forge bridge.
 * PORT changes the port (default 3000); PREVIEW_USER=member starts as a non-admin;
 * PREVIEW_ISSUES=100000 serves a generated project of that many issues (dev/bench/synth.ts)
 * instead of the demo, PREVIEW_LATENCY_MS=40 slows the emulator to Jira's pace.
 */
import { closeOnSignal, runCli } from '../../src/cli/run';
import { UsageError } from '../../src/cli/errors';
import { sourceFromEnv, startPreview } from './server';

async function main(): Promise<void> {
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 3000 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`PORT "${process.env.PORT}" is not a port number`);
  const role = process.env.PREVIEW_USER ?? 'admin';
  if (role !== 'admin' && role !== 'member') throw new UsageError(`PREVIEW_USER must be admin or member, not "${role}"`);
  let source;
  try {
    source = sourceFromEnv();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const started = Date.now();
  process.stdout.write(source.kind === 'demo' ? 'Starting the local preview on the demo site…\n' : source.kind === 'synthetic' ? `Starting the local preview on a synthetic site of ${source.issues} issues…\n` : `Starting the local preview on ${source.url}…\n`);
  const preview = await startPreview({
    source,
    port,
    defaultUser: role,
    log: (line) => process.stdout.write(`  ${line}\n`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const asOf = preview.asOf ? ` as of ${preview.asOf}` : '';
  process.stdout.write(`Planning Levels for Jira: ${preview.url} (${preview.projects.join(', ') || 'no projects listed'}${asOf}; ready in ${seconds} s; Ctrl-C stops it)\n`);
  closeOnSignal('preview', () => preview.close());
}

runCli(main, 'start');
