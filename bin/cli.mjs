/**
 * Runs a command-line tool (`npm run report`, `npm run capture`) as prebuilt JavaScript instead of
 * compiling its TypeScript at every start (tsx cost about 0.6 s of CPU a run, more than the rest of
 * a 1k-issue report). The first run, and any run after a change to one of the bundle's inputs,
 * bundles the command with esbuild into dist/cli/ (git-ignored); every other run checks the
 * inputs' sizes and modification times against the bundle's list of inputs and loads it.
 *
 *   node bin/cli.mjs report …    node bin/cli.mjs capture …    node bin/cli.mjs --build
 *
 * Plain JavaScript on purpose: it must start without a TypeScript loader.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'cli');
/** The commands: the entry module under src/cli and its exported main. */
const COMMANDS = { report: 'reportMain', capture: 'captureMain' };
/** Changes when the way bundles are built changes, so older bundles are rebuilt. */
const BUILD_VERSION = 1;

const bundlePath = (command) => join(OUT, `${command}.cjs`);
const inputsPath = (command) => join(OUT, `${command}.inputs.json`);

/** Whether the bundle was built from the files as they are now (same inputs, sizes and times). */
function isFresh(command) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(inputsPath(command), 'utf8'));
    statSync(bundlePath(command));
  } catch {
    return false;
  }
  if (manifest.buildVersion !== BUILD_VERSION || manifest.node !== process.versions.node || !Array.isArray(manifest.inputs)) return false;
  for (const [path, size, mtimeMs] of manifest.inputs) {
    let info;
    try {
      info = statSync(join(ROOT, path));
    } catch {
      return false;
    }
    if (info.size !== size || info.mtimeMs !== mtimeMs) return false;
  }
  return true;
}

/** Writes a file whole or not at all (two first runs at once each install a complete bundle). */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

async function build(command) {
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    stdin: {
      contents: `import { ${COMMANDS[command]} } from './src/cli/${command}';\nimport { runCli } from './src/cli/run';\nexport function run() { runCli(${COMMANDS[command]}, '${command}'); }\n`,
      resolveDir: ROOT,
      sourcefile: `${command}-entry.ts`,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((path) => path !== `${command}-entry.ts`)
    .map((path) => {
      const info = statSync(join(ROOT, path));
      return [relative(ROOT, join(ROOT, path)), info.size, info.mtimeMs];
    });
  mkdirSync(OUT, { recursive: true });
  removeCodeCaches(command);
  writeAtomically(bundlePath(command), result.outputFiles[0].contents);
  writeAtomically(inputsPath(command), `${JSON.stringify({ buildVersion: BUILD_VERSION, node: process.versions.node, inputs })}\n`);
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === '--build') {
    for (const name of Object.keys(COMMANDS)) if (!isFresh(name)) await build(name);
    return;
  }
  if (!Object.hasOwn(COMMANDS, command ?? '')) {
    process.stderr.write(`usage: node bin/cli.mjs (${Object.keys(COMMANDS).join(' | ')}) [options] (or --build)\n`);
    process.exitCode = 2;
    return;
  }
  if (!isFresh(command)) {
    try {
      await build(command);
    } catch (error) {
      // No bundle (a read-only checkout, esbuild missing): the TypeScript, through tsx, as before.
      if (process.env.DEBUG) process.stderr.write(`${command}: could not build the command (${buildError(error)}); running its TypeScript through tsx\n`);
      await runTypeScript(command, args);
      return;
    }
  }
  process.argv = [process.argv[0], bundlePath(command), ...args];
  loadBundle(command).run();
}

/**
 * Code caches: V8's compiled bytecode of a bundle, kept beside it (dist/cli/report.<hash>.v8cache),
 * so a run does not compile the 900 KB bundle again (about 0.1 s of CPU a run). The file is named
 * by a hash of the bundle's text, so a cache always belongs to the bundle it was made from (V8's
 * own check compares only the source's length); a build removes the command's caches. The cache is
 * written when a run ends, with the functions the run compiled; a missing, unreadable or refused
 * cache only means compiling, as without it.
 */
const CACHE_SUFFIX = '.v8cache';

function removeCodeCaches(command) {
  let names = [];
  try {
    names = readdirSync(OUT);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(`${command}.`) && name.endsWith(CACHE_SUFFIX)) rmSync(join(OUT, name), { force: true });
}

/** The bundle's exports, compiled with its code cache when there is one that fits. */
function loadBundle(command) {
  const path = bundlePath(command);
  const source = readFileSync(path, 'utf8');
  const cachePath = join(OUT, `${command}.${createHash('sha256').update(source).digest('hex').slice(0, 16)}${CACHE_SUFFIX}`);
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  // The wrapper CommonJS gives a module, so the bundle runs exactly as require() would run it.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: path, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeAtomically(cachePath, script.createCachedData());
      } catch (error) {
        if (process.env.DEBUG) process.stderr.write(`${command}: could not write the code cache (${buildError(error)})\n`);
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(path), module, path, dirname(path));
  return module.exports;
}

function buildError(error) {
  const first = error instanceof Error ? (error.errors?.[0]?.text ?? error.message) : String(error);
  return String(first).split('\n')[0];
}

async function runTypeScript(command, args) {
  const { register } = await import('tsx/cjs/api');
  register();
  const load = createRequire(import.meta.url);
  const { runCli } = load(join(ROOT, 'src', 'cli', 'run.ts'));
  process.argv = [process.argv[0], join(ROOT, 'src', 'cli', `${command}.ts`), ...args];
  runCli(load(join(ROOT, 'src', 'cli', `${command}.ts`))[COMMANDS[command]], command);
}

await main();
