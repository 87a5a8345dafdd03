/**
 * Jira project keys: checked before they reach a file path or a JQL query.
 * Jira keys start with an upper-case letter, then upper-case letters, digits or underscores.
 */
const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}$/;

export function isProjectKey(value: unknown): value is string {
  return typeof value === 'string' && PROJECT_KEY_PATTERN.test(value);
}

/** An issue key such as TINY-12. */
const ISSUE_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17}$/;

export function isIssueKey(value: unknown): value is string {
  return typeof value === 'string' && ISSUE_KEY_PATTERN.test(value);
}
