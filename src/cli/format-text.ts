/**
 * The report for a person at a terminal: the level table, the weakest level and the
 * diagnoses in plain words, then the findings grouped by level.
 */
import type { HealthReport } from '../core/analyze';
import { LEVELS } from '../core/levels';
import type { ProjectData } from '../core/model';

const BAR_WIDTH = 20;

/** A score as a bar of BAR_WIDTH cells. */
export function scoreBar(score: number): string {
  const filled = Math.round((score / 100) * BAR_WIDTH);
  return '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function padLeft(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

/** Names of the project's sprints and versions, so the text names them as a person knows them. */
export interface SubjectNames {
  sprints: ReadonlyMap<number, string>;
  versions: ReadonlyMap<string, string>;
}

export function subjectNamesOf(data: Pick<ProjectData, 'sprints' | 'versions'>): SubjectNames {
  return {
    sprints: new Map(data.sprints.map((s) => [s.id, s.name])),
    versions: new Map(data.versions.map((v) => [v.id, v.name])),
  };
}

/** "ACME-12", "ACME Sprint 7 (sprint 101)", "2026.1 (version 10001)"; the id alone when the name is unknown. */
function subjectOf(f: HealthReport['findings'][number], names: SubjectNames | undefined): string {
  if (f.issueKey !== undefined) return f.issueKey;
  if (f.sprintId !== undefined) {
    const name = names?.sprints.get(f.sprintId);
    return name === undefined ? `sprint ${f.sprintId}` : `${name} (sprint ${f.sprintId})`;
  }
  if (f.versionId !== undefined) {
    const name = names?.versions.get(f.versionId);
    return name === undefined ? `version ${f.versionId}` : `${name} (version ${f.versionId})`;
  }
  return '—';
}

export function formatTextReport(report: HealthReport, names?: SubjectNames): string {
  const lines: string[] = [];
  lines.push(`Planning levels of ${report.project.key} (${report.project.name}) as of ${report.asOf}`);
  lines.push('');
  const cadenceWidth = Math.max(...report.levels.map((l) => l.cadence.length), 7);
  lines.push(`  #  ${pad('Level', 15)} ${pad('Cadence', cadenceWidth)}  ${pad('Score', 26)}  Items  Findings`);
  for (const l of report.levels) {
    const score = `${padLeft(String(l.score), 3)} ${scoreBar(l.score)}`;
    lines.push(
      `  ${l.level}  ${pad(l.name, 15)} ${pad(l.cadence, cadenceWidth)}  ${pad(score, 26)}  ${padLeft(String(l.items), 5)}  ${padLeft(String(l.findings), 8)}${l.absent ? '  (absent)' : ''}`,
    );
  }
  lines.push('');
  const weakest = report.levels.find((l) => l.level === report.weakestLevel)!;
  lines.push(`Weakest level: ${weakest.level} ${weakest.name} (score ${weakest.score}).`);
  const t = report.traceability;
  if (t.sprintWork > 0) {
    lines.push(`Active sprint work tracing up to the vision: ${t.tracedToVision} of ${t.sprintWork} (${Math.round((100 * t.tracedToVision) / t.sprintWork)}%).`);
  }
  if (report.diagnosis.length === 0) {
    lines.push('Diagnosis: none of the four common planning failures applies.');
  } else {
    lines.push('Diagnosis:');
    for (const d of report.diagnosis) {
      lines.push(`  - ${d.symptom}: ${d.cause}.`);
      for (const e of d.evidence) lines.push(`      ${e}`);
    }
  }
  for (const level of LEVELS) {
    const mine = report.findings.filter((f) => f.level === level);
    if (mine.length === 0) continue;
    const info = report.levels.find((l) => l.level === level)!;
    lines.push('');
    lines.push(`Level ${level} ${info.name}: ${mine.length} finding${mine.length === 1 ? '' : 's'}`);
    const width = Math.max(...mine.map((f) => subjectOf(f, names).length));
    for (const f of mine) {
      lines.push(`  ${pad(f.kind, 22)} ${pad(subjectOf(f, names), width)}  ${f.message}`);
    }
  }
  if (report.findings.length === 0) {
    lines.push('');
    lines.push('No findings: every level is present and keeps its cadence.');
  }
  return lines.join('\n') + '\n';
}
