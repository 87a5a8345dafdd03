/**
 * The one gate between stored data and a viewer. Stored results are computed as the app, so
 * they may name issues a viewer cannot browse (issue security, a parent in a hidden project).
 * Every answer built from stored data passes through here:
 *  - findings on issues the viewer cannot browse are left out (and counted);
 *  - keys of hidden issues that messages mention are redacted, messages rendered again without
 *    them (src/core/redact.ts): no key, name or count of a hidden issue remains;
 *  - sprints of boards the viewer may not view are treated the same way: a finding about such a
 *    sprint is left out (its message names the sprint, a cadence gap also the board), and a
 *    message that names one (carry-over, missing-release) is rendered again without its name;
 *  - a scan's `lastError` loses the keys of issues and the ids of boards the viewer cannot see.
 * The key check is one key-only search as the viewer, the board check one `GET board/{id}` per
 * distinct board (src/resolvers/jira-viewer.ts); both are cached briefly per viewer and project,
 * so the polls of a running scan do not repeat them.
 */
import type { Finding } from '../core/findings';
import { isIssueKey } from '../core/project-key';
import { boardIdsOf, issueKeysOf, redactFinding, redactSprints, HIDDEN_ISSUE } from '../core/redact';
import type { ForgeContext } from './envelope';
import type { ResolverServices } from './ports';



/** Issue keys written in free text (an error message). */
const KEY_IN_TEXT = /(?<![A-Za-z0-9_-])[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]*(?![0-9])/g;
/** Boards written in free text: "board 42", ".../board/42/sprint". */
const BOARD_IN_TEXT = /\bboard([ /])([1-9][0-9]{0,17})(?![0-9])/gi;
const HIDDEN_BOARD = 'a board you cannot see';
/** How a board's answer is remembered beside the issue keys' (a key never starts with "board:"). */
const boardEntry = (id: number) => `board:${id}`;

export interface ViewerView {
  /** Whether the viewer may browse the issue (only for keys passed to `check` before). */
  canSee(issueKey: string): boolean;
  /** Checks these keys (cached answers first) in at most `maxSearches` searches; anything not confirmed visible counts as hidden. */
  check(issueKeys: readonly string[], maxSearches?: number): Promise<void>;
  /** Answers known already (issues just read as the viewer, or refused to the viewer): not asked again. */
  assume(visible: readonly string[], hidden: readonly string[]): void;
  /** Whether the viewer may view the board (only for boards passed to `checkBoards` or named by `findings` before). */
  canSeeBoard(boardId: number): boolean;
  /** Checks these boards (cached answers first) in at most `maxRequests` requests; anything not confirmed visible counts as hidden. */
  checkBoards(boardIds: readonly number[], maxRequests?: number): Promise<void>;
  /**
   * The findings the viewer may see, each redacted (hidden issues, sprints of hidden boards);
   * `hidden` counts those left out. `maxRequests` bounds the Jira requests of both checks.
   */
  findings<F extends Finding & { boardId?: number }>(findings: readonly F[], maxRequests?: number, alsoBoards?: readonly number[]): Promise<{ findings: F[]; hidden: number }>;
  /** Text with the keys of issues the viewer may not browse replaced. */
  text(message: string): Promise<string>;
}

/** The view of one viewer on one project's stored data. */
export function viewerView(services: ResolverServices, ctx: ForgeContext, projectKey: string): ViewerView {
  const cache = services.visibilityCache;
  const scope = ctx.accountId !== undefined ? `${ctx.accountId}|${projectKey}` : undefined;
  const answers = new Map<string, boolean>();

  const check = async (issueKeys: readonly string[], maxSearches?: number): Promise<void> => {
    const wanted = [...new Set(issueKeys)].filter((k) => !answers.has(k));
    if (wanted.length === 0) return;
    const now = services.now().getTime();
    const cached = cache !== undefined && scope !== undefined ? cache.lookup(scope, wanted, now) : { known: new Map<string, boolean>(), missing: wanted };
    for (const [k, v] of cached.known) answers.set(k, v);
    const toAsk = cached.missing.filter((k) => isIssueKey(k));
    for (const k of cached.missing) if (!isIssueKey(k)) answers.set(k, false);
    if (toAsk.length === 0) return;
    if (maxSearches === 0) {
      for (const k of toAsk) answers.set(k, false); // no request left: fail closed, remember nothing
      return;
    }
    const visible = await services.jiraForViewer().visibleIssueKeys(toAsk, maxSearches);
    const fresh = new Map(toAsk.map((k) => [k, visible.has(k)] as const));
    for (const [k, v] of fresh) answers.set(k, v);
    if (cache !== undefined && scope !== undefined) cache.remember(scope, fresh, now);
  };
  const canSee = (issueKey: string): boolean => answers.get(issueKey) === true;

  const checkBoards = async (boardIds: readonly number[], maxRequests?: number): Promise<void> => {
    const wanted = [...new Set(boardIds)].map(boardEntry).filter((k) => !answers.has(k));
    if (wanted.length === 0) return;
    const now = services.now().getTime();
    const cached = cache !== undefined && scope !== undefined ? cache.lookup(scope, wanted, now) : { known: new Map<string, boolean>(), missing: wanted };
    for (const [k, v] of cached.known) answers.set(k, v);
    const toAsk = cached.missing.map((k) => Number(k.slice('board:'.length)));
    if (toAsk.length === 0) return;
    if (maxRequests === 0) {
      for (const id of toAsk) answers.set(boardEntry(id), false); // no request left: fail closed, remember nothing
      return;
    }
    const visible = await services.jiraForViewer().visibleBoards(toAsk, maxRequests);
    const fresh = new Map(toAsk.map((id) => [boardEntry(id), visible.has(id)] as const));
    for (const [k, v] of fresh) answers.set(k, v);
    if (cache !== undefined && scope !== undefined) cache.remember(scope, fresh, now);
  };
  const canSeeBoard = (boardId: number): boolean => answers.get(boardEntry(boardId)) === true;
  /** Of what still needs asking, how many requests: keys take one search per 100 (at least one), boards one each. */
  const unanswered = (keys: readonly string[], boards: readonly number[]) => ({
    keys: keys.some((k) => !answers.has(k)),
    boards: new Set(boards.filter((b) => !answers.has(boardEntry(b)))).size,
  });

  return {
    canSee,
    check,
    assume(visible, hidden) {
      for (const k of visible) answers.set(k, true);
      for (const k of hidden) answers.set(k, false);
    },
    checkBoards,
    canSeeBoard,
    async findings(findings, maxRequests, alsoBoards = []) {
      const keys = issueKeysOf(findings);
      const boards = [...boardIdsOf(findings), ...alsoBoards];
      if (maxRequests === undefined) {
        await Promise.all([check(keys), checkBoards(boards)]);
      } else {
        // One budget for both: the key check first gets one search when it needs any, the boards what is left.
        const need = unanswered(keys, boards);
        const forBoards = Math.min(need.boards, Math.max(0, maxRequests - (need.keys ? 1 : 0)));
        await Promise.all([check(keys, maxRequests - forBoards), checkBoards(boards, forBoards)]);
      }
      const shown: (typeof findings)[number][] = [];
      for (const f of findings) {
        const visibleIssues = redactFinding(f, canSee);
        const out = visibleIssues === null ? null : redactSprints(visibleIssues, canSeeBoard);
        if (out !== null) shown.push(out);
      }
      return { findings: shown, hidden: findings.length - shown.length };
    },
    async text(message) {
      const keys = [...new Set(message.match(KEY_IN_TEXT) ?? [])];
      const boards = [...message.matchAll(BOARD_IN_TEXT)].map((m) => Number(m[2]));
      if (keys.length === 0 && boards.length === 0) return message;
      await Promise.all([check(keys), checkBoards(boards)]);
      return message
        .replace(KEY_IN_TEXT, (key) => (canSee(key) ? key : HIDDEN_ISSUE))
        .replace(BOARD_IN_TEXT, (whole, _sep: string, id: string) => (canSeeBoard(Number(id)) ? whole : HIDDEN_BOARD));
    },
  };
}
