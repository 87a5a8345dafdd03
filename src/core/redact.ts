/**
 * A finding as one viewer may see it. Findings are computed as the app, so they may name issues
 * a viewer cannot browse: their subject (the finding is then left out) or other issues their
 * message mentions or counts (`relatedKeys`). The message is rendered again without the hidden
 * ones: no key, name or count of a hidden issue remains. Pure: the caller says which keys the
 * viewer may browse.
 */
import type { Finding, SprintMention } from './findings';
import { levelSkipMessage, parentDoneMessage } from './rules/links';
import { missingReleaseMessage } from './rules/releases';
import { carryOverMessage } from './rules/sprints';

/** How a hidden issue reads in a message. */
export const HIDDEN_ISSUE = 'an issue you cannot see';
const HIDDEN_PARENT = 'a parent you cannot see';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every whole-word mention of `key` replaced (TINY-1 does not match inside TINY-12). */
function replaceKey(message: string, key: string, by: string): string {
  return message.replace(new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(key)}(?![0-9])`, 'g'), by);
}

/**
 * The finding as the viewer may see it, or null when it must be left out (its subject is hidden,
 * or everything it is about is). `canSee` answers for issue keys only.
 */
export function redactFinding<F extends Finding>(f: F, canSee: (issueKey: string) => boolean): F | null {
  if (f.issueKey !== undefined && !canSee(f.issueKey)) return null;
  const related = f.relatedKeys ?? [];
  const hidden = related.filter((k) => !canSee(k));
  if (hidden.length === 0) return f;
  const visible = related.filter((k) => canSee(k));
  const out: F = { ...f };
  if (visible.length > 0) out.relatedKeys = visible;
  else delete out.relatedKeys;

  if (f.kind === 'parent-done-child-open') {
    // The head ("Epic ACME-7 is Done") names only the subject; the rest is rendered from the open
    // children the viewer may browse. None left: the finding would only tell that hidden ones exist.
    if (visible.length === 0) return null;
    const at = f.message.lastIndexOf(' but ');
    if (at < 0) return null;
    out.message = parentDoneMessage(f.message.slice(0, at), visible);
    return out;
  }
  if (f.kind === 'level-skip') {
    const from = f.message.indexOf(' sits directly under ');
    const to = f.message.lastIndexOf(', skipping the ');
    const skipped = /, skipping the (.*) level\.$/.exec(f.message)?.[1];
    if (from >= 0 && to > from && skipped !== undefined) {
      out.message = levelSkipMessage(f.message.slice(0, from), HIDDEN_PARENT, skipped);
      return out;
    }
  }
  let message = f.message;
  for (const key of hidden) message = replaceKey(message, key, HIDDEN_ISSUE);
  out.message = message;
  return out;
}

/** Every issue key a list of findings names: subjects and the keys their messages mention. */
export function issueKeysOf(findings: readonly Finding[]): string[] {
  const keys = new Set<string>();
  for (const f of findings) {
    if (f.issueKey !== undefined) keys.add(f.issueKey);
    for (const k of f.relatedKeys ?? []) keys.add(k);
  }
  return [...keys];
}

/**
 * The finding without the sprints of boards the viewer may not see, or null when it must be left
 * out: a sprint finding whose board is hidden (its name, and a cadence gap's board name, are the
 * message), or a message that names a hidden sprint and cannot be rendered again without it. A
 * sprint whose board is not known counts as hidden (fail closed). `boardId` is a sprint subject's
 * board, as the stored finding keeps it.
 */
export function redactSprints<F extends Finding & { boardId?: number }>(f: F, canSeeBoard: (boardId: number) => boolean): F | null {
  const visibleSprint = (s: Pick<SprintMention, 'boardId'>) => s.boardId !== undefined && canSeeBoard(s.boardId);
  if (f.sprintId !== undefined && !visibleSprint(f)) return null;
  const mentioned = f.relatedSprints ?? [];
  const shown = mentioned.filter(visibleSprint);
  if (shown.length === mentioned.length) return f;
  const out: F = { ...f };
  if (shown.length > 0) out.relatedSprints = shown;
  else delete out.relatedSprints;
  if (f.kind === 'carry-over') {
    const at = f.message.indexOf(' has been in ');
    const count = /has been in (\d+) sprints/.exec(f.message)?.[1];
    if (at < 0 || count === undefined) return null;
    out.message = carryOverMessage(f.message.slice(0, at), Number(count), shown.map((s) => s.name));
    return out;
  }
  if (f.kind === 'missing-release') {
    const at = f.message.indexOf(' is planned into ');
    const state = / is planned into (\w+) sprint /.exec(f.message)?.[1];
    if (at < 0 || state === undefined) return null;
    out.message = missingReleaseMessage(f.message.slice(0, at), state, null);
    return out;
  }
  return null;
}

/** Every board a list of findings names: sprint subjects' boards and the boards of the sprints their messages name. */
export function boardIdsOf(findings: readonly (Finding & { boardId?: number })[]): number[] {
  const ids = new Set<number>();
  for (const f of findings) {
    if (f.sprintId !== undefined && f.boardId !== undefined) ids.add(f.boardId);
    for (const s of f.relatedSprints ?? []) if (s.boardId !== undefined) ids.add(s.boardId);
  }
  return [...ids];
}
