/**
 * npm run emulator -- --snapshot DIR [--port N] [--email E --token T] [--points-per-hour N] [--requests-per-second N] [--latency-ms N] [--quiet]
 * Serves a snapshot as a Jira Cloud site on http://127.0.0.1:PORT until interrupted; with
 * --points-per-hour or --requests-per-second it enforces Jira's rate limits (see server.ts).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../../src/cli/errors';
import { closeOnSignal, runCli } from '../../src/cli/run';
import { startEmulator } from './server';

const USAGE = 'usage: npm run emulator -- --snapshot DIR [--port N] [--email E --token T] [--points-per-hour N] [--requests-per-second N] [--latency-ms N] [--quiet]';

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} "${value}" is not a positive whole number`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        snapshot: { type: 'string' },
        port: { type: 'string', default: '8080' },
        email: { type: 'string' },
        token: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'points-per-hour': { type: 'string' },
        'requests-per-second': { type: 'string' },
        'latency-ms': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${USAGE}`);
  }
  if (values.snapshot === undefined) throw new UsageError(`--snapshot is required; ${USAGE}`);
  const port = Number(values.port);
  if (values.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${values.port}" is not a port number`);
  if ((values.email === undefined) !== (values.token === undefined)) throw new UsageError('give both --email and --token, or neither');
  const pointsPerHour = positiveInt('points-per-hour', values['points-per-hour']);
  const requestsPerSecond = positiveInt('requests-per-second', values['requests-per-second']);
  const latencyMs = positiveInt('latency-ms', values['latency-ms']);
  const emulator = await startEmulator({
    // Every answer waits this long first, as a distant site would.
    ...(latencyMs !== undefined ? { faults: [{ kind: 'slow' as const, delayMs: latencyMs }] } : {}),
    ...(pointsPerHour !== undefined || requestsPerSecond !== undefined
      ? { rateLimits: { ...(pointsPerHour !== undefined ? { pointsPerHour } : {}), ...(requestsPerSecond !== undefined ? { requestsPerSecond } : {}) } }
      : {}),
    snapshotDir: values.snapshot,
    port,
    ...(values.email !== undefined && values.token !== undefined ? { credentials: { email: values.email, apiToken: values.token } } : {}),
    ...(values.quiet ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }),
  });
  process.stdout.write(`Jira emulator serving ${values.snapshot} at ${emulator.url} (Ctrl-C stops it)\n`);
  process.stdout.write(`  try: JIRA_EMAIL=me@example.com JIRA_API_TOKEN=x npm run report -- --site ${emulator.url} --project KEY\n`);
  closeOnSignal('emulator', () => emulator.close());
}

runCli(main, 'emulator');
