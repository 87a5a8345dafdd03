/**
 * A finding as one viewer may see it. Findings are computed as the app, so they may name issues
 * a viewer cannot browse: their subject (the finding is then left out) or other issues their
 * message mentions or counts (`relatedKeys`). The message is rendered again without the hidden
 * ones: no key, name or count of a hidden issue remains. Pure: the caller says which keys the
 * viewer may browse.
 */
import type { Finding } from './findings';
import { levelSkipMessage, parentDoneMessage } from './rules/links';

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
