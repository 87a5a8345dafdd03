import { finding } from '../../src/core/findings';
import { LEVEL_WIDE_PENALTY, scoreLevel, weakestLevel } from '../../src/core/score';
import { issue, project, run } from '../helpers/builders';

describe('scoreLevel', () => {
  it('is 100 for a present level without findings and 0 for an absent one', () => {
    expect(scoreLevel(2, 10, [])).toBe(100);
    expect(scoreLevel(2, 0, [finding('level-absent', 2, {}, 'none')])).toBe(0);
  });

  it('takes the share of items with a finding, counting each subject once', () => {
    const findings = [
      finding('stale', 2, { issueKey: 'A-1' }, ''),
      finding('missing-parent', 2, { issueKey: 'A-1' }, ''),
      finding('overdue', 2, { issueKey: 'A-2' }, ''),
      finding('stale', 5, { issueKey: 'A-3' }, ''),
    ];
    expect(scoreLevel(2, 8, findings)).toBe(75);
  });

  it('takes a fixed penalty for each level-wide finding and never goes below 0', () => {
    expect(scoreLevel(3, 4, [finding('no-upcoming', 3, {}, '')])).toBe(100 - LEVEL_WIDE_PENALTY);
    const many = Array.from({ length: 5 }, (_, i) => finding('overdue', 3, { versionId: String(i) }, ''));
    expect(scoreLevel(3, 5, [...many, finding('no-upcoming', 3, {}, '')])).toBe(0);
  });

  it('names the lowest level as weakest, the higher one on a tie', () => {
    expect(weakestLevel([{ level: 1, score: 90 }, { level: 2, score: 40 }, { level: 3, score: 40 }])).toBe(2);
  });

  it('feeds the report', () => {
    const report = run(project({ issues: [issue('T-1', { hierarchyLevel: 2 }), issue('T-2', { hierarchyLevel: 1 })] }));
    expect(report.levels[0]!.score).toBe(100);
    expect(report.levels[1]!.findings).toBe(1); // missing-parent of the epic
    expect(report.levels[1]!.score).toBe(0);
  });
});
