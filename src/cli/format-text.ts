/**
 * The report for a person at a terminal: the level table, the weakest level and the
 * diagnoses in plain words, then the findings grouped by level.
 */
import type { HealthReport } from '../core/analyze';
import { LEVELS } from '../core/levels';

const BAR_WIDTH = 20;

export function scoreBar(score: number): string {
  const filled = Math.round((score / 100) * BAR_WIDTH);
  return '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function padLeft(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

function subjectOf(f: HealthReport['findings'][number]): string {
  if (f.issueKey !== undefined) return f.issueKey;
  if (f.sprintId !== undefined) return `sprint ${f.sprintId}`;
  if (f.versionId !== undefined) return `version ${f.versionId}`;
  return '—';
}

export function formatTextReport(report: HealthReport): string {
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
    const width = Math.max(...mine.map((f) => subjectOf(f).length));
    for (const f of mine) {
      lines.push(`  ${pad(f.kind, 22)} ${pad(subjectOf(f), width)}  ${f.message}`);
    }
  }
  if (report.findings.length === 0) {
    lines.push('');
    lines.push('No findings: every level is present and keeps its cadence.');
  }
  return lines.join('\n') + '\n';
}
