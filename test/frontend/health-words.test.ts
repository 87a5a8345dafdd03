import { findingsToShow, HEALTH_LABEL, levelHealth, shownFindingCount } from '../../src/frontend/shared/health';

describe('a level’s health', () => {
  it('is "Healthy" only without findings, whatever the score', () => {
    expect(levelHealth({ score: 100, absent: false, findings: 0 })).toBe('healthy');
    // The cases: 95 with 11 findings and 80 with 49 findings were "Healthy".
    expect(levelHealth({ score: 95, absent: false, findings: 11 })).toBe('drifting');
    expect(levelHealth({ score: 80, absent: false, findings: 49 })).toBe('drifting');
    expect(levelHealth({ score: 79, absent: false, findings: 3 })).toBe('attention');
    expect(levelHealth({ score: 50, absent: false, findings: 3 })).toBe('attention');
    expect(levelHealth({ score: 49, absent: false, findings: 3 })).toBe('at-risk');
  });

  it('is "Absent" for an absent level even when it counts items', () => {
    expect(levelHealth({ score: 0, absent: true, findings: 2 })).toBe('absent');
    expect(HEALTH_LABEL[levelHealth({ score: 0, absent: true, findings: 2 })]).toBe('Absent');
  });

  it('lists only "Level absent" where the level is absent (one row, not two)', () => {
    const findings = [
      { kind: 'no-upcoming', level: 3 },
      { kind: 'level-absent', level: 3 },
    ];
    expect(findingsToShow(true, findings)).toEqual([{ kind: 'level-absent', level: 3 }]);
    expect(findingsToShow(false, findings)).toEqual(findings);
    expect(shownFindingCount({ score: 0, absent: true, findings: 2 })).toBe(1);
    expect(shownFindingCount({ score: 60, absent: false, findings: 2 })).toBe(2);
  });
});
