/**
 * The yardstick of `npm run bench`'s report figures: the same rules as `report --snapshot DIR
 * --project KEY --json` (default config), written the way a straightforward script would be,
 * printing the same document. The bench checks that both print the same bytes (so the rules are
 * the same), then compares their CPU times.
 *
 * What makes it straightforward, not a strawman:
 *   - every file read whole and JSON.parse'd, no validation;
 *   - every date through date-fns: a timestamp's calendar date is format(parseISO(t),
 *     'yyyy-MM-dd') (local time; the bench runs it with TZ=UTC, where that is Jira's date),
 *     day counts by differenceInCalendarDays / differenceInBusinessDays of parsed dates;
 *   - small collections searched by array scans (issue types, sprints by id, boards);
 *   - one index anybody would build: the issues by key (a Map, as the pages are read — an array
 *     scan per parent would make it quadratic, which no one would ship at 100k issues);
 *   - each rule a pass of its own over the issues; findings sorted with localeCompare.
 *
 *   tsx dev/bench/straightforward-report.ts DIR KEY
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- a throwaway script's view of raw JSON */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, differenceInBusinessDays, differenceInCalendarDays, format, isWeekend, parseISO, previousFriday } from 'date-fns';

const [dir, key] = process.argv.slice(2);
if (!dir || !key) throw new Error('usage: straightforward-report.ts DIR KEY');
const read = (relative: string): any => JSON.parse(readFileSync(join(dir, relative), 'utf8'));
const page = (n: number) => String(n).padStart(3, '0');

// ---- read -------------------------------------------------------------------------------------
const meta = existsSync(join(dir, 'meta.json')) ? read('meta.json') : {};
const dateOf = (timestamp: string) => format(parseISO(timestamp), 'yyyy-MM-dd');
const asOf: string = meta.capturedAt ? dateOf(meta.capturedAt) : format(new Date(), 'yyyy-MM-dd');
const types: any[] = read('issuetypes.json');
const sprintField: string | undefined = read('fields.json').find((f: any) => f.schema?.custom === 'com.pyxis.greenhopper.jira:gh-sprint')?.id;
const project = read(`projects/${key}/project.json`);
const versions: any[] = read(`projects/${key}/versions.json`).map((v: any) => ({
  id: v.id, name: v.name, released: v.released ?? false, archived: v.archived ?? false, releaseDate: v.releaseDate ?? null,
}));
const boards: any[] = existsSync(join(dir, `projects/${key}/boards.json`)) ? read(`projects/${key}/boards.json`).values : [];
const sprints: any[] = [];
for (const board of boards) {
  for (let n = 1; existsSync(join(dir, `boards/${board.id}/sprints-${page(n)}.json`)); n++) {
    const p = read(`boards/${board.id}/sprints-${page(n)}.json`);
    for (const s of p.values) {
      if (sprints.some((known) => known.id === s.id)) continue;
      sprints.push({ ...s, boardId: s.originBoardId ?? board.id, startDate: s.startDate ?? null, endDate: s.endDate ?? null, completeDate: s.completeDate ?? null });
    }
    if (p.isLast !== false) break;
  }
}
const levelOfType = (t: any): number => {
  if (t?.hierarchyLevel !== undefined) return t.hierarchyLevel;
  const known = types.find((k) => k.id === t?.id);
  if (known?.hierarchyLevel !== undefined) return known.hierarchyLevel;
  return (t?.subtask ?? known?.subtask) ? -1 : 0;
};
const category = (k: string | undefined) => (k === 'new' || k === 'indeterminate' || k === 'done' ? k : 'undefined');
const byKey = new Map<string, any>();
for (let n = 1; ; n++) {
  const p = read(`projects/${key}/search-${page(n)}.json`);
  for (const i of p.issues) {
    const f = i.fields;
    const pf = f.parent?.fields;
    byKey.delete(i.key);
    byKey.set(i.key, {
      key: i.key,
      type: f.issuetype.name,
      h: levelOfType(f.issuetype),
      status: f.status.name,
      cat: category(f.status.statusCategory.key),
      updated: f.updated,
      due: f.duedate ?? null,
      fixVersions: (f.fixVersions ?? []).map((v: any) => v.id),
      sprints: ((sprintField && f[sprintField]) || []).map((s: any) => ({ id: s.id, name: s.name ?? `Sprint ${s.id}`, state: s.state || undefined })),
      parent: f.parent
        ? { key: f.parent.key, type: pf?.issuetype?.name ?? 'Parent', h: levelOfType(pf?.issuetype), status: pf?.status?.name ?? 'Unknown', cat: category(pf?.status?.statusCategory.key) }
        : null,
    });
  }
  if (!(p.isLast === false || (p.isLast === undefined && p.nextPageToken))) break;
}
const issues = [...byKey.values()];

// ---- rules (default config) -------------------------------------------------------------------
const C = { vision: 2, visionStale: 365, roadmapStale: 91, minInterval: 56, maxInterval: 84, length: 14, tolerance: 1, maxGap: 3, overrun: 1, carryOver: 3, dailyStale: 2 };
const DAY = 86_400_000;
const levelOf = (h: number) => (h >= C.vision ? 1 : h >= 1 ? 2 : h === 0 ? 4 : 5);
const open = (x: any) => x.cat !== 'done';
const inProgress = (x: any) => x.cat === 'indeterminate';
const calendarDays = (from: string, to: string) => differenceInCalendarDays(parseISO(to), parseISO(from));
const weekday = (d: Date) => (isWeekend(d) ? previousFriday(d) : d);
const businessDays = (from: string, to: string) => differenceInBusinessDays(weekday(parseISO(to)), weekday(parseISO(from)));
const elapsed = (from: string, to: string) => (parseISO(to).getTime() - parseISO(from).getTime()) / DAY;
const days = (n: number, unit = 'day') => {
  const r = Math.round(n * 10) / 10;
  return `${r} ${unit}${r === 1 ? '' : 's'}`;
};
const names = (list: string[]) => (list.length <= 5 ? list.join(', ') : `${list.slice(0, 5).join(', ')} and ${list.length - 5} more`);
const typeNames = new Map<number, string>();
for (const i of issues) {
  if (!typeNames.has(i.h)) typeNames.set(i.h, i.type);
  if (i.parent && !typeNames.has(i.parent.h)) typeNames.set(i.parent.h, i.parent.type);
}
const typeName = (h: number) => (typeNames.get(h) ?? (h >= 2 ? 'initiative' : h === 1 ? 'epic' : h === 0 ? 'story' : 'sub-task')).toLowerCase();
const present = new Set<number>(issues.map((i) => i.h));
const external = new Map<string, any>();
for (const i of issues) if (i.parent && !byKey.has(i.parent.key)) { external.set(i.parent.key, i.parent); present.add(i.parent.h); }
const parentNode = (i: any) => (i.parent ? (byKey.get(i.parent.key) ?? i.parent) : undefined);
const sprintState = (s: any) => sprints.find((b) => b.id === s.id)?.state ?? s.state;
const planned = (i: any) => (i.h === 0 && open(i) ? i.sprints.find((s: any) => ['active', 'future'].includes(sprintState(s))) : undefined);
const tracesToVision = (i: any) => {
  const seen = new Set<string>();
  for (let cur = i.parent; cur && !seen.has(cur.key); ) {
    seen.add(cur.key);
    if (levelOf(cur.h) === 1) return true;
    const inData = byKey.get(cur.key);
    cur = inData?.parent ? (byKey.get(inData.parent.key) ?? inData.parent) : undefined;
  }
  return false;
};

const findings: any[] = [];
const add = (kind: string, level: number, subject: object, message: string) => findings.push({ kind, level, ...subject, message });
const WHO: Record<number, string> = { 1: 'the product vision', 0: 'the roadmap' };
for (const i of issues) {
  if ((i.h === 1 || i.h === 0) && !i.parent && open(i) && present.has(i.h + 1)) {
    add('missing-parent', levelOf(i.h), { issueKey: i.key }, `${i.type} ${i.key} has no ${typeName(i.h + 1)}: ${WHO[i.h]} can't see it.`);
  }
  const p = parentNode(i);
  if (p && p.h - i.h > 1) add('level-skip', levelOf(i.h), { issueKey: i.key }, `${i.type} ${i.key} sits directly under ${p.type} ${p.key}, skipping the ${typeName(i.h + 1)} level.`);
}
const openChildren = new Map<string, string[]>();
for (const i of issues) {
  const p = parentNode(i);
  if (i.parent && open(i) && p && !open(p)) openChildren.set(p.key, [...(openChildren.get(p.key) ?? []), i.key]);
}
for (const [pk, children] of openChildren) {
  const p = byKey.get(pk) ?? external.get(pk);
  const count = children.length === 1 ? 'a child is' : `${children.length} children are`;
  add('parent-done-child-open', levelOf(p.h), { issueKey: pk }, `${p.type} ${pk} is ${p.status} but ${count} still open (${children.slice(0, 5).join(', ')}${children.length > 5 ? ', …' : ''}).`);
}
for (const i of issues) {
  if (!open(i)) continue;
  const level = levelOf(i.h);
  const on = dateOf(i.updated);
  if (level === 1 || level === 2) {
    const limit = level === 1 ? C.visionStale : C.roadmapStale;
    const age = calendarDays(on, asOf);
    if (age > limit) add('stale', level, { issueKey: i.key }, `${i.type} ${i.key} has not been updated for ${days(age)} (last ${on}; stale after ${days(limit)}).`);
  } else if (inProgress(i) && i.h <= 0) {
    const age = businessDays(on, asOf);
    if (age > C.dailyStale) add('stale', 5, { issueKey: i.key }, `${i.type} ${i.key} is in progress but has not been updated for ${days(age, 'business day')} (last ${on}; stale after ${days(C.dailyStale, 'business day')}).`);
  }
}
for (const i of issues) {
  const level = levelOf(i.h);
  if (!i.due || !open(i) || (level !== 1 && level !== 2)) continue;
  const late = calendarDays(i.due, asOf);
  if (late > 0) add('overdue', level, { issueKey: i.key }, `${i.type} ${i.key} was due ${i.due} and is still ${i.status} (${days(late)} overdue).`);
}
const live = (v: any) => !v.released && !v.archived;
for (const v of versions) {
  if (!live(v) || !v.releaseDate) continue;
  const late = calendarDays(v.releaseDate, asOf);
  if (late > 0) add('overdue', 3, { versionId: v.id }, `Version ${v.name} was due for release on ${v.releaseDate} and is not released (${days(late)} overdue).`);
}
const released = versions.filter((v) => v.released && v.releaseDate !== null)
  .sort((a, b) => a.releaseDate.localeCompare(b.releaseDate) || a.id.localeCompare(b.id, 'en', { numeric: true }));
for (let n = 1; n < released.length; n++) {
  const gap = calendarDays(released[n - 1].releaseDate, released[n].releaseDate);
  if (gap > C.maxInterval || gap < C.minInterval) {
    add('release-interval', 3, { versionId: released[n].id },
      `Version ${released[n].name} shipped ${days(gap)} after ${released[n - 1].name} (${gap > C.maxInterval ? 'too long' : 'too short'}; cadence ${C.minInterval}–${C.maxInterval} days).`);
  }
}
for (const i of issues) {
  const s = i.fixVersions.length === 0 ? planned(i) : undefined;
  if (s) add('missing-release', 3, { issueKey: i.key }, `${i.type} ${i.key} is planned into ${sprintState(s)} sprint "${s.name}" but has no fix version.`);
}
const horizon = format(addDays(parseISO(asOf), C.maxInterval), 'yyyy-MM-dd');
if (!versions.some((v) => live(v) && v.releaseDate !== null && v.releaseDate >= asOf && v.releaseDate <= horizon)) {
  add('no-upcoming', 3, {}, `No unreleased version is due in the next ${C.maxInterval} days (by ${horizon}).`);
}
for (const s of sprints) {
  if (s.startDate === null || s.endDate === null) continue;
  const length = elapsed(s.startDate, s.endDate);
  if (Math.abs(length - C.length) > C.tolerance) add('sprint-length', 4, { sprintId: s.id }, `Sprint "${s.name}" is planned for ${days(length)} (cadence ${C.length} ± ${C.tolerance} days).`);
}
for (const s of sprints) {
  if (!s.endDate) continue;
  if (s.state === 'closed' && s.completeDate) {
    const late = elapsed(s.endDate, s.completeDate);
    if (late > C.overrun) add('sprint-overrun', 4, { sprintId: s.id }, `Sprint "${s.name}" was completed ${days(late)} after its end date (tolerance ${days(C.overrun)}).`);
  } else if (s.state === 'active' && dateOf(s.endDate) < asOf) {
    add('sprint-overrun', 4, { sprintId: s.id }, `Sprint "${s.name}" is still active after its end date ${dateOf(s.endDate)}.`);
  }
}
const boardIds = [...new Set(sprints.filter((s) => s.startDate !== null && s.endDate !== null).map((s) => s.boardId))];
for (const boardId of boardIds) {
  const list = sprints.filter((s) => s.boardId === boardId && s.startDate !== null && s.endDate !== null)
    .sort((a, b) => parseISO(a.startDate).getTime() - parseISO(b.startDate).getTime() || a.id - b.id);
  const board = boards.find((b) => b.id === boardId);
  for (let n = 1; n < list.length; n++) {
    const gap = elapsed(list[n - 1].completeDate ?? list[n - 1].endDate, list[n].startDate);
    if (gap > C.maxGap) {
      add('cadence-gap', 4, { sprintId: list[n].id },
        `${days(gap)} passed between "${list[n - 1].name}" ending and "${list[n].name}" starting on ${board ? `board "${board.name}"` : `board ${boardId}`} (at most ${days(C.maxGap)}).`);
    }
  }
}
for (const i of issues) {
  const distinct = new Map<number, string>(i.sprints.map((s: any) => [s.id, s.name]));
  if (open(i) && distinct.size >= C.carryOver) add('carry-over', 4, { issueKey: i.key }, `${i.type} ${i.key} has been in ${distinct.size} sprints (${names([...distinct.values()])}) and is still open.`);
}
if (!sprints.some((s) => s.state === 'active' || s.state === 'future')) add('no-upcoming', 4, {}, 'No sprint is active or planned on the project\'s boards.');

const items: Record<1 | 2 | 3 | 4 | 5, number> = { 1: 0, 2: 0, 3: versions.length, 4: sprints.length, 5: 0 };
for (const i of issues) {
  const level = levelOf(i.h);
  if (level === 1 || level === 2) items[level]++;
  else if (level === 4) {
    items[4]++;
    if (inProgress(i)) items[5]++;
    if (planned(i)) items[3]++;
  } else items[5]++;
}
for (const p of external.values()) {
  const level = levelOf(p.h);
  if (level === 1 || level === 2) items[level]++;
}
const recentWork = issues.some((i) => i.h <= 0 && businessDays(dateOf(i.updated), asOf) <= 10);
const ABSENT: Record<number, [boolean, string]> = {
  1: [items[1]! > 0, 'The project has no initiatives (or higher-level items): nothing carries the product vision.'],
  2: [items[2]! > 0, 'The project has no epics: nothing carries the roadmap.'],
  3: [versions.length > 0, 'The project has no versions: nothing carries the release plan.'],
  4: [sprints.length > 0, 'The project\'s boards have no sprints: nothing carries the iteration plan.'],
  5: [recentWork, 'No story, task, bug or sub-task was updated in the last 10 business days: there is no daily work to see.'],
};
for (const level of [1, 2, 3, 4, 5]) if (!ABSENT[level]![0]) add('level-absent', level, {}, ABSENT[level]![1]);

const KINDS = ['missing-parent', 'level-skip', 'parent-done-child-open', 'stale', 'overdue', 'release-interval', 'missing-release', 'no-upcoming',
  'sprint-length', 'sprint-overrun', 'cadence-gap', 'carry-over', 'level-absent'];
const subject = (f: any) => (f.issueKey !== undefined ? `issue:${f.issueKey}` : f.sprintId !== undefined ? `sprint:${f.sprintId}` : f.versionId !== undefined ? `version:${f.versionId}` : '');
findings.sort((a, b) => a.level - b.level || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || subject(a).localeCompare(subject(b), 'en', { numeric: true }));

// ---- scores, diagnosis, document ----------------------------------------------------------------
const NAMES = ['', 'Product Vision', 'Roadmap', 'Release', 'Iteration', 'Daily'];
const levels = ([1, 2, 3, 4, 5] as const).map((level) => {
  const mine = findings.filter((f) => f.level === level);
  const subjects = new Set(mine.map(subject).filter((s) => s !== ''));
  const wide = mine.filter((f) => subject(f) === '').length;
  const score = mine.some((f) => f.kind === 'level-absent') ? 0
    : Math.min(100, Math.max(0, Math.round(100 * (1 - subjects.size / Math.max(items[level], subjects.size, 1))) - 25 * wide));
  return { level, name: NAMES[level], score, items: items[level], findings: mine.length };
});
const weakest = levels.reduce((w, l) => (l.score < w.score ? l : w), levels[0]!).level;
const absent = new Set(findings.filter((f) => f.kind === 'level-absent').map((f) => f.level));
const pct = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(whole, 1))}%`;
const diagnosis: { id: string; text: string }[] = [];
const diag = (id: string, symptom: string, cause: string, evidence: string[]) => diagnosis.push({ id, text: `${symptom}: ${cause}. ${evidence.join(' ')}` });
const missing = [2, 3].filter((l) => absent.has(l));
if (missing.length > 0) {
  diag('progress-invisible', 'Teams are busy but leadership can\'t see progress',
    missing.length === 1 ? `Level ${missing[0]} (${NAMES[missing[0]!]}) is missing` : `Levels ${missing.join(' and ')} (${missing.map((l) => NAMES[l]).join(' and ')}) are missing`,
    missing.map((l) => (l === 2 ? 'The project has no epics.' : 'The project has no versions.')));
}
const sprintWork = issues.filter((i) => i.h === 0 && open(i) && i.sprints.some((s: any) => sprintState(s) === 'active'));
const traced = sprintWork.filter(tracesToVision).length;
if (!absent.has(1) && sprintWork.length > 0 && traced / sprintWork.length < 0.5) {
  diag('vision-unknown', 'Product vision exists but teams don\'t know about it', 'the connection between Level 1 and Level 4 is broken',
    [`Only ${traced} of ${sprintWork.length} issues in active sprints (${pct(traced, sprintWork.length)}) trace up to a vision item.`]);
}
const closed = new Set(sprints.filter((s) => s.state === 'closed' && s.completeDate && s.endDate).map((s) => s.id));
const overruns = findings.filter((f) => f.kind === 'sprint-overrun' && f.sprintId !== undefined && closed.has(f.sprintId)).length;
const plannedCount = issues.filter((i) => planned(i) !== undefined).length;
const withoutRelease = findings.filter((f) => f.kind === 'missing-release').length;
if (closed.size > 0 && overruns / closed.size <= 0.2 && plannedCount > 0 && withoutRelease / plannedCount >= 0.5) {
  diag('wrong-things-ship', 'Teams deliver on time but the wrong things ship', 'Level 3 alignment is missing',
    [`${closed.size - overruns} of ${closed.size} closed sprints ended on time,`,
      `but ${withoutRelease} of ${plannedCount} issues planned into active or future sprints (${pct(withoutRelease, plannedCount)}) have no fix version.`]);
}
const inProgressCount = issues.filter((i) => i.h <= 0 && inProgress(i)).length;
const staleDaily = findings.filter((f) => f.kind === 'stale' && f.level === 5).length;
if (inProgressCount > 0 && staleDaily / inProgressCount >= 0.5) {
  diag('standup-ritual', 'Daily standups feel pointless', 'Level 5 has become a ritual',
    [`${staleDaily} of ${inProgressCount} in-progress issues (${pct(staleDaily, inProgressCount)}) have not been updated for more than ${C.dailyStale} business days.`]);
}
const doc = {
  schemaVersion: 1,
  project: project.key,
  asOf,
  levels,
  weakestLevel: weakest,
  diagnosis,
  findings: findings.map(({ kind, level, issueKey, sprintId, versionId, message }) => ({
    kind, level, ...(issueKey !== undefined ? { issueKey } : {}), ...(sprintId !== undefined ? { sprintId } : {}), ...(versionId !== undefined ? { versionId } : {}), message,
  })),
};
process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
