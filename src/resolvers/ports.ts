/**
 * What the resolvers need from the outside world, as narrow interfaces. The app binds them to
 * the Jira client (as the viewing user) and to Forge storage (src/index.ts); tests bind them to
 * typed fakes.
 */
import type { JiraIssue } from '../jira/schemas';
import type { RawProject } from '../jira/project-data';
import type { ConfigStore } from '../storage/config-store';
import type { ScaleServices } from './scan';
import type { KeyVisibilityCache } from './visibility-cache';

/** Jira as one person sees it: every read runs with that person's permissions (asUser). */
export interface ViewerJira {
  /**
   * Everything the viewer may see of a project (issue types, fields, project, versions, boards,
   * sprints, the issues the viewer can browse). Throws the client's not-found error when the
   * project does not exist or the viewer cannot browse it.
   */
  loadProject(projectKey: string): Promise<RawProject>;
  /** One issue with its parent, or null when it does not exist or the viewer cannot browse it. */
  issue(issueKey: string): Promise<JiraIssue | null>;
  /** The viewer's permissions: the global ADMINISTER, and BROWSE_PROJECTS on a project when one is given. */
  myPermissions(projectKey?: string): Promise<{ administer: boolean; browseProject: boolean }>;
  /**
   * Which of these issues the viewer may browse (searches as the viewer: `key in (…)`, keys
   * checked by isIssueKey; anything not confirmed visible is left out).
   */
  visibleIssueKeys(issueKeys: readonly string[]): Promise<Set<string>>;
  /** The site's issue types the viewer sees, with their hierarchy levels (the admin page's vision choice); optional. */
  issueTypes?(): Promise<{ name: string; hierarchyLevel?: number }[]>;
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
}
