/**
 * The resolver contract: keys, payloads, responses and the one response envelope.
 * Backend (src/resolvers) and every front end (static/, src/frontend) import this module;
 * neither reaches into the other's folders.
 */
import { z } from 'zod';
import type { LevelHealth } from '../core/analyze';
import type { BoardCadence } from '../core/board-cadence';
import type { Diagnosis, DiagnosisId } from '../core/diagnosis';
import type { HierarchyNode } from '../core/hierarchy';
import type { LevelTrend, VersionSlips } from '../core/history';
import type { ConfigFieldSpec, ConfigInput, PlanningConfig } from '../core/config';
import type { Finding } from '../core/findings';
import type { Level } from '../core/levels';
import type { StatusCategory } from '../core/model';
import type { ReleaseTrain } from '../core/release-trains';

// ---------------------------------------------------------------------------------------------
// The envelope

export const ERROR_CODES = [
  /** The payload does not match the resolver's schema. */
  'INVALID_PAYLOAD',
  /** The Forge context lacks what the resolver needs (no project or issue in view). */
  'MISSING_CONTEXT',
  /** The caller may not do this (not a Jira admin, cannot browse the project). */
  'FORBIDDEN',
  /** The project, issue or config version does not exist (or is not visible to the caller). */
  'NOT_FOUND',
  /** The save was based on an older config version than the one stored. */
  'CONFLICT',
  /** The config document was rejected; `details.fieldErrors` names each key. */
  'INVALID_CONFIG',
  /** Jira rate-limited the app beyond the retry budget. */
  'RATE_LIMITED',
  /** Jira failed or answered something the app cannot read. */
  'JIRA_ERROR',
  /** Anything else; logged on the server. */
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ResolverError {
  code: ErrorCode;
  /** A sentence for a person. */
  message: string;
  /** Per-key messages for INVALID_CONFIG and INVALID_PAYLOAD. */
  fieldErrors?: { key: string; message: string }[];
}

export type ResolverResponse<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

// ---------------------------------------------------------------------------------------------
// Shared shapes

/** A finding as the core gives it (kind, level, subject, message), with what a list needs to show it. */
export type FindingDto = Finding & {
  /** A short label of the subject for lists: "ACME-12", "Sprint 14", "Version 2.3". */
  subjectLabel: string;
  /** Where the subject lives in Jira: built when answering, from the Forge context's site URL (never stored). */
  url?: string;
  /** A sprint's board (a sprint finding's link leads to it). */
  boardId?: number;
  /** A closed sprint's link leads to its sprint report. */
  sprintClosed?: boolean;
  /**
   * The subject issue's assignee (display name), null when unassigned (additive). Absent for
   * sprints, versions and level-wide findings, and for issues the scan knows only as a parent.
   */
  assignee?: string | null;
  /** The subject issue's status, as of the scan (additive; absent when the subject is not an issue). */
  status?: { name: string; category: StatusCategory };
  /** When the subject issue was created: Jira's timestamp as written (additive; absent when unknown). */
  created?: string;
};

/** A board's sprint cadence as the core computes it (src/core/board-cadence.ts), with the board's link (built when answering). */
export type BoardCadenceDto = BoardCadence & { url?: string };

/** A level's health as the core computes it (name, cadence, score, items, findings, absent). */
export type LevelHealthDto = LevelHealth;

export interface ProjectHealthDto {
  project: { id: string; key: string; name: string };
  siteUrl: string;
  asOf: string;
  /** When the analysis ran (ISO-8601). */
  computedAt: string;
  levels: LevelHealthDto[];
  weakestLevel: Level;
  diagnosis: Diagnosis[];
  findings: FindingDto[];
  /**
   * Each board's sprint cadence (boards with dated sprints, in the project's board order), so the
   * Iteration level shows every team its own (additive; absent in results stored before it).
   */
  boards?: BoardCadenceDto[];
  traceability: {
    sprintWork: number;
    tracedToVision: number;
    /**
     * Keys of sprint work that does not trace to the vision, in key order, at most
     * UNTRACED_KEYS_STORED of them (additive). Answers hold only the keys the viewer may browse.
     */
    untracedKeys?: string[];
  };
}

/** The most untraced keys a stored result keeps: more than one Jira search link takes (see issueSearch). */
export const UNTRACED_KEYS_STORED = 500;

/**
 * A node of the parent chain (key, summary, type, status, level) with the stored findings about
 * it. `inData` is true when the node's project has a stored result (its findings are known).
 */
export interface ChainNodeDto extends HierarchyNode {
  levelName: string;
  /** The stored findings about the node, but its missing links: those are said once, in `missingLinks`. */
  findings: FindingDto[];
  /** How many of the node's findings are missing links stated in the banner (additive). */
  missingLinksAbove?: number;
  url?: string;
}

/** The sprint or fix version the issue is planned into, with its link (the issue panel's Level 4 and Level 3 context). */
export interface PlanningContextDto {
  /** The issue's current sprint: the active one, else the next planned, else the last closed; null when in none. */
  sprint: { id: number; name: string; state: 'closed' | 'active' | 'future'; endDate: string | null; url?: string } | null;
  /** Whether the issue's sprints were read (the site's sprint field is known once the project was scanned). */
  sprintKnown: boolean;
  /** `overdue`: not released and its release date is before the day of the answer (UTC). */
  fixVersions: { id: string; name: string; released: boolean; releaseDate: string | null; overdue: boolean; url?: string }[];
}

/** A child the panel names, with its link. */
interface ChildIssueDto {
  key: string;
  summary: string;
  issueTypeName: string;
  statusName: string;
  statusCategory: StatusCategory;
  url?: string;
}

export interface IssueChainDto {
  issueKey: string;
  /** The project of the issue in view (the project page of this project starts its scans). */
  projectKey: string;
  /** From the top ancestor down to the issue itself (last). */
  chain: ChainNodeDto[];
  /** Missing links in plain words ("This story has no epic: the roadmap can't see it."), from the stored findings only. */
  missingLinks: string[];
  /**
   * The issue's children the viewer may browse: `total` of them; `open`, `done` and `byType`
   * count the first `counted` (all of them, unless there are more than one page).
   */
  children: { total: number; counted: number; open: number; done: number; byType: { issueTypeName: string; count: number }[] };
  /** Where the findings come from: the project's last complete scan, or none yet (the project page starts one). */
  analysis: { state: 'analysed'; computedAt: string } | { state: 'not-analysed' };
  /** Findings about the chain's issues left out because they name only issues the viewer cannot browse. */
  hiddenFindings: number;
  /** The issue's sprint and fix versions (additive). */
  context?: PlanningContextDto;
  /** The first children, each linked (additive); `children.total` counts them all. */
  childIssues?: ChildIssueDto[];
  /** All the children as one Jira search (additive). */
  childrenUrl?: string;
}

export type ConfigScope = { kind: 'site' } | { kind: 'project'; projectKey: string };

export interface ConfigStateDto {
  scope: ConfigScope;
  /** The effective config (defaults filled in). */
  config: PlanningConfig;
  /** The stored document (only what was saved); null when nothing is stored. */
  stored: ConfigInput | null;
  /** Version of the stored document; 0 when nothing was ever saved. */
  version: number;
  savedBy?: string;
  savedAt?: string;
  fields: readonly ConfigFieldSpec[];
  defaults: PlanningConfig;
  /** Whether the viewer may change these settings (a Jira admin); a member sees them read-only (additive). */
  canEdit?: boolean;
  /** The site's issue types by hierarchy level (2 and above), for the vision level's choice (additive). */
  hierarchyLevels?: { level: number; issueTypes: string[] }[];
}

export interface ConfigHistoryEntryDto {
  version: number;
  action: 'save' | 'reset' | 'restore';
  config: ConfigInput;
  savedBy: string;
  savedAt: string;
  /** For a restore: the version whose document was restored. */
  restoredFrom?: number;
}

// ---------------------------------------------------------------------------------------------
// Payloads (validated on the server; the front ends use the inferred types)

const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'a Jira project key like ACME');

const configScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('site') }),
  z.object({ kind: z.literal('project'), projectKey }),
]);

const version = z.number().int().nonnegative();

export const payloadSchemas = {
  'chain/issue': z.object({}).strict(),
  'config/get': z.object({ scope: configScopeSchema.optional() }).strict(),
  'config/save': z
    .object({ scope: configScopeSchema.optional(), config: z.record(z.string(), z.unknown()), expectedVersion: version })
    .strict(),
  'config/reset': z.object({ scope: configScopeSchema.optional(), expectedVersion: version }).strict(),
  'config/history': z.object({ scope: configScopeSchema.optional() }).strict(),
  'config/restore': z
    .object({ scope: configScopeSchema.optional(), version, expectedVersion: version })
    .strict(),
  // The scale path (src/resolvers/scan.ts): the stored result, scan progress, history.
  'scan/status': z.object({}).strict(),
  'scan/start': z.object({}).strict(),
  'scan/findings': z.object({ level: z.number().int().min(1).max(5), offset: z.number().int().nonnegative().max(1_000_000) }).strict(),
  'history/levels': z.object({ days: z.number().int().min(7).max(400).optional() }).strict(),
  // The portfolio (jira:globalPage, jira:dashboardGadget, the admin setting): src/resolvers/portfolio.ts.
  'portfolio/get': z.object({ days: z.number().int().min(7).max(400).optional() }).strict(),
  /** One project's five levels for the dashboard gadget (the gadget has no project in its context). */
  'portfolio/project': z.object({ projectKey }).strict(),
  'portfolio/settings-get': z.object({}).strict(),
  'portfolio/settings-save': z
    .object({
      scope: z.discriminatedUnion('mode', [
        z.object({ mode: z.literal('all-software') }),
        z.object({
          mode: z.literal('chosen'),
          projectKeys: z.array(projectKey).max(5000),
          categoryIds: z.array(z.string().regex(/^\d{1,18}$/, 'a project category id')).max(500),
        }),
      ]),
      expectedVersion: version,
    })
    .strict(),
} as const;

export type ResolverKey = keyof typeof payloadSchemas;
export type PayloadOf<K extends ResolverKey> = z.infer<(typeof payloadSchemas)[K]>;

interface ResponseMap {
  'chain/issue': IssueChainDto;
  'config/get': ConfigStateDto;
  'config/save': ConfigStateDto;
  'config/reset': ConfigStateDto;
  'config/history': { entries: ConfigHistoryEntryDto[] };
  'config/restore': ConfigStateDto;
  'scan/status': ScanStatusDto;
  'scan/start': ScanStatusDto;
  'scan/findings': ScanFindingsPageDto;
  'history/levels': LevelHistoryDto;
  'portfolio/get': PortfolioDto;
  'portfolio/project': PortfolioProjectDto;
  'portfolio/settings-get': PortfolioSettingsDto;
  'portfolio/settings-save': PortfolioSettingsDto;
}

// ---------------------------------------------------------------------------------------------
// The scale path: the last complete result, the scan in progress, history

export interface ScanProgressDto {
  phase: 'meta' | 'issues' | 'finish';
  issuesScanned: number;
  pagesScanned: number;
  /** 0..1 when the project's size is known from the previous scan, else null. */
  fraction: number | null;
  /** The project's size as the previous complete scan counted it, else null. */
  expectedIssues: number | null;
  startedAt: string;
}

export interface ScanStatusDto {
  projectKey: string;
  /** The last complete result; its `health.findings` holds the first findings of each level (page the rest with scan/findings). */
  result: {
    health: ProjectHealthDto;
    findingTotals: Record<Level, number>;
    issueCount: number;
    scanDurationMs: number;
    /** Findings of `health.findings` left out because the viewer cannot browse their issue. */
    hiddenFindings: number;
    /** Per level, where scan/findings continues after the findings in `health.findings` (null: they are all). */
    nextFindingOffset: Record<Level, number | null>;
  } | null;
  /** Issues changed since the result was computed (a rescan is scheduled). */
  stale: boolean;
  staleSince: string | null;
  /** The scan in progress (or the one that gave up), else null. */
  scan: { state: 'running' | 'failed'; progress: ScanProgressDto; lastError: string | null } | null;
}

/** One page of a level's stored findings, from `offset`, without those on issues the viewer cannot browse. */
export interface ScanFindingsPageDto {
  level: Level;
  offset: number;
  /** All findings of the level in the stored result (the viewer's or not). */
  total: number;
  findings: FindingDto[];
  /** Findings of this page left out because the viewer cannot browse their issue. */
  hidden: number;
  /** Where the next page starts (offset of the stored list), or null after the last. */
  nextOffset: number | null;
}

export interface LevelHistoryDto {
  asOf: string | null;
  days: number;
  trends: LevelTrend[];
  slips: VersionSlips[];
  /** Which settings apply to the project now: the site's, or this project's override (additive). */
  settings?: SettingsSourceDto;
  /** Days on which the settings that apply to the project were saved, reset or restored, oldest first (additive). */
  settingsChanges?: SettingsChangeDto[];
}

/** The settings a project's results are computed with: the site's document, with the project's override on top. */
export interface SettingsSourceDto {
  /** 'project': the project has an override (over the site settings); 'site': the site settings apply. */
  source: 'site' | 'project';
  /** The site document's version; 0 when none was ever saved (the defaults apply). */
  siteVersion: number;
  /** The project override's version; 0 when none was ever saved. */
  projectVersion: number;
  /** Whether the viewer is a Jira admin (may open the admin page to change them). */
  canConfigure: boolean;
}

export interface SettingsChangeDto {
  /** The calendar day (YYYY-MM-DD, UTC) of the change. */
  date: string;
  scope: 'site' | 'project';
  version: number;
  action: 'save' | 'reset' | 'restore';
}

// ---------------------------------------------------------------------------------------------
// The portfolio: every analysed project the viewer may browse, from stored per-project summaries

/** One cell of the heat map: a project's level (score and whether it is absent). */
export interface PortfolioCellDto {
  level: Level;
  score: number;
  absent: boolean;
  /** Findings at the level, as the project page counts them (for the health band). */
  findings: number;
}

export interface PortfolioProjectDto {
  key: string;
  name: string;
  category: { id: string; name: string } | null;
  /** The project page of the app for this project; built when answering from the context's siteUrl. */
  url?: string;
  analysis:
    | {
        state: 'analysed';
        computedAt: string;
        levels: PortfolioCellDto[];
        weakestLevel: Level;
        diagnosis: DiagnosisId[];
        /** Issues changed since the summary was computed (a rescan is scheduled). */
        stale: boolean;
      }
    | {
        state: 'not-analysed';
        /** Waiting in the site-wide queue, scanning now (with its progress), or the scan gave up. */
        scan: { state: 'queued' } | { state: 'running'; progress: ScanProgressDto } | { state: 'failed'; lastError: string | null };
      };
}

/** The portfolio's median of one level on one day (from the daily history of the analysed projects). */
interface PortfolioTrendDto {
  level: Level;
  points: { date: string; median: number; projects: number }[];
}

export interface PortfolioDto {
  asOf: string | null;
  /** The projects the viewer may browse that are in the portfolio (analysed or not), by key. */
  projects: PortfolioProjectDto[];
  /**
   * Over the analysed projects of `projects` (DESIGN.md's portfolio summary: median, absent and
   * weakest per level, the weakest level, the diagnoses with their projects); null when none is analysed.
   */
  summary: {
    levels: { level: Level; name: string; median: number; absent: number; weakest: number }[];
    weakestLevel: Level;
    diagnosis: { id: DiagnosisId; projects: string[] }[];
    analysedProjects: number;
  } | null;
  /** Trains of the viewer's projects only (a train needs two of them); misaligned first, then by spread. */
  releaseTrains: ReleaseTrain[];
  /** Each level's median over the last `days` days. */
  trend: { days: number; levels: PortfolioTrendDto[] };
}

/** Which projects the app analyses (admin setting; default: all software projects). */
export interface PortfolioSettingsDto {
  scope: { mode: 'all-software' } | { mode: 'chosen'; projectKeys: string[]; categoryIds: string[] };
  version: number;
  canEdit: boolean;
  /** The site's project categories, for the choice. */
  categories: { id: string; name: string }[];
}

export type ResponseOf<K extends ResolverKey> = ResponseMap[K];

export const RESOLVER_KEYS = Object.keys(payloadSchemas) as ResolverKey[];
