import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { toProjectData } from '../../src/jira/project-data';
import { readSnapshotProject, SnapshotError } from '../../src/snapshot/reader';
import { fixtureFiles, writeSnapshot } from '../helpers/snapshot-fixture';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a node of a JSON document. */
function paths(node: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(node)) node.forEach((child, i) => out.push(...paths(child, [...prefix, i])));
  else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function mutate(doc: Json, path: (string | number)[], action: 'replace' | 'delete', value: Json): Json {
  if (path.length === 0) return action === 'delete' ? null : value;
  const copy = structuredClone(doc) as Record<string | number, Json>;
  let node = copy as Json;
  for (const step of path.slice(0, -1)) {
    const next = node !== null && typeof node === 'object' ? (node as Record<string | number, Json>)[step] : undefined;
    if (next === undefined) return doc; // an earlier mutation removed this path
    node = next;
  }
  if (node === null || typeof node !== 'object') return doc;
  const last = path[path.length - 1]!;
  if (action === 'delete') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete (node as Record<string, Json>)[last];
  } else (node as Record<string | number, Json>)[last] = value;
  return copy as Json;
}

const absurd = fc.oneof(
  fc.constantFrom<Json>('2025-02-30', '0000-00-00', '9999-12-31', '2025-04-10T25:61:00.000+0000', '1970-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '', 'yesterday', -1, 1e308, NaN as unknown as Json),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

describe('snapshot reader under mangled files', () => {
  const files = fixtureFiles();
  const names = Object.keys(files);
  let dir: string;
  beforeAll(() => { dir = writeSnapshot(files); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Reads and analyses; the only acceptable failure is a SnapshotError naming a file. */
  async function readAndAnalyse(): Promise<void> {
    try {
      const { raw } = await readSnapshotProject(dir, 'FIX');
      const report = analyze(toProjectData(raw), DEFAULT_CONFIG, '2025-04-10');
      expect(report.levels).toHaveLength(5);
      for (const level of report.levels) expect(level.score).toBeGreaterThanOrEqual(0);
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      expect(error.message).toMatch(/\.json/);
      expect(error.message).not.toContain('\n');
    }
  }

  it('accepts or rejects truncated files with a clear error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.double({ min: 0, max: 1, noNaN: true }), async (name, fraction) => {
        const path = join(dir, name);
        const original = readFileSync(path, 'utf8');
        writeFileSync(path, original.slice(0, Math.floor(original.length * fraction)));
        try {
          await readAndAnalyse();
        } finally {
          writeFileSync(path, original);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('accepts or rejects wrong types, missing fields and absurd dates with a clear error', async () => {
    const mutation = fc.constantFrom(...names).chain((name) => {
      const all = paths(files[name] as Json);
      return fc.tuple(fc.constant(name), fc.constantFrom(...all), fc.constantFrom<'replace' | 'delete'>('replace', 'delete'), absurd);
    });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const originals = new Map<string, string>();
        try {
          for (const [name, path, action, value] of mutations) {
            const file = join(dir, name);
            if (!originals.has(name)) originals.set(name, readFileSync(file, 'utf8'));
            const current = JSON.parse(readFileSync(file, 'utf8')) as Json;
            writeFileSync(file, JSON.stringify(mutate(current, path, action, value)));
          }
          await readAndAnalyse();
        } finally {
          for (const [name, text] of originals) writeFileSync(join(dir, name), text);
        }
      }),
      { numRuns: 2500 },
    );
    // 2,500 mutated snapshots written and read: about 20 s alone, over 30 s on a loaded machine.
  }, 120_000);
});
