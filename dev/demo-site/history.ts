/**
 * Demo history for the local preview: Jira keeps no history of scores or release dates, so the
 * demo site brings ~90 days of it, as the app's daily scans would have recorded it
 * (src/core/history.ts's document), ending on the capture date at exactly the scores the engine
 * computes for the snapshot. Deterministic (a seeded PRNG and fixed dates): the committed
 * dev/demo-site/history.json equals a fresh run (test/demo-site checks it).
 *
 *   npx tsx dev/demo-site/history.ts        writes dev/demo-site/history.json
 *
 * The story it tells for ACME: release 3.5 slipped twice (a week, then two more), 4.0 once
 * (a month), 3.4 shipped a week late in September; the release level dropped when 3.5 went
 * overdue; the other levels drift a few points up and down. For MOB, the mobile team on the
 * same release train: its 3.4 slipped twice (the SDK upgrades, then the store review) and
 * shipped four weeks after the web's; its 3.5 moved two weeks after ACME's.
 */
import { prng } from '../prng';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { calendarDateOf } from '../../src/core/dates';
import { HISTORY_SCHEMA, type DayRow, type HistoryDoc, type VersionHistory } from '../../src/core/history';
import { LEVELS, type Level } from '../../src/core/levels';
import { toProjectData } from '../../src/jira/project-data';
import { readSnapshotProject } from '../../src/snapshot/reader';

export const DEMO_HISTORY_FILE = join(__dirname, 'history.json');
export const DEMO_HISTORY_DAYS = 90;

type VersionDates = Record<string, { name: string; changes: [string, string][]; lastSeenOpen?: string }>;

/** Release-date changes of versions as the daily scans saw them, per project: [seen on, release date]. */
const VERSION_DATES: Record<string, VersionDates> = {
  ACME: {
    '10207': { name: '3.4', changes: [['2026-08-23', '2026-09-17'], ['2026-09-10', '2026-09-24']], lastSeenOpen: '2026-09-23' },
    '10208': { name: '3.5', changes: [['2026-08-23', '2026-10-22'], ['2026-10-08', '2026-10-29'], ['2026-10-27', '2026-11-12']] },
    '10209': { name: '4.0', changes: [['2026-08-23', '2027-02-04'], ['2026-11-03', '2027-03-04']] },
  },
  MOB: {
    '10303': { name: '3.4', changes: [['2026-08-23', '2026-09-24'], ['2026-09-14', '2026-10-08'], ['2026-10-02', '2026-10-22']], lastSeenOpen: '2026-10-21' },
    '10304': { name: '3.5', changes: [['2026-08-23', '2026-11-12'], ['2026-10-26', '2026-11-26']] },
    '10305': { name: '4.0', changes: [['2026-08-23', '2027-03-04']] },
  },
};
/** The day ACME's release 3.5 went overdue (its date passed unreleased): the release score fell. */
const RELEASE_DROP = { projectKey: 'ACME', on: '2026-11-13', before: 74 };


function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

/**
 * Daily rows ending at `asOf` with `final` scores: walked backwards from the end, mostly flat
 * (a level's score changes when something happens), sometimes a few points either way.
 */
function dailyScores(projectKey: string, asOf: string, final: Record<Level, number>, seed: number): DayRow[] {
  const random = prng(seed);
  const current: Record<Level, number> = { ...final };
  const rows: DayRow[] = [];
  for (let back = 0; back < DEMO_HISTORY_DAYS; back++) {
    const date = addDays(asOf, -back);
    rows.push([date, current[1], current[2], current[3], current[4], current[5]]);
    for (const level of LEVELS) {
      if (final[level] === 0) continue; // an absent level stays absent
      const r = random();
      const step = r < 0.78 ? 0 : Math.round((random() - 0.5) * (level === 5 ? 10 : 6));
      current[level] = clamp(current[level] + step);
    }
    if (projectKey === RELEASE_DROP.projectKey && addDays(asOf, -back) === RELEASE_DROP.on) current[3] = RELEASE_DROP.before;
  }
  return rows.reverse();
}

/** The demo history of every project of the snapshot, keyed by project. */
export async function demoHistory(snapshotDir: string): Promise<Record<string, HistoryDoc>> {
  const out: Record<string, HistoryDoc> = {};
  let seed = 20261120;
  // MOB last: adding it left ACME's and OPS's seeds, and so their rows, as they were.
  for (const projectKey of ['ACME', 'OPS', 'MOB']) {
    const { raw, meta } = await readSnapshotProject(snapshotDir, projectKey);
    if (!meta?.capturedAt) throw new Error('the demo snapshot has no capturedAt');
    const asOf = calendarDateOf(meta.capturedAt);
    const data = toProjectData(raw);
    const report = analyze(data, DEFAULT_CONFIG, asOf);
    const final = Object.fromEntries(LEVELS.map((l) => [l, report.levels.find((x) => x.level === l)?.score ?? 0])) as Record<Level, number>;
    const versions: Record<string, VersionHistory> = {};
    for (const [id, v] of Object.entries(VERSION_DATES[projectKey] ?? {})) {
      const now = data.versions.find((x) => x.id === id);
      if (now === undefined) throw new Error(`${projectKey} has no version ${id} (${v.name}) any more: update dev/demo-site/history.ts`);
      const open = !now.released && !now.archived;
      const last = v.changes[v.changes.length - 1]![1];
      if (open && last !== now.releaseDate) throw new Error(`version ${v.name}'s history ends at ${last}, but its date is ${now.releaseDate ?? 'unset'}`);
      versions[id] = { name: now.name, changes: v.changes, lastSeenOpen: open ? asOf : (v.lastSeenOpen ?? asOf) };
    }
    out[projectKey] = { schema: HISTORY_SCHEMA, days: dailyScores(projectKey, asOf, final, seed++), versions };
  }
  return out;
}

export function serializeHistory(history: Record<string, HistoryDoc>): string {
  // One day per line: small diffs and a readable file.
  const lines: string[] = ['{'];
  const projects = Object.entries(history);
  projects.forEach(([key, doc], p) => {
    lines.push(`  ${JSON.stringify(key)}: {`, `    "schema": ${doc.schema},`, '    "days": [');
    doc.days.forEach((row, i) => lines.push(`      ${JSON.stringify(row)}${i < doc.days.length - 1 ? ',' : ''}`));
    lines.push('    ],', `    "versions": ${JSON.stringify(doc.versions)}`, `  }${p < projects.length - 1 ? ',' : ''}`);
  });
  lines.push('}', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const history = await demoHistory(join(__dirname, 'snapshot'));
  writeFileSync(DEMO_HISTORY_FILE, serializeHistory(history));
  process.stdout.write(`wrote ${DEMO_HISTORY_FILE}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
