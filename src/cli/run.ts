/**
 * Runs a command-line entry point: bad input exits 2 with one line on stderr, any other
 * failure exits 1 with one line; never a stack trace (DEBUG=1 shows it).
 */
import { SnapshotError } from '../snapshot/errors';
import { UsageError } from './errors';

/** Errors that mean "the input was bad" (exit 2). Adapters register theirs here. */
const inputErrors: (new (...args: never[]) => Error)[] = [UsageError, SnapshotError];

export function registerInputError(type: new (...args: never[]) => Error): void {
  inputErrors.push(type);
}

export function isInputError(error: unknown): boolean {
  return inputErrors.some((type) => error instanceof type);
}

export function runCli(main: (argv: string[]) => Promise<void>, name: string): void {
  main(process.argv.slice(2)).then(
    () => undefined,
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${name}: ${message.split('\n')[0]}\n`);
      if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = isInputError(error) ? 2 : 1;
    },
  );
}

/** Closes a long-running server on Ctrl-C or SIGTERM, then exits (1 with one line if closing fails). */
export function closeOnSignal(name: string, close: () => Promise<void>): void {
  const stop = () => {
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${name}: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
