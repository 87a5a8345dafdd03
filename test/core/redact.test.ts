/**
 * A finding as a viewer who may not browse some issues sees it: the keys its message mentions
 * are data (`relatedKeys`), and the message is rendered again without the hidden ones.
 */
import type { Finding } from '../../src/core/findings';
import { HIDDEN_ISSUE, issueKeysOf, redactFinding } from '../../src/core/redact';
import { toReportJson } from '../../src/core/report-json';
import { childOf, done, issue, parentRef, project, run } from '../helpers/builders';

const seeAllBut = (...hidden: string[]) => (key: string) => !hidden.includes(key);

describe('findings carry the keys they mention', () => {
  const initiative = issue('T-1', { hierarchyLevel: 2 });
  const doneEpic = childOf(initiative, 'T-2', { hierarchyLevel: 1, ...done });
  const report = run(project({
    issues: [initiative, doneEpic, childOf(doneEpic, 'T-3'), childOf(doneEpic, 'T-4'), childOf(initiative, 'T-5', { hierarchyLevel: 0 })],
  }));

  it('a done parent lists its open children as data; a level skip its parent', () => {
    expect(report.findings.find((f) => f.kind === 'parent-done-child-open')).toMatchObject({ issueKey: 'T-2', relatedKeys: ['T-3', 'T-4'] });
    expect(report.findings.find((f) => f.kind === 'level-skip')).toMatchObject({ issueKey: 'T-5', relatedKeys: ['T-1'] });
    expect(issueKeysOf(report.findings)).toEqual(expect.arrayContaining(['T-1', 'T-2', 'T-3', 'T-4', 'T-5']));
  });

  it('the --json report does not print them', () => {
    expect(JSON.stringify(toReportJson(report))).not.toContain('relatedKeys');
  });
});

describe('redactFinding', () => {
  const skip: Finding = { kind: 'level-skip', level: 4, issueKey: 'FIX-20', relatedKeys: ['SEC-1'], message: 'Story FIX-20 sits directly under Initiative SEC-1, skipping the epic level.' };
  const parentDone: Finding = {
    kind: 'parent-done-child-open',
    level: 2,
    issueKey: 'FIX-21',
    relatedKeys: ['FIX-22', 'FIX-23'],
    message: 'Epic FIX-21 is Done but 2 children are still open (FIX-22, FIX-23).',
  };

  it('leaves a finding whose keys are all visible as it is', () => {
    expect(redactFinding(skip, () => true)).toBe(skip);
  });

  it('leaves out a finding whose subject is hidden', () => {
    expect(redactFinding(skip, seeAllBut('FIX-20'))).toBeNull();
  });

  it('a hidden parent of a level skip is neither named nor typed', () => {
    const out = redactFinding(skip, seeAllBut('SEC-1'))!;
    expect(out.message).toBe('Story FIX-20 sits directly under a parent you cannot see, skipping the epic level.');
    expect(JSON.stringify(out)).not.toMatch(/SEC-1|Initiative/);
  });

  it('a hidden open child is neither named nor counted', () => {
    const out = redactFinding(parentDone, seeAllBut('FIX-23'))!;
    expect(out.message).toBe('Epic FIX-21 is Done but a child is still open (FIX-22).');
    expect(JSON.stringify(out)).not.toContain('FIX-23');
    expect(out.message).not.toMatch(/2 children/);
  });

  it('a done parent whose open children are all hidden is left out (it would tell they exist)', () => {
    expect(redactFinding(parentDone, seeAllBut('FIX-22', 'FIX-23'))).toBeNull();
  });

  it('counts only visible children past the listed five', () => {
    const children = Array.from({ length: 8 }, (_, i) => `P-${i + 2}`);
    const f: Finding = { kind: 'parent-done-child-open', level: 2, issueKey: 'P-1', relatedKeys: children, message: `Epic P-1 is Done but 8 children are still open (${children.slice(0, 5).join(', ')}, …).` };
    const out = redactFinding(f, seeAllBut('P-2', 'P-9'))!;
    expect(out.message).toBe('Epic P-1 is Done but 6 children are still open (P-3, P-4, P-5, P-6, P-7, …).');
  });

  it('any other mention of a hidden key is replaced, whole words only', () => {
    const f: Finding = { kind: 'stale', level: 5, issueKey: 'A-1', relatedKeys: ['B-1'], message: 'A-1 waits on B-1 and B-12.' };
    expect(redactFinding(f, seeAllBut('B-1'))!.message).toBe(`A-1 waits on ${HIDDEN_ISSUE} and B-12.`);
  });

  it('works on the findings the core computes, parents of other projects included', () => {
    const hiddenEpic = parentRef({ key: 'SEC-2', hierarchyLevel: 2, issueTypeName: 'Initiative' });
    const report = run(project({ issues: [issue('T-9', { parent: hiddenEpic })] }));
    const skipped = report.findings.find((f) => f.kind === 'level-skip')!;
    expect(redactFinding(skipped, seeAllBut('SEC-2'))!.message).toBe('Story T-9 sits directly under a parent you cannot see, skipping the epic level.');
  });
});
