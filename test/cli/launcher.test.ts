/**
 * bin/cli.mjs: `npm run report` and `npm run capture` run the commands as prebuilt JavaScript,
 * built on the first run and again whenever one of the bundle's inputs changed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFiles, writeSnapshot } from '../helpers/snapshot-fixture';
import { expectBadInput, reportInProcess, type CliResult } from '../helpers/report-cli';
import { PROJECT_ROOT } from '../helpers/shared';

const LAUNCHER = join(PROJECT_ROOT, 'bin', 'cli.mjs');
const MANIFEST = join(PROJECT_ROOT, 'dist', 'cli', 'report.inputs.json');

function launch(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [LAUNCHER, ...args], { encoding: 'utf8', cwd: PROJECT_ROOT, env: { ...process.env, DEBUG: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Manifest {
  buildVersion: number;
  node: string;
  inputs: [string, number, number][];
}

describe('bin/cli.mjs (what npm run report and npm run capture run)', () => {
  let dir: string;
  beforeAll(() => {
    dir = writeSnapshot(fixtureFiles());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints what the report command prints, byte for byte', async () => {
    const args = ['--snapshot', dir, '--project', 'FIX', '--json'];
    const launched = launch('report', ...args);
    expect(launched.stderr).toBe('');
    expect(launched.code).toBe(0);
    expect(launched.stdout).toBe((await reportInProcess(...args)).stdout);
    expect(launch('report', '--snapshot', dir, '--project', 'FIX').stdout).toBe((await reportInProcess('--snapshot', dir, '--project', 'FIX')).stdout);
  });

  it('lists every source file of the bundle with its size, and rebuilds when one differs', () => {
    expect(launch('report', '--help').code).toBe(0);
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    const paths = manifest.inputs.map(([path]) => path);
    expect(paths).toEqual(expect.arrayContaining(['src/cli/report.ts', 'src/core/analyze.ts', 'src/snapshot/reader.ts']));
    // A changed input (here: a size that no longer matches) makes the next run build again.
    const stale: Manifest = { ...manifest, inputs: manifest.inputs.map(([path, size, mtime]) => [path, path === 'src/core/analyze.ts' ? size + 1 : size, mtime]) };
    writeFileSync(MANIFEST, JSON.stringify(stale));
    const again = launch('report', '--snapshot', dir, '--project', 'FIX', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ project: 'FIX' });
    expect(JSON.parse(readFileSync(MANIFEST, 'utf8'))).toEqual(manifest);
  });

  it('keeps a code cache of the bundle, named by its text, and prints the same with a cache, a refused one, or after a rebuild', () => {
    const args = ['report', '--snapshot', dir, '--project', 'FIX', '--json'];
    const first = launch(...args);
    expect(first.code).toBe(0);
    const out = join(PROJECT_ROOT, 'dist', 'cli');
    const hash = createHash('sha256').update(readFileSync(join(out, 'report.cjs'), 'utf8')).digest('hex').slice(0, 16);
    const cache = join(out, `report.${hash}.v8cache`);
    expect(statSync(cache).size).toBeGreaterThan(1000);
    expect(readdirSync(out).filter((name) => name.startsWith('report.') && name.endsWith('.v8cache'))).toEqual([`report.${hash}.v8cache`]);
    expect(launch(...args)).toEqual(first); // with the cache
    writeFileSync(cache, 'not a code cache');
    expect(launch(...args)).toEqual(first); // V8 refuses it; the bundle compiles, and the cache is made again
    expect(statSync(cache).size).toBeGreaterThan(1000);
    // A rebuild removes the old bundle's caches.
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
    writeFileSync(MANIFEST, JSON.stringify({ ...manifest, buildVersion: -1 }));
    writeFileSync(join(out, 'report.0000000000000000.v8cache'), 'from an older bundle');
    expect(launch(...args)).toEqual(first);
    expect(readdirSync(out).filter((name) => name.startsWith('report.') && name.endsWith('.v8cache'))).toEqual([`report.${hash}.v8cache`]);
  });

  it('keeps the commands\' bad-input answers: exit 2, one line on stderr', () => {
    expectBadInput(launch('report', '--snapshot', dir, '--project', 'NOPE'), /^report: snapshot .* has no project NOPE \(it has FIX\)$/m);
    expectBadInput(launch('capture', '--project', 'FIX'), /^capture: --site, --project and --out are required/m);
    expectBadInput(launch('deploy'), /^usage: node bin\/cli\.mjs \(report \| capture\)/);
  });

  it('runs the TypeScript through tsx when it cannot build (here: a file where dist/cli should be)', async () => {
    const out = join(PROJECT_ROOT, 'dist', 'cli');
    const saved = join(PROJECT_ROOT, 'dist', `cli-saved-${process.pid}`);
    expect(launch('report', '--help').code).toBe(0); // dist/cli exists
    renameSync(out, saved);
    try {
      writeFileSync(out, 'not a folder');
      const args = ['--snapshot', dir, '--project', 'FIX', '--json'];
      const launched = launch('report', ...args);
      expect(launched.stderr).toBe('');
      expect(launched.code).toBe(0);
      expect(launched.stdout).toBe((await reportInProcess(...args)).stdout);
      expectBadInput(launch('report', '--snapshot', dir, '--project', 'NOPE'), /^report: snapshot .* has no project NOPE/m);
    } finally {
      rmSync(out, { force: true });
      renameSync(saved, out);
    }
  });

  it('is what npm run report runs', () => {
    const npm = spawnSync('npm', ['run', '--silent', 'report', '--', '--snapshot', dir, '--project', 'FIX', '--json'], { encoding: 'utf8', cwd: PROJECT_ROOT });
    expect(npm.status).toBe(0);
    expect(JSON.parse(npm.stdout)).toMatchObject({ schemaVersion: 1, project: 'FIX' });
  });
});
