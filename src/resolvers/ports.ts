/**
 * What the resolvers need from the outside world, as narrow interfaces. The app binds them to
 * the Jira client (as the viewing user) and to Forge storage (src/index.ts); tests bind them to
 * typed fakes.
 */
import type { JiraIssue } from '../jira/schemas';
import type { ConfigStore } from '../storage/config-store';
import type { BrowseCache, PortfolioServices } from './portfolio';
import type { ScaleServices } from './scan';
import type { KeyVisibilityCache } from './visibility-cache';

/** Jira as one person sees it: every read runs with that person's permissions (asUser). */
export interface ViewerJira {
  /**
   * One issue with its parent (and this site's sprint field when its id is given), or null when
   * it does not exist or the viewer cannot browse it. One request.
   */
  issue(issueKey: string, sprintFieldId?: string): Promise<JiraIssue | null>;
  /**
   * The issue's children the viewer may browse: the first page of `parent = KEY`, and the
   * number of all of them (an approximate count, asked only when there is more than one page).
   * `requests` says how many Jira requests it took (1 or 2).
   */
  children(issueKey: string): Promise<{ issues: JiraIssue[]; total: number; requests: number }>;
  /** The viewer's permissions: the global ADMINISTER, and BROWSE_PROJECTS on a project when one is given. */
  myPermissions(projectKey?: string): Promise<{ administer: boolean; browseProject: boolean }>;
  /**
   * Which of these issues the viewer may browse (key-only searches as the viewer: `key in (…)`,
   * keys checked by isIssueKey; anything not confirmed visible is left out). At most
   * `maxSearches` searches when given.
   */
  visibleIssueKeys(issueKeys: readonly string[], maxSearches?: number): Promise<Set<string>>;
  /**
   * Which of these boards the viewer may view (one `GET /rest/agile/1.0/board/{id}` as the viewer
   * each; a board Jira refuses, or shows as private, is hidden). At most `maxRequests` requests
   * when given; boards not asked about count as hidden.
   */
  visibleBoards(boardIds: readonly number[], maxRequests?: number): Promise<Set<number>>;
  /** The site's issue types the viewer sees, with their hierarchy levels (the admin page's vision choice); optional. */
  issueTypes?(): Promise<{ name: string; hierarchyLevel?: number }[]>;
  /** Of these project ids, the ones the viewer may browse: one bulk permission check (POST /rest/api/3/permissions/check) per 1,000 ids. */
  browsableProjects?(projectIds: readonly string[]): Promise<Set<string>>;
  /** The site's project categories (GET /rest/api/3/projectCategory). */
  projectCategories?(): Promise<{ id: string; name: string }[]>;
}

export interface ResolverServices {
  /** Jira bound to the person who made the request. */
  jiraForViewer(): ViewerJira;
  store: ConfigStore;
  /** The clock: `asOf` and `savedAt` come from here. */
  now(): Date;
  /** Where failures are logged (console.error in the app). */
  logError(message: string): void;
  /** The scale path (stored results, chunked scans, history); resolvers of scan/* and history/* need it. */
  scale?: ScaleServices;
  /** The viewers' key checks, reused briefly (createResolverHandlers makes one when absent). */
  visibilityCache?: KeyVisibilityCache;
  /** The portfolio (stored summaries, index, setting); the portfolio/* resolvers need it. */
  portfolio?: PortfolioServices;
  /** The viewers' portfolio permission checks, reused briefly (createResolverHandlers makes one when absent). */
  browseCache?: BrowseCache;
  /**
   * Resolves when the Jira points this instance spent are in the site's points ledger (viewer
   * calls spend ahead of it, see src/jira/rate-limiter.ts): every resolver awaits it before it
   * answers, since Forge may freeze or drop the instance once it has. Absent: nothing to wait for.
   */
  untilAccounted?(): Promise<void>;
}
