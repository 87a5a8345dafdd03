/**
 * The one gate between stored data and a viewer. Stored results are computed as the app, so
 * they may name issues a viewer cannot browse (issue security, a parent in a hidden project).
 * Every answer built from stored data passes through here:
 *  - findings on issues the viewer cannot browse are left out (and counted);
 *  - keys of hidden issues that messages mention are redacted, messages rendered again without
 *    them (src/core/redact.ts): no key, name or count of a hidden issue remains;
 *  - a scan's `lastError` loses the keys of issues the viewer cannot browse.
 * The key check is one key-only search as the viewer (src/resolvers/jira-viewer.ts), cached
 * briefly per viewer and project, so the polls of a running scan do not repeat it.
 */
import type { Finding } from '../core/findings';
import { isIssueKey } from '../core/project-key';
import { issueKeysOf, redactFinding, HIDDEN_ISSUE } from '../core/redact';
import type { ForgeContext } from './envelope';
import type { ResolverServices } from './ports';



/** Issue keys written in free text (an error message). */
const KEY_IN_TEXT = /(?<![A-Za-z0-9_-])[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]*(?![0-9])/g;

export interface ViewerView {
  /** Whether the viewer may browse the issue (only for keys passed to `check` before). */
  canSee(issueKey: string): boolean;
  /** Checks these keys (cached answers first) in at most `maxSearches` searches; anything not confirmed visible counts as hidden. */
  check(issueKeys: readonly string[], maxSearches?: number): Promise<void>;
  /** Answers known already (issues just read as the viewer, or refused to the viewer): not asked again. */
  assume(visible: readonly string[], hidden: readonly string[]): void;
  /** The findings the viewer may see, each redacted; `hidden` counts those left out. */
  findings<F extends Finding>(findings: readonly F[], maxSearches?: number): Promise<{ findings: F[]; hidden: number }>;
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

  return {
    canSee,
    check,
    assume(visible, hidden) {
      for (const k of visible) answers.set(k, true);
      for (const k of hidden) answers.set(k, false);
    },
    async findings(findings, maxSearches) {
      await check(issueKeysOf(findings), maxSearches);
      const shown: (typeof findings)[number][] = [];
      for (const f of findings) {
        const out = redactFinding(f, canSee);
        if (out !== null) shown.push(out);
      }
      return { findings: shown, hidden: findings.length - shown.length };
    },
    async text(message) {
      const keys = [...new Set(message.match(KEY_IN_TEXT) ?? [])];
      if (keys.length === 0) return message;
      await check(keys);
      return message.replace(KEY_IN_TEXT, (key) => (canSee(key) ? key : HIDDEN_ISSUE));
    },
  };
}
