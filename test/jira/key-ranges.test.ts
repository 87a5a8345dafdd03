/**
 * The first scan's key ranges (src/jira/key-ranges.ts): the plan covers every key number once in
 * whole pages, the JQL is built from a checked key and numbers only, and the CLI's scan by key
 * ranges against the emulator reads every issue once — sparse keys, an issue re-keyed past the
 * others, one created while the scan runs — for the points of one page after another.
 */
import { rm } from 'node:fs/promises';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/server';
import type { JiraClient } from '../../src/jira/client';
import { keyNumber, planKeyRanges, rangeJql, type KeyRangePlan } from '../../src/jira/key-ranges';
import { scanProject } from '../../src/jira/scan';
import { emulatorClient, writeSyntheticSnapshot } from '../emulator/helpers';

/** The key numbers range `index` holds among 1 … max, as [from, to] (the first open below, the last open above). */
function numbersOf(plan: KeyRangePlan, index: number, max: number): [number, number] {
  return [index === 0 ? 1 : index * plan.span + 1, index === plan.count - 1 ? max : (index + 1) * plan.span];
}

describe('planKeyRanges', () => {
  test.each([
    // highest, in flight → ranges × span
    [10_000, 1, 4, 2500],
    [10_000, 4, 4, 2500],
    [10_000, 8, 8, 1300],
    [100_000, 1, 40, 2500],
    [100_000, 4, 40, 2500],
    [100_000, 8, 40, 2500],
    [250, 4, 3, 100],
    [50, 4, 1, 100],
    [5250, 4, 4, 1400],
  ])('%i keys, %i in flight: %i ranges of %i key numbers', (highest, inFlight, count, span) => {
    expect(planKeyRanges(highest, inFlight)).toEqual({ count, span });
  });

  test('no issues, no ranges', () => {
    expect(planKeyRanges(null, 4).count).toBe(0);
  });

  test('every key number 1 … highest (and past it) in exactly one range; ranges of whole pages, a multiple of the slots when large', () => {
    for (const highest of [1, 99, 100, 101, 999, 1234, 7_777, 25_000, 99_999, 123_457]) {
      for (const inFlight of [1, 2, 3, 4, 8]) {
        const plan = planKeyRanges(highest, inFlight);
        expect(plan.span % 100).toBe(0);
        expect(plan.count).toBeGreaterThanOrEqual(1);
        expect(plan.count).toBeLessThanOrEqual(Math.ceil(highest / 100));
        // The last range starts at or below the highest key: no range is empty of the keys seen.
        expect((plan.count - 1) * plan.span + 1).toBeLessThanOrEqual(highest);
        // Contiguous from 1 to past the highest (keys created while the scan runs fall in the last range), none empty.
        const max = highest + 500;
        const ranges = Array.from({ length: plan.count }, (_, i) => numbersOf(plan, i, max));
        expect(ranges[0]![0]).toBe(1);
        expect(ranges[ranges.length - 1]![1]).toBe(max);
        ranges.forEach(([from, to], i) => {
          expect(to).toBeGreaterThanOrEqual(from);
          if (i > 0) expect(from).toBe(ranges[i - 1]![1] + 1);
        });
      }
    }
  });
});

describe('rangeJql', () => {
  const plan: KeyRangePlan = { span: 2500, count: 3 };
  test('the first range open below, the last open above, a resumed range after its last key', () => {
    expect(rangeJql('BIG', plan, 0)).toBe('project = "BIG" AND key < "BIG-2501" ORDER BY key ASC');
    expect(rangeJql('BIG', plan, 1)).toBe('project = "BIG" AND key >= "BIG-2501" AND key < "BIG-5001" ORDER BY key ASC');
    expect(rangeJql('BIG', plan, 2)).toBe('project = "BIG" AND key >= "BIG-5001" ORDER BY key ASC');
    expect(rangeJql('BIG', plan, 1, 3117)).toBe('project = "BIG" AND key > "BIG-3117" AND key < "BIG-5001" ORDER BY key ASC');
    expect(rangeJql('BIG', { span: 100, count: 1 }, 0)).toBe('project = "BIG" ORDER BY key ASC');
  });

  test('no unchecked text reaches JQL', () => {
    expect(() => rangeJql('BIG" OR project = "OTHER', plan, 0)).toThrow(/is not a Jira project key/);
    expect(() => rangeJql('BIG', plan, 3)).toThrow(/range 3 is not one of the 3 ranges/);
    expect(() => rangeJql('BIG', plan, 1, -1)).toThrow(/not a key number/);
    expect(() => rangeJql('BIG', plan, 1, 1.5)).toThrow(/not a key number/);
  });

  test('keyNumber reads the number after the last dash, and refuses a key without one', () => {
    expect(keyNumber('BIG-2600')).toBe(2600);
    expect(keyNumber('A_B-7')).toBe(7);
    expect(() => keyNumber('BIG')).toThrow(/no issue number/);
  });
});

describe('the CLI scan by key ranges against the emulator', () => {
  let emulator: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    dir = await writeSyntheticSnapshot(1000, 60);
    // Rate limits without a limit: the emulator counts points as Jira does.
    emulator = await startEmulator({ snapshotDir: dir, rateLimits: {} });
  });
  afterAll(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('sparse keys, an issue re-keyed past the others and one created during the scan: each read once, as one page after another reads them, for issues + pages + 2 points, at most 4 pages in flight', async () => {
    // Keys 101–400 gone, and every 7th: deleted or moved away. SYN-500 gets a key past all the others.
    for (let k = 1; k <= 1000; k++) if ((k > 100 && k <= 400) || k % 7 === 0) emulator.site.deleteIssue(`SYN-${k}`);
    emulator.site.moveIssue('SYN-500', 'SYN', 'SYN-5000');
    const template = emulator.site.issue('SYN-1')!;
    // Created once the scan has learnt its highest key (SYN-5000), before any range is read.
    const base = emulatorClient(emulator.url);
    let created = false;
    let inFlight = 0;
    let mostInFlight = 0;
    const client: JiraClient = {
      ...base,
      searchPage: async (...args) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          return await base.searchPage(...args);
        } finally {
          inFlight--;
        }
      },
      searchKeys: async (request) => {
        const page = await base.searchKeys(request);
        emulator.site.createIssue('SYN', { id: '990001', key: 'SYN-5001', fields: template.fields as Record<string, never> });
        created = true;
        return page;
      },
    };
    emulator.resetCounters();
    const ranged = await scanProject(client, 'SYN', { inFlight: 4 });
    expect(created).toBe(true);
    // 4 ranges, 4 in flight: never more search pages at once.
    expect(mostInFlight).toBe(4);
    const { byOperation, points, requests } = emulator.counters;
    const keys = ranged.issues.map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('SYN-5000');
    expect(keys).toContain('SYN-5001');
    expect(keys).not.toContain('SYN-500');
    // Points: each issue once, 1 a search page, 2 for the highest key, 9 for the rest (project 2, 7 others).
    const pages = byOperation.search - 1;
    expect(points).toBe(keys.length + pages + 2 + 9);
    expect(requests).toBe(1 + pages + 8);

    emulator.resetCounters();
    const paged = await scanProject(base, 'SYN', { issueReads: 'search-pages' });
    expect(ranged).toEqual(paged);
    // At most one partial page more a range than one page after another (4 ranges).
    expect(pages).toBeLessThanOrEqual(emulator.counters.byOperation.search + 3);
    process.stderr.write(`key ranges: ${keys.length} issues in ${pages} pages by key range (+1 highest key) against ${emulator.counters.byOperation.search} pages one after another\n`);
  });
});
