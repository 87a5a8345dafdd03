/** Runs `npm run report` as a person would (a separate process) and checks its bad-input answers. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { reportMain } from '../../src/cli/report';
import { isInputError } from '../../src/cli/run';
import { PROJECT_ROOT } from './shared';

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const REPORT = join(PROJECT_ROOT, 'src', 'cli', 'report.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runReport(...args: string[]): CliResult {
  const result = spawnSync(TSX, [REPORT, ...args], { encoding: 'utf8', cwd: PROJECT_ROOT, env: { ...process.env, DEBUG: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Bad input: exit 2, nothing on stdout, one line on stderr matching `message`. */
export function expectBadInput(result: CliResult, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
}

/**
 * The same command in this process (much faster than a child): stdout as printed; a failure as
 * runCli reports it (exit 2 for bad input, else 1, with the message's first line).
 */
export async function reportInProcess(...args: string[]): Promise<CliResult> {
  let stdout = '';
  try {
    await reportMain(args, (t) => (stdout += t));
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    return { code: isInputError(error) ? 2 : 1, stdout, stderr: `report: ${(error as Error).message.split('\n')[0]}\n` };
  }
}
