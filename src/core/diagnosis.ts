/**
 * The four diagnoses of the seed's "Getting Started", each with the evidence that triggered it.
 */
import type { Finding } from './findings';
import { isInProgress, isOpen } from './hierarchy';
import { BASE_HIERARCHY_LEVEL, levelName, type Level } from './levels';
import { plannedSprint, sprintStateOf, type RuleContext } from './rules/context';

/** The diagnoses in the order of DESIGN.md's Diagnosis list (reports and the portfolio keep it). */
export const DIAGNOSIS_IDS = ['progress-invisible', 'vision-unknown', 'wrong-things-ship', 'standup-ritual'] as const;
export type DiagnosisId = (typeof DIAGNOSIS_IDS)[number];

/** Each diagnosis's symptom in the seed's words. */
export const DIAGNOSIS_SYMPTOMS: Record<DiagnosisId, string> = {
  'progress-invisible': 'Teams are busy but leadership can\'t see progress',
  'vision-unknown': 'Product vision exists but teams don\'t know about it',
  'wrong-things-ship': 'Teams deliver on time but the wrong things ship',
  'standup-ritual': 'Daily standups feel pointless',
};

export interface Diagnosis {
  id: DiagnosisId;
  /** The symptom and its cause in the seed's words, then the evidence. */
  text: string;
  symptom: string;
  cause: string;
  evidence: string[];
}

/** Below this share of current sprint work tracing up to the vision, the vision is not known. */
const TRACE_THRESHOLD = 0.5;
/** At or below this share of closed sprints overrunning, sprints "end on time". */
const ON_TIME_THRESHOLD = 0.2;
/** At or above this share of planned sprint work without a release, level 3 alignment is missing. */
const NO_RELEASE_THRESHOLD = 0.5;
/** At or above this share of in-progress work being stale, the daily level is a ritual. */
const STALE_DAILY_THRESHOLD = 0.5;

export interface Traceability {
  /** Open base-level issues in active sprints. */
  sprintWork: number;
  /** Of those, the ones whose parents reach a vision item. */
  tracedToVision: number;
  /** The keys of the others (sprint work that does not trace to the vision), in the data's order. */
  untracedKeys: string[];
}

const pct = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(whole, 1))}%`;

/** How much of the current sprint work traces up to the vision. */
export function traceability(ctx: RuleContext): Traceability {
  let sprintWork = 0;
  let tracedToVision = 0;
  const untracedKeys: string[] = [];
  for (const issue of ctx.data.issues) {
    if (issue.hierarchyLevel !== BASE_HIERARCHY_LEVEL || !isOpen(issue)) continue;
    if (!issue.sprints.some((s) => sprintStateOf(ctx, s) === 'active')) continue;
    sprintWork++;
    if (ctx.hierarchy.tracesToVision(issue)) tracedToVision++;
    else untracedKeys.push(issue.key);
  }
  return { sprintWork, tracedToVision, untracedKeys };
}

function make(id: DiagnosisId, cause: string, evidence: string[]): Diagnosis {
  const symptom = DIAGNOSIS_SYMPTOMS[id];
  return { id, symptom, cause, evidence, text: `${symptom}: ${cause}. ${evidence.join(' ')}` };
}

export function diagnose(ctx: RuleContext, findings: readonly Finding[], trace: Traceability): Diagnosis[] {
  const absent = new Set<Level>(findings.filter((f) => f.kind === 'level-absent').map((f) => f.level));
  const count = (kind: Finding['kind'], level: Level) => findings.filter((f) => f.kind === kind && f.level === level).length;
  const out: Diagnosis[] = [];

  const missing = ([2, 3] as const).filter((l) => absent.has(l));
  if (missing.length > 0) {
    out.push(make('progress-invisible',
      missing.length === 1
        ? `Level ${missing[0]} (${levelName(missing[0]!)}) is missing`
        : `Levels ${missing.join(' and ')} (${missing.map(levelName).join(' and ')}) are missing`,
      missing.map((l) => (l === 2 ? 'The project has no epics.' : 'The project has no versions.'))));
  }

  if (!absent.has(1) && trace.sprintWork > 0 && trace.tracedToVision / trace.sprintWork < TRACE_THRESHOLD) {
    out.push(make('vision-unknown',
      'the connection between Level 1 and Level 4 is broken',
      [`Only ${trace.tracedToVision} of ${trace.sprintWork} issues in active sprints (${pct(trace.tracedToVision, trace.sprintWork)}) trace up to a vision item.`]));
  }

  const closed = new Set(ctx.data.sprints.filter((s) => s.state === 'closed' && s.completeDate && s.endDate).map((s) => s.id));
  const overruns = findings.filter((f) => f.kind === 'sprint-overrun' && f.sprintId !== undefined && closed.has(f.sprintId)).length;
  const planned = ctx.data.issues.filter((i) => plannedSprint(ctx, i) !== undefined).length;
  const withoutRelease = count('missing-release', 3);
  if (closed.size > 0 && overruns / closed.size <= ON_TIME_THRESHOLD && planned > 0 && withoutRelease / planned >= NO_RELEASE_THRESHOLD) {
    out.push(make('wrong-things-ship',
      'Level 3 alignment is missing',
      [`${closed.size - overruns} of ${closed.size} closed sprints ended on time,`,
        `but ${withoutRelease} of ${planned} issues planned into active or future sprints (${pct(withoutRelease, planned)}) have no fix version.`]));
  }

  const inProgress = ctx.data.issues.filter((i) => i.hierarchyLevel <= BASE_HIERARCHY_LEVEL && isInProgress(i)).length;
  const staleDaily = count('stale', 5);
  if (inProgress > 0 && staleDaily / inProgress >= STALE_DAILY_THRESHOLD) {
    out.push(make('standup-ritual', 'Level 5 has become a ritual',
      [`${staleDaily} of ${inProgress} in-progress issues (${pct(staleDaily, inProgress)}) have not been updated for more than ${ctx.config.daily.staleAfterBusinessDays} business days.`]));
  }
  return out;
}
