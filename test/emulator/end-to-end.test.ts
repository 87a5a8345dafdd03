/**
 * End to end through HTTP: capture from the emulator reproduces the snapshot it serves;
 * report --site gives exactly the report --snapshot gives; faults are survived or reported.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import { capture } from '../../src/cli/capture';
import { reportMain } from '../../src/cli/report';
import { isInputError } from '../../src/cli/run';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { toReportJson } from '../../src/core/report-json';
import { JiraResponseError, JiraUnavailableError } from '../../src/jira/errors';
import { toProjectData, type RawProject } from '../../src/jira/project-data';
import { scanProject } from '../../src/jira/scan';
import { readSnapshotProject } from '../../src/snapshot/reader';
import { emulatorClient, fastRetry, snapshotsUnderTest, writeSyntheticSnapshot } from './helpers';

const ROOT = resolve(__dirname, '../..');
const ENV = { JIRA_EMAIL: 'tester@example.com', JIRA_API_TOKEN: 'token' };
const AS_OF = '2025-04-20';
const snapshots = snapshotsUnderTest();

/** Parsed data without the site URL (the emulator's address is not the snapshot's), issues by key. */
function comparable(raw: RawProject): unknown {
  const data = toProjectData(raw);
  return { ...data, siteUrl: undefined, issues: [...data.issues].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true })) };
}

function runCliProcess(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

let temp: string;
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'planning-levels-e2e-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

describe.each(snapshots)('$name snapshot served by the emulator', ({ dir, project, name }) => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ snapshotDir: dir });
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(() => {
    emulator.setFaults([]);
    emulator.resetCounters();
  });

  test('capture reproduces the snapshot it serves', async () => {
    const out = join(temp, `capture-${name.replace(/\W/g, '-')}`);
    const summary = await capture(emulator.url, project, out, { env: ENV, retry: fastRetry() });
    const source = await readSnapshotProject(dir, project);
    const copy = await readSnapshotProject(out, project);
    expect(comparable(copy.raw)).toEqual(comparable(source.raw));
    expect(copy.meta?.baseUrl).toBe(emulator.url);
    // The shared files are Jira's responses byte for byte in content.
    for (const file of ['issuetypes.json', 'fields.json', `projects/${project}/project.json`, `projects/${project}/versions.json`]) {
      expect(JSON.parse(await readFile(join(out, file), 'utf8'))).toEqual(JSON.parse(await readFile(join(dir, file), 'utf8')));
    }
    expect(summary.issues).toBe(source.raw.issues.length);
    expect(summary.requests).toBe(emulator.counters.requests);
  });

  test('report --site gives exactly what report --snapshot gives', async () => {
    Object.assign(process.env, ENV);
    let viaSite = '';
    let viaSnapshot = '';
    await reportMain(['--site', emulator.url, '--project', project, '--as-of', AS_OF, '--json'], (t) => (viaSite += t));
    await reportMain(['--snapshot', dir, '--project', project, '--as-of', AS_OF, '--json'], (t) => (viaSnapshot += t));
    const site = JSON.parse(viaSite) as { findings: unknown[] };
    const snapshot = JSON.parse(viaSnapshot) as { findings: unknown[] };
    expect(site.findings).toEqual(snapshot.findings);
    expect(site).toEqual(snapshot);
    let text = '';
    await reportMain(['--site', emulator.url, '--project', project, '--as-of', AS_OF], (t) => (text += t));
    expect(text).toContain(`Planning levels of ${project}`);
  });

  test('with 429 bursts and 500s on a third of the requests, the scan completes with the same findings', async () => {
    const source = await readSnapshotProject(dir, project);
    const expected = toReportJson(analyze(toProjectData(source.raw), DEFAULT_CONFIG, AS_OF)).findings;
    for (const format of ['seconds', 'http-date'] as const) {
      emulator.resetCounters();
      // Of every 9 requests: 2 rate-limited in a row, 1 failing with 500.
      emulator.setFaults([
        { kind: 'rate-limit', every: 9, burst: 2, phase: 0, retryAfterSeconds: 2, retryAfterFormat: format },
        { kind: 'server-error', every: 9, burst: 1, phase: 4, status: 503 },
      ]);
      const retry = fastRetry();
      const raw = await scanProject(emulatorClient(emulator.url, { retry }), project);
      expect(toReportJson(analyze(toProjectData(raw), DEFAULT_CONFIG, AS_OF)).findings).toEqual(expected);
      const { requests, faults } = emulator.counters;
      expect(faults).toBeGreaterThanOrEqual(Math.floor(requests / 3) - 1);
      expect(faults).toBeGreaterThan(0);
      // Each 429 made the client wait at least as long as Retry-After said (2 s, or a date ~2 s ahead).
      const waitsFor429 = retry.waits.filter((w) => w >= 1000);
      expect(waitsFor429.length).toBeGreaterThan(0);
      expect(Math.max(...retry.waits)).toBeLessThanOrEqual(2 * 1000 * 1.2 + 1);
    }
  });
});

describe('failures', () => {
  let emulator: RunningEmulator;
  let synthetic: string;
  beforeAll(async () => {
    synthetic = await writeSyntheticSnapshot(450, 10);
    emulator = await startEmulator({ snapshotDir: synthetic, credentials: { email: ENV.JIRA_EMAIL, apiToken: ENV.JIRA_API_TOKEN } });
  });
  afterAll(async () => {
    await emulator.close();
    await rm(synthetic, { recursive: true, force: true });
  });
  beforeEach(() => {
    emulator.setFaults([]);
    emulator.resetCounters();
  });

  test('a search page failing for good fails the scan, naming the page; capture writes nothing', async () => {
    // The highest key, then the one key range's pages: the 3rd search is its page 2.
    emulator.setFaults([{ kind: 'server-error', operations: ['search'], phase: 2 }]);
    const scan = scanProject(emulatorClient(emulator.url, { email: ENV.JIRA_EMAIL, apiToken: ENV.JIRA_API_TOKEN }), 'SYN', { inFlight: 1 });
    await expect(scan).rejects.toThrow(JiraUnavailableError);
    await expect(scan).rejects.toThrow(/reading page 2 of key range 1 of 1 of SYN: .*HTTP 500 to POST \/rest\/api\/3\/search\/jql/);
    expect(isInputError(await scan.catch((error: unknown) => error))).toBe(true); // report --site exits 2

    emulator.setFaults([{ kind: 'server-error', operations: ['search'], phase: 2 }]);
    const out = join(temp, 'capture-failed');
    await expect(capture(emulator.url, 'SYN', out, { env: ENV, retry: fastRetry() })).rejects.toThrow(/search page 3/);
    expect(existsSync(out)).toBe(false);
  });

  test('a malformed body names the endpoint and the field', async () => {
    emulator.setFaults([{ kind: 'malformed', operations: ['versions'], body: 'wrong-shape' }]);
    const client = emulatorClient(emulator.url, { email: ENV.JIRA_EMAIL, apiToken: ENV.JIRA_API_TOKEN });
    await expect(scanProject(client, 'SYN')).rejects.toThrow(JiraResponseError);
    await expect(client.versions('SYN')).rejects.toThrow(/GET \/rest\/api\/3\/project\/SYN\/versions: \(root\): .*array/);
    emulator.setFaults([{ kind: 'malformed', operations: ['search'], body: 'truncated' }]);
    await expect(scanProject(client, 'SYN')).rejects.toThrow(/reading the highest issue key of SYN: .*not JSON/);
    emulator.setFaults([{ kind: 'malformed', operations: ['search'], body: 'truncated', phase: 1 }]);
    await expect(scanProject(client, 'SYN')).rejects.toThrow(/reading page 1 of key range \d of 3 of SYN: .* not JSON to POST \/rest\/api\/3\/search\/jql/);
  });

  test('slow responses past the client timeout are retried', async () => {
    emulator.setFaults([{ kind: 'slow', operations: ['project'], delayMs: 400, times: 1 }]);
    const client = emulatorClient(emulator.url, { email: ENV.JIRA_EMAIL, apiToken: ENV.JIRA_API_TOKEN, timeoutMs: 150 });
    const raw = await scanProject(client, 'SYN');
    expect(raw.issues).toHaveLength(450);
    expect(emulator.counters.byOperation.project).toBe(2);
  });

  test('dropped connections are retried', async () => {
    emulator.setFaults([{ kind: 'reset', operations: ['search'], every: 2 }]);
    const raw = await scanProject(emulatorClient(emulator.url, { email: ENV.JIRA_EMAIL, apiToken: ENV.JIRA_API_TOKEN }), 'SYN');
    expect(raw.issues).toHaveLength(450);
  });

  test('permanent failure: report --site exits 2 with one clear line', async () => {
    emulator.setFaults([{ kind: 'server-error', operations: ['search'] }]);
    const failing = await runCliProcess('src/cli/report.ts', ['--site', emulator.url, '--project', 'SYN'], ENV);
    expect(failing.code).toBe(2);
    expect(failing.stdout).toBe('');
    expect(failing.stderr.trim().split('\n')).toHaveLength(1);
    expect(failing.stderr).toMatch(/^report: reading the highest issue key of SYN: http:\/\/127\.0\.0\.1:\d+ answered HTTP 500 to POST \/rest\/api\/3\/search\/jql 5 times; Jira may be down, try again later\n$/);

    emulator.setFaults([]);
    const denied = await runCliProcess('src/cli/report.ts', ['--site', emulator.url, '--project', 'SYN'], { ...ENV, JIRA_API_TOKEN: 'wrong' });
    expect(denied.code).toBe(2);
    expect(denied.stderr.trim().split('\n')).toHaveLength(1);
    expect(denied.stderr).toContain('did not accept the credentials (HTTP 401');

    const unknown = await runCliProcess('src/cli/capture.ts', ['--site', emulator.url, '--project', 'NOPE', '--out', join(temp, 'nope')], ENV);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^capture: project NOPE does not exist on http:\/\/127\.0\.0\.1:\d+, or you cannot browse it \(HTTP 404 to GET \/rest\/api\/3\/project\/NOPE\)\n$/);

    const noCredentials = await runCliProcess('src/cli/report.ts', ['--site', emulator.url, '--project', 'SYN'], {});
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stderr).toContain('set JIRA_EMAIL');
  }, 60_000);

  test('capture on the command line writes a snapshot report --snapshot reads', async () => {
    const out = join(temp, 'cli-capture');
    const captured = await runCliProcess('src/cli/capture.ts', ['--site', emulator.url, '--project', 'SYN', '--out', out], ENV);
    expect(captured.stderr).toBe('');
    expect(captured.code).toBe(0);
    expect(captured.stdout).toContain('Captured SYN');
    expect(captured.stdout).toContain('450 issues in 5 search pages');
    let viaSnapshot = '';
    await reportMain(['--snapshot', out, '--project', 'SYN', '--as-of', AS_OF, '--json'], (t) => (viaSnapshot += t));
    Object.assign(process.env, ENV);
    let viaSite = '';
    await reportMain(['--site', emulator.url, '--project', 'SYN', '--as-of', AS_OF, '--json'], (t) => (viaSite += t));
    expect(JSON.parse(viaSnapshot)).toEqual(JSON.parse(viaSite));
  }, 60_000);
});

describe('efficiency', () => {
  test('a project of n issues takes one search for its highest key, ceil(n/100) search pages by key range and a small constant; n + pages + 2 points and the constant\'s', async () => {
    const n = 5250;
    const dir = await writeSyntheticSnapshot(n, 60);
    // Rate limits with no limit: the emulator counts points as Jira does, and limits nothing.
    const emulator = await startEmulator({ snapshotDir: dir, rateLimits: {} });
    try {
      const raw = await scanProject(emulatorClient(emulator.url), 'SYN');
      expect(raw.issues).toHaveLength(n);
      // In the search's order (ORDER BY key), whatever order the ranges came back in.
      expect(raw.issues.map((i) => i.key)).toEqual(Array.from({ length: n }, (_, i) => `SYN-${i + 1}`));
      const { byOperation, requests, points } = emulator.counters;
      const pages = Math.ceil(n / 100);
      expect(byOperation.search).toBe(1 + pages);
      expect(byOperation.bulkfetch ?? 0).toBe(0);
      // project, issue types, fields, versions, 1 board page, 2 sprint pages (60 sprints) + 1 for the kanban board.
      const constant = requests - byOperation.search;
      expect(constant).toBe(8);
      // 1 a request + 1 an issue (the highest key's search returns one): the constant's 9 (the project costs 2).
      expect(points).toBe(n + pages + 2 + 9);
      process.stderr.write(`efficiency: ${n} issues → 1 highest-key search + ${pages} search pages by key range + ${constant} others = ${requests} requests, ${points} points\n`);
    } finally {
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
