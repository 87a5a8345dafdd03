/**
 * The embedded demo site: a deterministic generator of a site snapshot (DESIGN.md's offline
 * format) for https://acme-demo.atlassian.net, captured 2026-11-20.
 *
 *   npm run demo:generate                 writes dev/demo-site/snapshot/
 *   npx tsx dev/demo-site/generate.ts --out DIR
 *
 * Three projects:
 * - ACME "Acme Checkout": initiatives, epics, two scrum boards (a year of sprints on the core
 *   team's board, half a year on the payments squad's), a year of versions; mostly healthy,
 *   with a handful of every finding kind except level-absent.
 * - MOB "Acme Mobile App": a scrum team since March 2026 that ships with ACME's releases (the
 *   same version names); its epics sit under ACME's initiatives. Release 3.4 landed four weeks
 *   after the web's (the SDK upgrades and an app store rejection), so the 3.4 release train is
 *   misaligned; 3.2, 3.3, 3.5 and 4.0 are aligned. Generated after ACME and OPS from its own
 *   seed, with its own ids, so their data does not change.
 * - OPS "Platform Ops": a kanban team with tasks, bugs and sub-tasks only: no initiatives,
 *   no epics, no versions, no sprints.
 *
 * Everything comes from a seeded PRNG and fixed dates, so the output is byte-identical on
 * every run (test/demo-site checks the committed snapshot against a fresh run).
 */
import { prng } from '../prng';
import { mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { toProjectData } from '../../src/jira/project-data';
import { readSnapshotProject } from '../../src/snapshot/reader';
import {
  EPICS,
  INITIATIVES,
  MOBILE_EPICS,
  OPS_ITEMS,
  SPRINT_BUGS,
  SUBTASKS,
  UNLINKED_DONE_BUGS,
  type BoardName,
  type EpicSpec,
  type WorkStatus,
} from './catalog';

// ---------------------------------------------------------------------------------------------
// Fixed facts of the site

export const SITE = 'https://acme-demo.atlassian.net';
export const CAPTURED_AT = '2026-11-20T16:00:00.000+0000';
export const SPRINT_FIELD_ID = 'customfield_10020';
const SEED = 0x5eed_ac3e;
const SUBTASK_SHARE = 0.45;

export const DEFAULT_OUT_DIR = join(__dirname, 'snapshot');

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32)

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** `n` distinct items, in the list's order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const indexes = items.map((_, i) => i);
    const chosen: number[] = [];
    for (let k = 0; k < n && indexes.length > 0; k++) {
      const at = Math.floor(this.next() * indexes.length);
      chosen.push(indexes.splice(at, 1)[0]!);
    }
    return chosen.sort((a, b) => a - b).map((i) => items[i]!);
  }
}

// ---------------------------------------------------------------------------------------------
// Time: instants are milliseconds since the epoch, whole minutes.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function utc(date: string, hours = 0, minutes = 0): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`bad date ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hours, minutes);
}

export const CAPTURED = Date.parse(CAPTURED_AT.replace('+0000', 'Z'));
export const AS_OF = CAPTURED_AT.slice(0, 10);

/** Start of the last Sunday of a month (0-based), UTC. */
function lastSundayUtc(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0);
  return last - new Date(last).getUTCDay() * DAY;
}

/** The team works in Berlin: Jira writes timestamps in the capturing user's zone (CET/CEST). */
function berlinOffsetMinutes(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const summerFrom = lastSundayUtc(year, 2) + HOUR;
  const summerTo = lastSundayUtc(year, 9) + HOUR;
  return ms >= summerFrom && ms < summerTo ? 120 : 60;
}

/** "2026-11-18T10:15:00.000+0100" (platform API). */
function jiraTime(ms: number): string {
  const offset = berlinOffsetMinutes(ms);
  const local = new Date(ms + offset * MINUTE).toISOString().slice(0, 23);
  return `${local}+${String(offset / 60).padStart(2, '0')}00`;
}

/** "2026-11-18T09:15:00.000Z" (agile API). */
function agileTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The Berlin calendar date of an instant. */
function berlinDate(ms: number): string {
  return new Date(ms + berlinOffsetMinutes(ms) * MINUTE).toISOString().slice(0, 10);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Jira's user-facing date ("12/Nov/26"). */
function userDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${MONTHS[Number(m) - 1]}/${y!.slice(2)}`;
}

/** A working-hours instant (Mon–Fri, 08:30–18:00 Berlin) in [from, to]; the midpoint if none fits. */
function workInstant(rng: Rng, from: number, to: number): number {
  if (to < from) throw new Error(`empty time range ${agileTime(from)} … ${agileTime(to)}`);
  for (let attempt = 0; attempt < 40; attempt++) {
    const day = berlinDate(from + Math.floor(rng.next() * (to - from + 1)));
    const weekday = new Date(utc(day)).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const localMinutes = 8 * 60 + 30 + rng.int(0, 19) * 30 + rng.int(0, 29);
    const approx = utc(day) + localMinutes * MINUTE;
    const instant = approx - berlinOffsetMinutes(approx) * MINUTE;
    if (instant >= from && instant <= to) return instant;
  }
  return from + Math.floor((to - from) / 2 / MINUTE) * MINUTE;
}

/** A working-hours instant on one date (Berlin). */
function onDay(rng: Rng, date: string): number {
  return workInstant(rng, utc(date, 7, 30), Math.min(utc(date, 16, 30), CAPTURED - 30 * MINUTE));
}

// ---------------------------------------------------------------------------------------------
// The model the generator builds before writing Jira's responses

type ProjectKey = 'ACME' | 'MOB' | 'OPS';
type TypeName = 'Initiative' | 'Epic' | 'Story' | 'Task' | 'Bug' | 'Subtask';
type SprintState = 'closed' | 'active' | 'future';

interface Sprint {
  id: number;
  boardId: number;
  board: BoardName;
  number: number;
  name: string;
  state: SprintState;
  start: number | null;
  end: number | null;
  complete: number | null;
  created: number;
  goal: string;
}

interface Version {
  id: string;
  name: string;
  description: string;
  released: boolean;
  archived: boolean;
  startDate: string;
  releaseDate: string;
}

interface Issue {
  project: ProjectKey;
  type: TypeName;
  summary: string;
  status: WorkStatus;
  created: number;
  updated: number;
  due: string | null;
  fixVersions: Version[];
  sprints: Sprint[];
  parent: Issue | null;
  id: string;
  key: string;
}

const BOARDS: Record<BoardName, { id: number; name: string }> = {
  core: { id: 42, name: 'Checkout Core' },
  payments: { id: 57, name: 'Payments Squad' },
  mobile: { id: 71, name: 'Mobile App' },
};
const OPS_BOARD = { id: 63, name: 'Platform Ops Kanban' };

/** The site's project categories (Jira: Project settings → Details → Category); the global page filters by them. */
const CATEGORIES = {
  shop: { id: '10000', name: 'Shop', description: 'The teams that build the Acme shop: web checkout and the mobile apps.' },
  platform: { id: '10001', name: 'Platform', description: 'Infrastructure and delivery tooling the shop runs on.' },
} as const;

const PROJECTS: Record<ProjectKey, { id: string; name: string; description: string; lead: [string, string]; category: keyof typeof CATEGORIES }> = {
  ACME: {
    id: '10010',
    name: 'Acme Checkout',
    description: 'Basket, checkout and payments of the Acme web shop.',
    lead: ['712020:4d1f6a0e-3b5c-4f2e-9a61-0c7d2b8e5f13', 'Mara Lindqvist'],
    category: 'shop',
  },
  MOB: {
    id: '10012',
    name: 'Acme Mobile App',
    description: 'The iOS and Android shop apps: browsing, basket and checkout on the phone.',
    lead: ['712020:c5a8e3d2-6f1b-4e97-8d40-2b7e9f1a6c58', 'Aiko Tanaka'],
    category: 'shop',
  },
  OPS: {
    id: '10011',
    name: 'Platform Ops',
    description: 'Infrastructure, on-call and delivery tooling for the shop platform.',
    lead: ['712020:9b2e7c41-5a0d-4c8f-b3e6-1f4a9d0c2e77', 'Jonas Okafor'],
    category: 'platform',
  },
};

function projectCategoryJson(key: ProjectKey): Json {
  const c = CATEGORIES[PROJECTS[key].category];
  return { self: `${SITE}/rest/api/3/projectCategory/${c.id}`, id: c.id, name: c.name, description: c.description };
}

const ISSUE_TYPES: { name: TypeName; id: string; level: number; avatarId: number; description: string }[] = [
  { name: 'Epic', id: '10000', level: 1, avatarId: 10307, description: 'A big user story that needs to be broken down.' },
  { name: 'Task', id: '10001', level: 0, avatarId: 10318, description: 'A small, distinct piece of work.' },
  { name: 'Subtask', id: '10002', level: -1, avatarId: 10316, description: 'A small piece of work that\'s part of a larger task.' },
  { name: 'Story', id: '10003', level: 0, avatarId: 10315, description: 'Functionality or a feature expressed as a user goal.' },
  { name: 'Bug', id: '10004', level: 0, avatarId: 10303, description: 'A problem or error.' },
  { name: 'Initiative', id: '10005', level: 2, avatarId: 10551, description: 'A large piece of work that groups epics across teams and quarters.' },
];

const STATUSES: Record<WorkStatus, { id: string; name: string; icon: string; category: [number, string, string, string] }> = {
  todo: { id: '10000', name: 'To Do', icon: 'open.png', category: [2, 'new', 'blue-gray', 'To Do'] },
  progress: { id: '3', name: 'In Progress', icon: 'inprogress.png', category: [4, 'indeterminate', 'yellow', 'In Progress'] },
  review: { id: '10001', name: 'In Review', icon: 'inprogress.png', category: [4, 'indeterminate', 'yellow', 'In Progress'] },
  done: { id: '10002', name: 'Done', icon: 'closed.png', category: [3, 'done', 'green', 'Done'] },
};

/** How the active sprint's regular work stands, mid-sprint. */
const CURRENT_STATUSES: readonly WorkStatus[] = ['done', 'progress', 'todo', 'done', 'review', 'progress', 'todo', 'done'];

const TYPE_OF_PREFIX: Record<string, TypeName> = { S: 'Story', T: 'Task', B: 'Bug' };

function parseItem(item: string): { type: TypeName; summary: string } {
  const type = TYPE_OF_PREFIX[item.slice(0, 1)];
  if (!type || item[1] !== ':') throw new Error(`work item without a type prefix: ${item}`);
  return { type, summary: item.slice(2) };
}

// ---------------------------------------------------------------------------------------------
// Sprints

function nextMondayOnOrAfter(ms: number): number {
  const day = utc(new Date(ms).toISOString().slice(0, 10));
  const weekday = new Date(day).getUTCDay();
  return day + ((8 - weekday) % 7) * DAY;
}

interface SprintPlan {
  board: BoardName;
  /** Sprints of the board in order: closed…, active, future (dated), future (undated, optional). */
  sprints: Omit<Sprint, 'id'>[];
}

/**
 * The core team: two-week sprints from 17 Nov 2025, with one three-week sprint over the
 * holidays (sprint-length), one sprint held open three days for the 3.2 release
 * (sprint-overrun) and a hackathon week between sprints in the summer (cadence-gap).
 */
function coreSprints(rng: Rng): SprintPlan {
  const sprints: Omit<Sprint, 'id'>[] = [];
  let start = utc('2025-11-17', 9, 30);
  for (let n = 1; ; n++) {
    const length = n === 3 ? 21 : 14;
    const end = start + length * DAY;
    const base = { boardId: BOARDS.core.id, board: 'core' as const, number: n, name: `Checkout Core Sprint ${n}`, goal: '' };
    const created = start - rng.int(2, 6) * DAY + rng.int(0, 300) * MINUTE;
    if (end > CAPTURED) {
      sprints.push({ ...base, state: 'active', start, end, complete: null, created });
      break;
    }
    let complete = end - rng.int(15, 120) * MINUTE;
    let nextStart = end;
    if (n === 10) {
      complete = end + 3 * DAY + 40 * MINUTE;
      nextStart = complete + 30 * MINUTE;
    }
    if (n === 17) nextStart = nextMondayOnOrAfter(end + 7 * DAY) + 9 * HOUR + 30 * MINUTE;
    sprints.push({ ...base, state: 'closed', start, end, complete, created });
    start = nextStart;
  }
  const active = sprints[sprints.length - 1]!;
  const n = active.number + 1;
  sprints.push({
    boardId: BOARDS.core.id, board: 'core', number: n, name: `Checkout Core Sprint ${n}`, goal: '',
    state: 'future', start: active.end, end: active.end! + 14 * DAY, complete: null, created: CAPTURED - 2 * DAY - 5 * HOUR,
  });
  sprints.push({
    boardId: BOARDS.core.id, board: 'core', number: n + 1, name: `Checkout Core Sprint ${n + 1}`, goal: '',
    state: 'future', start: null, end: null, complete: null, created: CAPTURED - 2 * DAY - 4 * HOUR,
  });
  return { board: 'core', sprints };
}

/** The payments squad, formed in May 2026: an 11-day first sprint (sprint-length), then two-week sprints. */
function paymentsSprints(rng: Rng): SprintPlan {
  const sprints: Omit<Sprint, 'id'>[] = [];
  let start = utc('2026-05-21', 8, 0);
  let end = utc('2026-06-01', 8, 0);
  for (let n = 1; ; n++) {
    const base = { boardId: BOARDS.payments.id, board: 'payments' as const, number: n, name: `Payments Sprint ${n}`, goal: '' };
    const created = start - rng.int(1, 4) * DAY + rng.int(0, 300) * MINUTE;
    if (end > CAPTURED) {
      sprints.push({ ...base, state: 'active', start, end, complete: null, created });
      break;
    }
    const complete = end - rng.int(10, 90) * MINUTE;
    sprints.push({ ...base, state: 'closed', start, end, complete, created });
    start = end;
    end = start + 14 * DAY;
  }
  const active = sprints[sprints.length - 1]!;
  const n = active.number + 1;
  sprints.push({
    boardId: BOARDS.payments.id, board: 'payments', number: n, name: `Payments Sprint ${n}`, goal: '',
    state: 'future', start: active.end, end: active.end! + 14 * DAY, complete: null, created: CAPTURED - 1 * DAY - 6 * HOUR,
  });
  return { board: 'payments', sprints };
}

// ---------------------------------------------------------------------------------------------
// Versions (ACME)

const VERSION_SPECS: Omit<Version, 'id'>[] = [
  { name: '2.9', description: 'Last release of the multi-step checkout.', released: true, archived: true, startDate: '2025-07-21', releaseDate: '2025-09-25' },
  { name: '3.0', description: 'Responsive checkout and 3-D Secure 2.', released: true, archived: false, startDate: '2025-09-26', releaseDate: '2025-12-04' },
  { name: '3.1', description: 'Address autocomplete, SCA exemptions.', released: true, archived: false, startDate: '2025-12-05', releaseDate: '2026-02-05' },
  { name: '3.2', description: 'Apple Pay and Google Pay.', released: true, archived: false, startDate: '2026-02-06', releaseDate: '2026-04-16' },
  { name: '3.2.1', description: 'Hotfix: 3DS challenge and order state after 3.2.', released: true, archived: false, startDate: '2026-04-17', releaseDate: '2026-04-23' },
  { name: '3.3', description: 'Guest checkout.', released: true, archived: false, startDate: '2026-04-24', releaseDate: '2026-06-25' },
  { name: 'BNPL pilot', description: 'Buy now, pay later pilot with a local provider (cancelled; Klarna instead).', released: false, archived: true, startDate: '2026-05-04', releaseDate: '2026-07-30' },
  { name: '3.4', description: 'iDEAL, Bancontact, PCI script inventory (part 1).', released: true, archived: false, startDate: '2026-06-26', releaseDate: '2026-09-24' },
  { name: '3.5', description: 'Single-page checkout beta, saved addresses, PCI DSS 4.0 evidence.', released: false, archived: false, startDate: '2026-09-25', releaseDate: '2026-11-12' },
  { name: '4.0', description: 'Single-page checkout for everyone, Klarna, gift cards.', released: false, archived: false, startDate: '2026-11-13', releaseDate: '2027-03-04' },
];

// ---------------------------------------------------------------------------------------------
// Building the site

interface Site {
  issues: Issue[];
  sprints: Sprint[];
  versions: Version[];
}

/** The whole demo site: ACME and OPS, then MOB (built from its own seed, ids of its own). */
interface DemoSite {
  main: Site;
  mobile: Site;
}

function buildSite(): Site {
  const rng = new Rng(SEED);
  const plans = [coreSprints(rng), paymentsSprints(rng)];

  // Sprint ids are site-wide, in the order the sprints were created.
  const allPlanned = plans.flatMap((p) => p.sprints).sort((a, b) => a.created - b.created || a.boardId - b.boardId);
  const sprints: Sprint[] = allPlanned.map((s, i) => ({ ...s, id: 181 + i }));
  const boardSprints = (board: BoardName) => sprints.filter((s) => s.board === board).sort((a, b) => a.number - b.number);
  const activeOf = (board: BoardName) => boardSprints(board).find((s) => s.state === 'active')!;
  const sprintOf = (board: BoardName, ref: number | 'A' | 'F' | 'A-1' | 'A-2'): Sprint => {
    const active = activeOf(board).number;
    const number = typeof ref === 'number' ? ref : ref === 'A' ? active : ref === 'F' ? active + 1 : ref === 'A-1' ? active - 1 : active - 2;
    const found = boardSprints(board).find((s) => s.number === number);
    if (!found) throw new Error(`no sprint ${String(ref)} on ${board}`);
    return found;
  };

  const versions: Version[] = VERSION_SPECS.map((v, i) => ({ ...v, id: String(10200 + i) }));
  const version = (name: string) => versions.find((v) => v.name === name)!;
  const mainReleases = ['3.0', '3.1', '3.2', '3.3', '3.4'].map(version);
  const fixVersionFor = (doneAt: number): Version => {
    const date = berlinDate(doneAt);
    return mainReleases.find((v) => v.releaseDate >= date) ?? version('3.5');
  };

  const issues: Issue[] = [];
  const add = (issue: Omit<Issue, 'id' | 'key'>): Issue => {
    const full: Issue = { ...issue, id: '', key: '' };
    issues.push(full);
    return full;
  };

  // Initiatives.
  const initiatives = new Map<string, Issue>();
  for (const spec of INITIATIVES) {
    initiatives.set(spec.ref, add({
      project: 'ACME', type: 'Initiative', summary: spec.summary, status: spec.status,
      created: onDay(rng, spec.created), updated: onDay(rng, spec.updated), due: spec.due,
      fixVersions: [], sprints: [], parent: null,
    }));
  }

  // Epics and their work.
  const epics = new Map<string, Issue>();
  const epicSpecs = new Map<string, EpicSpec>();
  for (const spec of EPICS) {
    epicSpecs.set(spec.ref, spec);
    epics.set(spec.ref, add({
      project: 'ACME', type: 'Epic', summary: spec.summary, status: spec.status,
      created: onDay(rng, spec.created), updated: spec.updated ? onDay(rng, spec.updated) : 0, due: spec.due,
      fixVersions: [], sprints: [], parent: spec.initiative ? initiatives.get(spec.initiative)! : null,
    }));
  }

  /** Which epics of a board have work in a sprint. */
  const epicsInFlight = (sprint: Sprint): Issue[] =>
    EPICS.filter((spec) => spec.board === sprint.board && spec.from <= sprint.number && sprint.number <= toNumber(spec))
      .map((spec) => epics.get(spec.ref)!);
  const toNumber = (spec: EpicSpec): number =>
    spec.board === null ? 0 : spec.to === 'A' ? activeOf(spec.board).number : spec.to === 'F' ? activeOf(spec.board).number + 1 : spec.to;

  const activeUpdate = (status: WorkStatus, sprint: Sprint): number => {
    if (status === 'progress' || status === 'review') return workInstant(rng, utc('2026-11-18', 7, 0), CAPTURED - 30 * MINUTE);
    if (status === 'done') return workInstant(rng, sprint.start! + DAY, CAPTURED - 30 * MINUTE);
    return workInstant(rng, sprint.start! - 2 * DAY, CAPTURED - 30 * MINUTE);
  };
  const createdBefore = (at: number, notBefore: number): number =>
    workInstant(rng, Math.max(notBefore + HOUR, Math.min(at, CAPTURED) - 30 * DAY), Math.min(at, CAPTURED) - DAY);

  /** Work planned into sprints: done in closed ones, mixed in the active one, to do in future ones. */
  const workIn = (
    item: { type: TypeName; summary: string },
    inSprints: Sprint[],
    parent: Issue | null,
    options: { status?: WorkStatus; updated?: number; fixVersion?: Version | null; notBefore?: number; created?: number } = {},
  ): Issue => {
    const first = inSprints[0]!;
    const last = inSprints[inSprints.length - 1]!;
    const notBefore = options.notBefore ?? parent?.created ?? utc('2025-10-01');
    const created = options.created ?? createdBefore(first.start ?? CAPTURED - 2 * DAY, notBefore);
    let status: WorkStatus;
    let updated: number;
    let fix: Version | null;
    if (last.state === 'closed') {
      status = 'done';
      updated = options.updated ?? workInstant(rng, last.start! + DAY, Math.min(last.end!, last.complete!));
      fix = fixVersionFor(updated);
    } else if (last.state === 'active') {
      status = options.status ?? rng.pick(CURRENT_STATUSES);
      updated = options.updated ?? activeUpdate(status, last);
      fix = version('3.5');
    } else {
      status = 'todo';
      updated = options.updated ?? workInstant(rng, Math.max(created, CAPTURED - 5 * DAY), CAPTURED - 30 * MINUTE);
      fix = version('4.0');
    }
    if (options.fixVersion !== undefined) fix = options.fixVersion;
    return add({
      project: 'ACME', type: item.type, summary: item.summary, status, created, updated, due: null,
      fixVersions: fix ? [fix] : [], sprints: inSprints, parent,
    });
  };

  const backlog = (item: { type: TypeName; summary: string }, parent: Issue | null, notBefore: number): Issue => {
    const created = workInstant(rng, notBefore + HOUR, CAPTURED - 5 * DAY);
    const updated = workInstant(rng, created, CAPTURED - 30 * MINUTE);
    return add({
      project: 'ACME', type: item.type, summary: item.summary, status: 'todo', created, updated, due: null,
      fixVersions: rng.chance(0.3) ? [version('4.0')] : [], sprints: [], parent,
    });
  };

  /** Stories that get sub-tasks of their own (not the ones the anomalies below are about). */
  const noRandomSubtasks = new Set<Issue>();

  let currentCount = 0;
  for (const spec of EPICS) {
    const epic = epics.get(spec.ref)!;
    const items = spec.items.map(parseItem);
    const inClosed = items.length - spec.current - spec.upcoming - spec.backlog;
    if (spec.board !== null) {
      const board = spec.board;
      const active = activeOf(board).number;
      const span = Math.min(toNumber(spec), active - 1) - spec.from + 1;
      items.slice(0, inClosed).forEach((item, j) => {
        const sprint = sprintOf(board, spec.from + Math.floor((j * span) / inClosed));
        const next = boardSprints(board).find((s) => s.number === sprint.number + 1);
        const carried = next?.state === 'closed' && rng.chance(0.12);
        const issue = workIn(item, carried ? [sprint, next] : [sprint], epic);
        if (item.summary === 'Show saved cards in the payment step') noRandomSubtasks.add(issue);
      });
      const current = items.slice(inClosed, inClosed + spec.current);
      for (const item of current) {
        workIn(item, [sprintOf(board, 'A')], epic, { status: CURRENT_STATUSES[currentCount++ % CURRENT_STATUSES.length]! });
      }
      for (const item of items.slice(inClosed + spec.current, inClosed + spec.current + spec.upcoming)) workIn(item, [sprintOf(board, 'F')], epic);
    } else if (inClosed + spec.current + spec.upcoming > 0) {
      throw new Error(`epic ${spec.ref} has sprint work but no board`);
    }
    for (const item of items.slice(items.length - spec.backlog)) backlog(item, epic, epic.created);
  }

  // Bugs found along the way: fixed in the sprint, under an epic then in flight. They land in
  // the sprints with the least other work (a quiet sprint is when the team fixes bugs).
  const closedSprints = sprints.filter((s) => s.state === 'closed');
  const load = (sprint: Sprint) => issues.filter((i) => i.sprints[i.sprints.length - 1] === sprint).length;
  const quietSprint = (board: BoardName): Sprint => {
    const candidates = closedSprints.filter((s) => s.board === board);
    const least = Math.min(...candidates.map(load));
    return rng.pick(candidates.filter((s) => load(s) === least));
  };
  SPRINT_BUGS.forEach((summary, i) => {
    const board: BoardName = i % 3 === 2 ? 'payments' : 'core';
    const sprint = quietSprint(board);
    const flying = epicsInFlight(sprint);
    const parent = flying.length > 0 ? rng.pick(flying) : null;
    workIn({ type: 'Bug', summary }, [sprint], parent, { notBefore: parent?.created ?? sprint.start! - 20 * DAY });
  });
  for (const summary of UNLINKED_DONE_BUGS) {
    const sprint = quietSprint('core');
    workIn({ type: 'Bug', summary }, [sprint], null, { notBefore: sprint.start! - 20 * DAY });
  }
  // The 3.2.1 hotfix.
  const hotfixSprint = sprintOf('core', 11);
  for (const [summary, found, fixed] of [
    ['3DS challenge iframe blank in Firefox ESR after 3.2', '2026-04-17', '2026-04-20'],
    ['Orders stuck in "authorised" after the 3.2 deploy', '2026-04-17', '2026-04-21'],
  ] as const) {
    workIn({ type: 'Bug', summary }, [hotfixSprint], null, {
      created: onDay(rng, found), updated: onDay(rng, fixed), fixVersion: version('3.2.1'),
    });
  }

  // --- The handful of problems the demo shows (each named by the finding it gives) ---
  const E = (ref: string) => epics.get(ref)!;
  // carry-over: open work in three sprints.
  noRandomSubtasks.add(workIn({ type: 'Story', summary: 'Refactor the cart total calculation into the pricing service' },
    [sprintOf('core', 'A-2'), sprintOf('core', 'A-1'), sprintOf('core', 'A')], E('E4'),
    { status: 'progress', updated: onDay(rng, '2026-11-19') }));
  noRandomSubtasks.add(workIn({ type: 'Story', summary: 'Bancontact QR code on desktop' },
    [sprintOf('payments', 'A-2'), sprintOf('payments', 'A-1'), sprintOf('payments', 'A')], E('E8'),
    { status: 'todo', updated: onDay(rng, '2026-11-16') }));
  // stale (level 5): in progress, untouched for days.
  noRandomSubtasks.add(workIn({ type: 'Story', summary: 'Inline validation for house numbers in the address form' },
    [sprintOf('core', 'A')], E('E5'), { status: 'progress', updated: onDay(rng, '2026-11-17') }));
  noRandomSubtasks.add(workIn({ type: 'Task', summary: 'Content-Security-Policy report-only header on the payment page' },
    [sprintOf('core', 'A')], E('E12'), { status: 'review', updated: onDay(rng, '2026-11-16') }));
  const slotPicker = workIn({ type: 'Story', summary: 'Delivery slot picker in the single-page flow' },
    [sprintOf('core', 'A')], E('E4'), { status: 'progress', updated: onDay(rng, '2026-11-19') });
  noRandomSubtasks.add(slotPicker);
  // missing-release: planned into a sprint without a fix version.
  workIn({ type: 'Bug', summary: 'Express checkout button overlaps the cookie banner on iOS Safari' },
    [sprintOf('core', 'A')], E('E4'), { status: 'todo', fixVersion: null });
  workIn({ type: 'Task', summary: 'Upgrade the Stripe SDK to v16' },
    [sprintOf('payments', 'A')], E('E13'), { status: 'progress', updated: onDay(rng, '2026-11-19'), fixVersion: null });
  workIn({ type: 'Story', summary: 'Gift card balance check page' }, [sprintOf('core', 'F')], E('E15'), { fixVersion: null });
  // missing-parent (level 4): open work no epic carries.
  backlog({ type: 'Bug', summary: 'Order confirmation email shows the wrong VAT rate for Austria' }, null, utc('2026-10-01'));
  workIn({ type: 'Bug', summary: 'Checkout returns 500 when the basket holds a deleted product' },
    [sprintOf('core', 'A')], null, { status: 'progress', updated: onDay(rng, '2026-11-18'), notBefore: utc('2026-11-02') });
  backlog({ type: 'Story', summary: 'Show card brand logos in the saved cards list' }, null, utc('2026-09-01'));
  // level-skip: a story straight under an initiative.
  backlog({ type: 'Story', summary: 'Spike: compare card tokenisation vault vendors' }, initiatives.get('I3')!, utc('2026-10-05'));

  // Done epics: last touched after their last piece of work.
  for (const spec of EPICS) {
    const epic = epics.get(spec.ref)!;
    if (spec.updated !== null) continue;
    const lastWork = Math.max(...issues.filter((i) => i.parent === epic).map((i) => i.updated));
    epic.updated = workInstant(rng, lastWork + HOUR, lastWork + 4 * DAY);
  }
  // parent-done-child-open (level 2): a bug filed under the finished guest checkout epic.
  backlog({ type: 'Bug', summary: 'Postcode validation rejects BFPO addresses in guest checkout' }, E('E3'), utc('2026-07-01'));

  // Sub-tasks.
  const subtask = (parent: Issue, summary: string, status: WorkStatus, updated?: number): void => {
    const firstStart = parent.sprints[0]?.start ?? parent.created + DAY;
    const latest = Math.min(Math.max(parent.created + DAY, firstStart + 2 * DAY), parent.updated - HOUR, CAPTURED - HOUR);
    const created = workInstant(rng, parent.created + 10 * MINUTE, Math.max(latest, parent.created + 20 * MINUTE));
    let at = updated;
    if (at === undefined) {
      if (status === 'progress' || status === 'review') at = workInstant(rng, Math.max(created, utc('2026-11-18', 7)), CAPTURED - 30 * MINUTE);
      else at = workInstant(rng, created, Math.max(created, parent.status === 'done' ? parent.updated : CAPTURED - 30 * MINUTE));
    }
    add({
      project: parent.project, type: 'Subtask', summary, status, created, updated: at, due: null,
      fixVersions: [], sprints: parent.sprints, parent,
    });
  };
  const stories = issues.filter((i) => i.type === 'Story' && i.project === 'ACME' && i.sprints.length > 0 && !noRandomSubtasks.has(i));
  for (const story of stories) {
    if (!rng.chance(SUBTASK_SHARE)) continue;
    const names = rng.sample(SUBTASKS, rng.int(2, 3));
    names.forEach((name, i) => {
      const status: WorkStatus =
        story.status === 'done' || story.status === 'review' ? 'done'
          : story.status === 'todo' ? 'todo'
            : (['done', 'progress', 'todo'] as const)[i]!;
      subtask(story, name, status);
    });
  }
  // stale (level 5) sub-task, and parent-done-child-open (level 4).
  subtask(slotPicker, 'API changes', 'done');
  subtask(slotPicker, 'Frontend implementation', 'progress', onDay(rng, '2026-11-13'));
  subtask(slotPicker, 'QA on staging', 'todo');
  const savedCards = issues.find((i) => i.summary === 'Show saved cards in the payment step')!;
  subtask(savedCards, 'Frontend implementation', 'done');
  subtask(savedCards, 'Unit and integration tests', 'done');
  subtask(savedCards, 'Update the help centre article', 'todo');

  // OPS: a kanban team.
  const opsFrom = utc('2026-05-04');
  for (const [summary, prefix, status, subtasks] of OPS_ITEMS) {
    const created = workInstant(rng, opsFrom, CAPTURED - 7 * DAY);
    let updated: number;
    if (status === 'done') updated = workInstant(rng, created + DAY, Math.min(created + 21 * DAY, CAPTURED - 2 * DAY));
    else if (status === 'todo') updated = workInstant(rng, created, CAPTURED - HOUR);
    else if (summary.startsWith('Kafka consumer lag')) updated = onDay(rng, '2026-11-12');
    else updated = workInstant(rng, utc('2026-11-18', 7), CAPTURED - 30 * MINUTE);
    const parent = add({
      project: 'OPS', type: prefix === 'B' ? 'Bug' : 'Task', summary, status, created, updated, due: null,
      fixVersions: [], sprints: [], parent: null,
    });
    subtasks.forEach((name, i) => {
      const subStatus: WorkStatus = status === 'done' ? 'done' : status === 'todo' ? 'todo' : i === 0 ? 'done' : 'progress';
      subtask(parent, name, subStatus);
    });
  }

  // Sprint goals: the epics in flight.
  for (const sprint of sprints) {
    const flying = sprint.start === null ? [] : epicsInFlight(sprint).filter((e) => issues.some((i) => i.parent === e && i.sprints.includes(sprint)));
    sprint.goal = flying.map((e) => e.summary).join('; ');
  }

  // Keys per project and site-wide ids, in creation order.
  const ordered = [...issues].sort((a, b) => a.created - b.created || a.summary.localeCompare(b.summary, 'en'));
  const counters: Record<ProjectKey, number> = { ACME: 0, MOB: 0, OPS: 0 };
  ordered.forEach((issue, i) => {
    counters[issue.project] += 1;
    issue.key = `${issue.project}-${counters[issue.project]}`;
    issue.id = String(10031 + i);
  });
  for (const issue of issues) {
    if (issue.updated < issue.created || issue.updated > CAPTURED || issue.created > CAPTURED) {
      throw new Error(`${issue.key} ${issue.summary}: created ${jiraTime(issue.created)}, updated ${jiraTime(issue.updated)}`);
    }
    if (issue.parent && issue.parent.created > issue.created) {
      throw new Error(`${issue.key} was created before its parent ${issue.parent.key}`);
    }
  }
  return { issues: ordered, sprints, versions };
}

// ---------------------------------------------------------------------------------------------
// MOB, the mobile app team

const MOBILE_SEED = 0x0b11_e5ed;

/** MOB's versions: ACME's release names, with the app's own dates (3.4 four weeks late). */
const MOBILE_VERSION_SPECS: Omit<Version, 'id'>[] = [
  { name: '3.1', description: 'Address autocomplete in the app.', released: true, archived: true, startDate: '2025-12-05', releaseDate: '2026-02-12' },
  { name: '3.2', description: 'Apple Pay and Google Pay in the app.', released: true, archived: false, startDate: '2026-02-13', releaseDate: '2026-04-23' },
  { name: '3.3', description: 'Guest checkout in the app.', released: true, archived: false, startDate: '2026-04-24', releaseDate: '2026-07-02' },
  { name: '3.4', description: 'iOS 20 and Android 17 SDKs; held back by the store review.', released: true, archived: false, startDate: '2026-07-03', releaseDate: '2026-10-22' },
  { name: '3.5', description: 'Single-page checkout beta in the app, saved addresses.', released: false, archived: false, startDate: '2026-10-23', releaseDate: '2026-11-26' },
  { name: '4.0', description: 'Single-page checkout for everyone, Klarna, gift cards.', released: false, archived: false, startDate: '2026-11-27', releaseDate: '2027-03-04' },
];

/** Two-week sprints on the Mobile App board from 2 March 2026, sprint ids after the web teams'. */
function mobileSprints(rng: Rng): Sprint[] {
  const board = BOARDS.mobile;
  const sprints: Sprint[] = [];
  let start = utc('2026-03-02', 8, 0);
  for (let n = 1; ; n++) {
    const end = start + 14 * DAY;
    const base = { id: 401 + sprints.length, boardId: board.id, board: 'mobile' as const, number: n, name: `Mobile Sprint ${n}`, goal: '' };
    const created = start - rng.int(1, 4) * DAY + rng.int(0, 300) * MINUTE;
    if (end > CAPTURED) {
      sprints.push({ ...base, state: 'active', start, end, complete: null, created });
      break;
    }
    sprints.push({ ...base, state: 'closed', start, end, complete: end - rng.int(20, 120) * MINUTE, created });
    start = end;
  }
  const active = sprints[sprints.length - 1]!;
  sprints.push({
    id: 401 + sprints.length, boardId: board.id, board: 'mobile', number: active.number + 1, name: `Mobile Sprint ${active.number + 1}`, goal: '',
    state: 'future', start: active.end, end: active.end! + 14 * DAY, complete: null, created: CAPTURED - 3 * DAY - 2 * HOUR,
  });
  return sprints;
}

function buildMobile(initiatives: ReadonlyMap<string, Issue>): Site {
  const rng = new Rng(MOBILE_SEED);
  const sprints = mobileSprints(rng);
  const active = sprints.find((s) => s.state === 'active')!;
  const future = sprints.find((s) => s.state === 'future')!;
  const sprintNumbered = (n: number) => sprints.find((s) => s.number === n)!;
  const versions: Version[] = MOBILE_VERSION_SPECS.map((v, i) => ({ ...v, id: String(10300 + i) }));
  const version = (name: string) => versions.find((v) => v.name === name)!;
  const shipped = versions.filter((v) => v.released && !v.archived);
  /** Work done on a date ships in the first release on or after it (else the next open one). */
  const fixVersionFor = (doneAt: number) => shipped.find((v) => v.releaseDate >= berlinDate(doneAt)) ?? version('3.5');

  const issues: Issue[] = [];
  const add = (issue: Omit<Issue, 'id' | 'key' | 'project'>): Issue => {
    const full: Issue = { ...issue, project: 'MOB', id: '', key: '' };
    issues.push(full);
    return full;
  };
  const recent = () => workInstant(rng, utc('2026-11-18', 7, 0), CAPTURED - 30 * MINUTE);
  let currentCount = 0;

  for (const spec of MOBILE_EPICS) {
    const epic = add({
      type: 'Epic', summary: spec.summary, status: spec.status, created: onDay(rng, spec.created),
      updated: spec.updated ? onDay(rng, spec.updated) : 0, due: spec.due, fixVersions: [], sprints: [],
      parent: spec.initiative ? initiatives.get(spec.initiative)! : null,
    });
    const items = spec.items.map(parseItem);
    const inClosed = items.length - spec.current - spec.upcoming - spec.backlog;
    const lastClosed = Math.min(spec.to === 'A' || spec.to === 'F' ? active.number - 1 : spec.to, active.number - 1);
    const span = lastClosed - spec.from + 1;
    const createdFor = (sprint: Sprint) =>
      workInstant(rng, Math.max(epic.created + HOUR, sprint.start! - 21 * DAY), Math.max(epic.created + 2 * HOUR, sprint.start! - DAY));
    items.forEach((item, j) => {
      if (j < inClosed) {
        const sprint = sprintNumbered(spec.from + Math.floor((j * span) / inClosed));
        const updated = workInstant(rng, sprint.start! + DAY, sprint.complete!);
        add({ ...item, status: 'done', created: createdFor(sprint), updated, due: null, fixVersions: [fixVersionFor(updated)], sprints: [sprint], parent: epic });
      } else if (j < inClosed + spec.current) {
        const status = CURRENT_STATUSES[currentCount++ % CURRENT_STATUSES.length]!;
        const updated = status === 'progress' || status === 'review' ? recent() : workInstant(rng, active.start! + DAY, CAPTURED - 30 * MINUTE);
        add({ ...item, status, created: createdFor(active), updated, due: null, fixVersions: [version('3.5')], sprints: [active], parent: epic });
      } else if (j < inClosed + spec.current + spec.upcoming) {
        const created = createdFor(active);
        add({ ...item, status: 'todo', created, updated: workInstant(rng, Math.max(created, CAPTURED - 4 * DAY), CAPTURED - 30 * MINUTE), due: null, fixVersions: [version('4.0')], sprints: [future], parent: epic });
      } else {
        const created = workInstant(rng, epic.created + HOUR, CAPTURED - 6 * DAY);
        add({ ...item, status: 'todo', created, updated: workInstant(rng, created, CAPTURED - HOUR), due: null, fixVersions: [], sprints: [], parent: epic });
      }
    });
  }
  const epicOf = (ref: string) => issues.find((i) => i.type === 'Epic' && i.summary === MOBILE_EPICS.find((e) => e.ref === ref)!.summary)!;
  // stale (level 5): a fix in review since Monday; missing-release: sprint work without a version.
  add({ type: 'Bug', summary: 'Checkout button disabled after returning from 3-D Secure on Android', status: 'review',
    created: workInstant(rng, active.start!, active.start! + DAY), updated: onDay(rng, '2026-11-16'), due: null,
    fixVersions: [version('3.5')], sprints: [active], parent: epicOf('M3') });
  add({ type: 'Task', summary: 'Migrate the app analytics to the new event schema', status: 'todo',
    created: workInstant(rng, active.start! - 3 * DAY, active.start!), updated: recent(), due: null,
    fixVersions: [], sprints: [active], parent: epicOf('M3') });

  // Done epics: last touched after their last piece of work.
  for (const epic of issues.filter((i) => i.type === 'Epic' && i.updated === 0)) {
    const lastWork = Math.max(...issues.filter((i) => i.parent === epic).map((i) => i.updated));
    epic.updated = workInstant(rng, lastWork + HOUR, Math.min(lastWork + 4 * DAY, CAPTURED - HOUR));
  }
  // Sub-tasks of about a third of the stories in sprints.
  for (const story of issues.filter((i) => i.type === 'Story' && i.sprints.length > 0)) {
    if (!rng.chance(0.35)) continue;
    rng.sample(SUBTASKS, 2).forEach((summary, i) => {
      const status: WorkStatus = story.status === 'done' || story.status === 'review' ? 'done' : story.status === 'todo' ? 'todo' : i === 0 ? 'done' : 'progress';
      const created = workInstant(rng, story.created + 10 * MINUTE, Math.max(story.created + 20 * MINUTE, Math.min(story.updated, CAPTURED) - HOUR));
      const updated = status === 'progress' ? recent() : workInstant(rng, created, Math.max(created, story.status === 'done' ? story.updated : CAPTURED - 30 * MINUTE));
      add({ type: 'Subtask', summary, status, created, updated, due: null, fixVersions: [], sprints: story.sprints, parent: story });
    });
  }
  for (const sprint of sprints) {
    sprint.goal = sprint.start === null ? '' : MOBILE_EPICS.map((e) => epicOf(e.ref)).filter((e) => issues.some((i) => i.parent === e && i.sprints.includes(sprint))).map((e) => e.summary).join('; ');
  }

  const ordered = [...issues].sort((a, b) => a.created - b.created || a.summary.localeCompare(b.summary, 'en'));
  ordered.forEach((issue, i) => {
    issue.key = `MOB-${i + 1}`;
    issue.id = String(20001 + i);
  });
  for (const issue of ordered) {
    if (issue.updated < issue.created || issue.updated > CAPTURED || issue.created > CAPTURED) {
      throw new Error(`${issue.key} ${issue.summary}: created ${jiraTime(issue.created)}, updated ${jiraTime(issue.updated)}`);
    }
    if (issue.parent && issue.parent.created > issue.created) throw new Error(`${issue.key} was created before its parent ${issue.parent.key}`);
  }
  return { issues: ordered, sprints, versions };
}

function buildDemoSite(): DemoSite {
  const main = buildSite();
  const initiatives = new Map(INITIATIVES.map((spec) => [spec.ref, main.issues.find((i) => i.type === 'Initiative' && i.summary === spec.summary)!]));
  return { main, mobile: buildMobile(initiatives) };
}

// ---------------------------------------------------------------------------------------------
// Jira's responses

function issueTypeJson(name: TypeName): Json {
  const t = ISSUE_TYPES.find((x) => x.name === name)!;
  return {
    self: `${SITE}/rest/api/3/issuetype/${t.id}`,
    id: t.id,
    description: t.description,
    iconUrl: `${SITE}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.avatarId}?size=medium`,
    name: t.name,
    subtask: t.level < 0,
    avatarId: t.avatarId,
    hierarchyLevel: t.level,
  };
}

function statusJson(status: WorkStatus): Json {
  const s = STATUSES[status];
  const [categoryId, key, colorName, categoryName] = s.category;
  return {
    self: `${SITE}/rest/api/3/status/${s.id}`,
    description: '',
    iconUrl: `${SITE}/images/icons/statuses/${s.icon}`,
    name: s.name,
    id: s.id,
    statusCategory: { self: `${SITE}/rest/api/3/statuscategory/${categoryId}`, id: categoryId, key, colorName, name: categoryName },
  };
}

function avatarUrls(projectId: string): Json {
  const sizes: [string, string][] = [['48x48', ''], ['24x24', 'small'], ['16x16', 'xsmall'], ['32x32', 'medium']];
  return Object.fromEntries(sizes.map(([size, name]) => [
    size, `${SITE}/rest/api/3/universal_avatar/view/type/project/avatar/10408${name ? `?size=${name}` : ''}`,
  ]).map(([size, url]) => [size!, `${url}${url!.includes('?') ? '&' : '?'}pid=${projectId}`]));
}

function projectRefJson(key: ProjectKey): Json {
  const p = PROJECTS[key];
  return {
    self: `${SITE}/rest/api/3/project/${p.id}`,
    id: p.id,
    key,
    name: p.name,
    projectTypeKey: 'software',
    simplified: false,
    avatarUrls: avatarUrls(p.id),
  };
}

function versionJson(v: Version, projectId: string, full: boolean): Json {
  const base: { [key: string]: Json } = {
    self: `${SITE}/rest/api/3/version/${v.id}`,
    id: v.id,
    description: v.description,
    name: v.name,
    archived: v.archived,
    released: v.released,
  };
  if (!full) return { ...base, releaseDate: v.releaseDate };
  return {
    ...base,
    startDate: v.startDate,
    releaseDate: v.releaseDate,
    ...(v.released ? {} : { overdue: v.releaseDate < AS_OF }),
    userStartDate: userDate(v.startDate),
    userReleaseDate: userDate(v.releaseDate),
    projectId: Number(projectId),
  };
}

function sprintFieldJson(s: Sprint): Json {
  return {
    id: s.id,
    name: s.name,
    state: s.state,
    boardId: s.boardId,
    goal: s.goal,
    ...(s.start !== null ? { startDate: agileTime(s.start) } : {}),
    ...(s.end !== null ? { endDate: agileTime(s.end) } : {}),
    ...(s.complete !== null ? { completeDate: agileTime(s.complete) } : {}),
  };
}

function boardSprintJson(s: Sprint): Json {
  return {
    id: s.id,
    self: `${SITE}/rest/agile/1.0/sprint/${s.id}`,
    state: s.state,
    name: s.name,
    ...(s.start !== null ? { startDate: agileTime(s.start) } : {}),
    ...(s.end !== null ? { endDate: agileTime(s.end) } : {}),
    ...(s.complete !== null ? { completeDate: agileTime(s.complete) } : {}),
    createdDate: agileTime(s.created),
    originBoardId: s.boardId,
    goal: s.goal,
  };
}

/** Who works in each project (account id, display name): the findings table's assignee column. */
const PEOPLE: Record<ProjectKey, [string, string][]> = {
  ACME: [
    ['712020:1a6e3f0b-2c7d-4e58-9f31-5b8d0a4c7e21', 'Mara Lindqvist'],
    ['712020:2b7f4a1c-3d8e-4f69-a042-6c9e1b5d8f32', 'Tomás Herrera'],
    ['712020:3c8a5b2d-4e9f-4a7a-b153-7d0f2c6e9a43', 'Priya Raman'],
    ['712020:4d9b6c3e-5fa0-4b8b-c264-8e1a3d7fab54', 'Lukas Brandt'],
    ['712020:5eac7d4f-6ab1-4c9c-d375-9f2b4e8abc65', 'Chidi Obi'],
  ],
  MOB: [
    ['712020:6fbd8e5a-7bc2-4dad-e486-a03c5f9bcd76', 'Aiko Tanaka'],
    ['712020:7ace9f6b-8cd3-4ebe-f597-b14d6aacde87', 'Sven Ahlberg'],
    ['712020:8bdfa07c-9de4-4fcf-a6a8-c25e7bbdef98', 'Leila Haddad'],
  ],
  OPS: [
    ['712020:9ce0b18d-aef5-4ad0-b7b9-d36f8ccef0a9', 'Jonas Okafor'],
    ['712020:adf1c29e-bf06-4be1-c8ca-e4709ddf01ba', 'Ines Moreau'],
  ],
};

/**
 * The issue's assignee, from its id (no draw from the generator's random stream, so adding the
 * field changed nothing else): open work that is not started yet is unassigned one time in three.
 */
function assigneeJson(issue: Issue): Json {
  const n = Number(issue.id);
  if (issue.status === 'todo' && n % 3 === 0) return null;
  const people = PEOPLE[issue.project];
  const [accountId, displayName] = people[n % people.length]!;
  return { self: `${SITE}/rest/api/3/user?accountId=${accountId}`, accountId, accountType: 'atlassian', displayName, active: true, timeZone: 'Europe/Berlin' };
}

function issueJson(issue: Issue): Json {
  const fields: { [key: string]: Json } = {
    summary: issue.summary,
    issuetype: issueTypeJson(issue.type),
    status: statusJson(issue.status),
    created: jiraTime(issue.created),
    updated: jiraTime(issue.updated),
    duedate: issue.due,
    assignee: assigneeJson(issue),
    fixVersions: issue.fixVersions.map((v) => versionJson(v, PROJECTS[issue.project].id, false)),
    project: projectRefJson(issue.project),
    [SPRINT_FIELD_ID]: issue.sprints.length > 0 ? issue.sprints.map(sprintFieldJson) : null,
  };
  if (issue.parent) {
    fields.parent = {
      id: issue.parent.id,
      key: issue.parent.key,
      self: `${SITE}/rest/api/3/issue/${issue.parent.id}`,
      fields: {
        summary: issue.parent.summary,
        status: statusJson(issue.parent.status),
        issuetype: issueTypeJson(issue.parent.type),
      },
    };
  }
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${SITE}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
}

function fieldsJson(): Json {
  const system = (id: string, name: string, type: string, clauseNames: string[], extra: { [key: string]: Json } = {}): Json => ({
    id, key: id, name, custom: false, orderable: true, navigable: true, searchable: true, clauseNames,
    schema: { type, system: id, ...extra },
  });
  const custom = (n: number, name: string, schema: { [key: string]: Json }): Json => ({
    id: `customfield_${n}`, key: `customfield_${n}`, name, custom: true, orderable: true, navigable: true, searchable: true,
    clauseNames: [`cf[${n}]`, name], schema: { ...schema, customId: n },
  });
  return [
    system('summary', 'Summary', 'string', ['summary']),
    system('issuetype', 'Issue Type', 'issuetype', ['issuetype', 'type']),
    system('status', 'Status', 'status', ['status']),
    system('assignee', 'Assignee', 'user', ['assignee']),
    system('created', 'Created', 'datetime', ['created', 'createdDate']),
    system('updated', 'Updated', 'datetime', ['updated', 'updatedDate']),
    system('duedate', 'Due date', 'date', ['due', 'duedate']),
    system('fixVersions', 'Fix versions', 'array', ['fixVersion'], { items: 'version' }),
    system('project', 'Project', 'project', ['project']),
    system('parent', 'Parent', 'issuelink', ['parent']),
    custom(10001, 'Team', { type: 'team', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team' }),
    custom(10015, 'Start date', { type: 'date', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker' }),
    custom(10016, 'Story point estimate', { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points' }),
    custom(10019, 'Rank', { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-lexo-rank' }),
    custom(10020, 'Sprint', { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' }),
    custom(10021, 'Flagged', { type: 'array', items: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes' }),
  ];
}

function projectJson(key: ProjectKey, versions: Version[]): Json {
  const p = PROJECTS[key];
  const types: TypeName[] = ['Epic', 'Task', 'Subtask', 'Story', 'Bug', 'Initiative'];
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${SITE}/rest/api/3/project/${p.id}`,
    id: p.id,
    key,
    description: p.description,
    lead: {
      self: `${SITE}/rest/api/3/user?accountId=${p.lead[0]}`,
      accountId: p.lead[0],
      accountType: 'atlassian',
      displayName: p.lead[1],
      active: true,
    },
    components: [],
    issueTypes: types.map(issueTypeJson),
    assigneeType: 'UNASSIGNED',
    versions: versions.map((v) => versionJson(v, p.id, true)),
    name: p.name,
    roles: {},
    avatarUrls: avatarUrls(p.id),
    projectTypeKey: 'software',
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
    projectCategory: projectCategoryJson(key),
  };
}

function boardJson(board: { id: number; name: string }, type: 'scrum' | 'kanban', key: ProjectKey): Json {
  const p = PROJECTS[key];
  return {
    id: board.id,
    self: `${SITE}/rest/agile/1.0/board/${board.id}`,
    name: board.name,
    type,
    location: {
      projectId: Number(p.id),
      displayName: `${p.name} (${key})`,
      projectName: p.name,
      projectKey: key,
      projectTypeKey: 'software',
      avatarURI: `${SITE}/rest/api/2/universal_avatar/view/type/project/avatar/10408?size=small`,
      name: `${p.name} (${key})`,
    },
    isPrivate: false,
  };
}

/** The opaque token Jira hands out for the next page (deterministic here). */
function pageToken(key: ProjectKey, page: number): string {
  return Buffer.from(`${key}|ORDER BY key ASC|${page * 100}|${SEED}`).toString('base64url');
}

function pageName(prefix: 'search' | 'sprints', n: number): string {
  return `${prefix}-${String(n).padStart(3, '0')}.json`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

/** Every file of the snapshot: relative path → content. */
export function buildSnapshotFiles(): Map<string, string> {
  const { main: site, mobile } = buildDemoSite();
  const files = new Map<string, string>();
  const put = (path: string, json: Json) => files.set(path, `${JSON.stringify(json, null, 2)}\n`);

  put('meta.json', { baseUrl: SITE, capturedAt: CAPTURED_AT });
  put('issuetypes.json', ISSUE_TYPES.map((t) => issueTypeJson(t.name)));
  put('fields.json', fieldsJson());

  const content: Record<ProjectKey, { issues: Issue[]; versions: Version[]; boards: Json[] }> = {
    ACME: { issues: site.issues.filter((i) => i.project === 'ACME'), versions: site.versions, boards: [boardJson(BOARDS.core, 'scrum', 'ACME'), boardJson(BOARDS.payments, 'scrum', 'ACME')] },
    MOB: { issues: mobile.issues, versions: mobile.versions, boards: [boardJson(BOARDS.mobile, 'scrum', 'MOB')] },
    OPS: { issues: site.issues.filter((i) => i.project === 'OPS'), versions: [], boards: [boardJson(OPS_BOARD, 'kanban', 'OPS')] },
  };
  for (const key of ['ACME', 'MOB', 'OPS'] as const) {
    const dir = `projects/${key}`;
    const { issues, versions, boards } = content[key];
    put(`${dir}/project.json`, projectJson(key, versions));
    put(`${dir}/versions.json`, versions.map((v) => versionJson(v, PROJECTS[key].id, true)));
    put(`${dir}/boards.json`, { maxResults: 50, startAt: 0, total: boards.length, isLast: true, values: boards });
    const pages = chunk(issues, 100);
    pages.forEach((page, i) => {
      const last = i === pages.length - 1;
      put(`${dir}/${pageName('search', i + 1)}`, {
        issues: page.map(issueJson),
        ...(last ? {} : { nextPageToken: pageToken(key, i + 1) }),
        isLast: last,
      });
    });
  }

  // Scrum boards list their sprints closed first, then active, then future (Jira's order).
  const order: Record<SprintState, number> = { closed: 0, active: 1, future: 2 };
  const allSprints = [...site.sprints, ...mobile.sprints];
  for (const board of [BOARDS.core, BOARDS.payments, BOARDS.mobile]) {
    const listed = allSprints
      .filter((s) => s.boardId === board.id)
      .sort((a, b) => order[a.state] - order[b.state] || a.number - b.number);
    const pages = chunk(listed, 50);
    pages.forEach((page, i) => {
      put(`boards/${board.id}/${pageName('sprints', i + 1)}`, {
        maxResults: 50,
        startAt: i * 50,
        isLast: i === pages.length - 1,
        values: page.map(boardSprintJson),
      });
    });
  }
  return files;
}

/** Writes the snapshot into `dir`, replacing what a previous run wrote there. */
export function writeSnapshot(dir: string): Map<string, string> {
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(join(dir, 'meta.json'))) {
    throw new Error(`${dir} is not empty and holds no snapshot: refusing to overwrite it`);
  }
  rmSync(dir, { recursive: true, force: true });
  const files = buildSnapshotFiles();
  for (const [path, content] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Command line

async function summaryLine(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const key of ['ACME', 'MOB', 'OPS']) {
    const { raw } = await readSnapshotProject(dir, key);
    const data = toProjectData(raw);
    const report = analyze(data, DEFAULT_CONFIG, AS_OF);
    const types = new Map<string, number>();
    for (const issue of data.issues) types.set(issue.issueTypeName, (types.get(issue.issueTypeName) ?? 0) + 1);
    const kinds = new Map<string, number[]>();
    for (const f of report.findings) kinds.set(f.kind, [...(kinds.get(f.kind) ?? []), f.level]);
    const typeText = [...types].map(([t, n]) => `${t} ${n}`).join(', ');
    const kindText = [...kinds].map(([k, levels]) => `${k} ${levels.length} (L${[...new Set(levels)].join('/L')})`).join(', ');
    parts.push(`${key}: ${data.issues.length} issues (${typeText}), ${data.sprints.length} sprints, ${data.versions.length} versions; findings: ${kindText}`);
  }
  return `demo site as of ${AS_OF} — ${parts.join(' | ')}`;
}

async function main(argv: string[]): Promise<void> {
  const at = argv.indexOf('--out');
  const dir = at >= 0 && argv[at + 1] ? resolve(argv[at + 1]!) : DEFAULT_OUT_DIR;
  const files = writeSnapshot(dir);
  process.stdout.write(`wrote ${files.size} files to ${dir}\n`);
  process.stdout.write(`${await summaryLine(dir)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`demo:generate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
