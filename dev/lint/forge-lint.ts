/**
 * `npm run lint`: checks manifest.yml and the app's source the way `forge lint` does, offline.
 *
 * 1. The manifest: @forge/manifest's FULL validation (schema, modules, resources, permissions…).
 *    A missing resource is an error; for the Custom UI build the message says to run `npm run build`.
 * 2. @forge/lint's client-side linters over src/, the permission (scope) linter included. The
 *    scope linter reads Atlassian's OpenAPI documents from ../shared/jira-openapi instead of
 *    downloading them; when that folder is absent, only the scope linter is skipped (and said so).
 *
 * Prints every problem as `file:line:col level message (reference)`; exits 1 on any error.
 * Options: --manifest-only (step 1 only), --root DIR (the project to check; default this project).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StatsigService, type FeatureGate, type DynamicConfig, type DynamicConfigKey, type Logger } from '@forge/cli-shared';
import { getClientSideLintersOnly, lint, PermissionLinter, type LintResult } from '@forge/lint';
import { ProcessorBuilder, ValidationTypes, type ManifestSchema, type ValidationError } from '@forge/manifest';

export interface Problem {
  file: string;
  line: number;
  column: number;
  level: 'error' | 'warning';
  message: string;
  reference?: string;
}

export interface LintReport {
  problems: Problem[];
  notes: string[];
}

const DEFAULT_ROOT = path.resolve(__dirname, '..', '..');

/** The OpenAPI documents the scope linter reads, relative to the project root. */
export const SWAGGER_DIR = path.join('..', 'shared', 'jira-openapi');

const quietLogger: Logger = {
  traceEnabled: false,
  debugEnabled: false,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Feature flags and dynamic configs answered offline: no gate is on, no runtime is deprecated. */
class OfflineStatsig extends StatsigService {
  constructor() {
    super(quietLogger, undefined, { getCredentials: () => Promise.reject(new Error('offline')) }, { readConfigSection: () => Promise.resolve('missing') });
  }
  override checkGate<F extends FeatureGate>(_gate: F): Promise<boolean | null> {
    return Promise.resolve(null);
  }
  override getDynamicConfig<F extends DynamicConfigKey>(_config: F): Promise<DynamicConfig[F] | null> {
    return Promise.resolve(null);
  }
}

function fromValidation(file: string, errors: readonly ValidationError[]): Problem[] {
  return errors.map((e) => ({
    file,
    line: e.line ?? 0,
    column: e.column ?? 0,
    level: e.level,
    message: withBuildHint(e.message),
    reference: e.reference,
  }));
}

function fromLint(root: string, results: readonly LintResult[]): Problem[] {
  const out: Problem[] = [];
  for (const result of results) {
    const file = path.relative(root, path.resolve(root, result.file)) || result.file;
    for (const [rules, level] of [[result.errors, 'error'], [result.warnings, 'warning'], [result.approvals, 'error']] as const) {
      for (const rule of rules) {
        out.push({ file, line: rule.line, column: rule.column, level, message: rule.message, reference: rule.reference });
      }
    }
  }
  return out;
}

function listSources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.(ts|tsx|js|jsx)$/.test(entry.name) && !/\.d\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Points the scope linter at local OpenAPI documents. It insists on all six products; the app
 * calls only Jira and Jira Software, so the other four get an empty document.
 */
function useLocalSwagger(root: string): boolean {
  const dir = path.resolve(root, SWAGGER_DIR);
  const platform = path.join(dir, 'platform.v3.json');
  const software = path.join(dir, 'software.v3.json');
  if (!fs.existsSync(platform) || !fs.existsSync(software)) return false;
  const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forge-lint-')), 'empty.json');
  fs.writeFileSync(empty, JSON.stringify({ paths: {} }));
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: platform,
    LOCAL_JSW_SWAGGER: software,
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_CONF_SWAGGER: empty,
    LOCAL_CONF_V2_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  });
  return true;
}

/** A resource the build produces: the missing-resource message says how to make it. */
function withBuildHint(message: string): string {
  return /missing resource '(static\/[^']*|[^']*\/build)'/.test(message)
    ? `${message}; run \`npm run build\` first (it builds the Custom UI into that folder)`
    : message;
}

export async function runForgeLint(options: { root?: string; manifestOnly?: boolean } = {}): Promise<LintReport> {
  const root = options.root ?? DEFAULT_ROOT;
  const notes: string[] = [];
  const previousCwd = process.cwd();
  // @forge/manifest and @forge/lint read manifest.yml and tsconfig.json from the working directory.
  process.chdir(root);
  try {
    const validation = await ProcessorBuilder.instance()
      .withValidation(ValidationTypes.FULL)
      .withOptions({ deprecatedRuntimes: [] })
      .build()
      .process(path.join(root, 'manifest.yml'));
    const problems = fromValidation('manifest.yml', validation.errors ?? []);
    const manifest = validation.manifestObject?.typedContent as ManifestSchema | undefined;
    if (!manifest) {
      if (problems.length === 0) problems.push({ file: 'manifest.yml', line: 0, column: 0, level: 'error', message: 'manifest.yml could not be read' });
      return { problems, notes };
    }
    if (options.manifestOnly) return { problems, notes };

    // useLocalSwagger is a plain function of this linter, not a React hook.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    const haveSwagger = useLocalSwagger(root);
    if (!haveSwagger) {
      notes.push(`${SWAGGER_DIR} is absent: the scope (permission) linter was skipped; every other linter ran.`);
    }
    const statsig = new OfflineStatsig();
    const logger = { info: () => undefined };
    const linters = (await getClientSideLintersOnly(manifest, 'development', logger, statsig)).filter(
      (linter) => haveSwagger || !(linter instanceof PermissionLinter),
    );
    const files = listSources(path.join(root, 'src')).map((f) => path.relative(root, f));
    const results = await lint(files, manifest, 'development', logger, statsig, { linter: { mode: 'client-side' }, linters });
    notes.push(`linted ${files.length} source files with ${linters.length} client-side linters${haveSwagger ? ' (scope linter on local OpenAPI documents)' : ''}`);
    // The manifest linters repeat the FULL validation above; keep each problem once.
    const seen = new Set(problems.map(key));
    for (const p of fromLint(root, results)) {
      if (!seen.has(key(p))) {
        seen.add(key(p));
        problems.push(p);
      }
    }
    return { problems, notes };
  } finally {
    process.chdir(previousCwd);
  }
}

function key(p: Problem): string {
  return `${p.file}|${p.line}|${p.column}|${p.message}`;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column} ${p.level} ${p.message}${p.reference ? ` (${p.reference})` : ''}`;
}

async function main(argv: string[]): Promise<number> {
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 ? argv[rootAt + 1] : undefined;
  if (rootAt >= 0 && !root) {
    process.stderr.write('forge-lint: --root needs a directory\n');
    return 2;
  }
  const { problems, notes } = await runForgeLint({ ...(root ? { root: path.resolve(root) } : {}), manifestOnly: argv.includes('--manifest-only') });
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
  for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
  const errors = problems.filter((p) => p.level === 'error').length;
  const warnings = problems.length - errors;
  process.stdout.write(errors + warnings === 0 ? 'forge-lint: no problems\n' : `forge-lint: ${errors} error(s), ${warnings} warning(s)\n`);
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`forge-lint: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
