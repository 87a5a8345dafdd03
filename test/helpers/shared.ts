/**
 * ../shared beside the project (the steering folder: DESIGN.md, examples, OpenAPI documents).
 * CI always has it; a clone elsewhere may not, and the tests that need it say so and skip.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const SHARED_DIR = resolve(PROJECT_ROOT, '..', 'shared');

export function sharedPath(...parts: string[]): string | undefined {
  const path = join(SHARED_DIR, ...parts);
  if (existsSync(path)) return path;
  console.warn(`${path} is absent: the tests that need it are skipped (CI has it beside the project).`);
  return undefined;
}

/** `describe` when the path exists, `describe.skip` (with a warning) when it does not. */
export function describeWithShared(name: string, parts: string[], body: (path: string) => void): void {
  const path = sharedPath(...parts);
  if (path) describe(name, () => body(path));
  else describe.skip(`${name} (needs ${join(SHARED_DIR, ...parts)})`, () => undefined);
}
