/**
 * The portfolio for a person at a terminal: projects × levels (score, or "absent"), the median
 * row, the weakest level, each diagnosis with its projects, then the misaligned release trains
 * with each project's date.
 */
import { DIAGNOSIS_SYMPTOMS, type DiagnosisId } from '../core/diagnosis';
import { LEVELS } from '../core/levels';
import type { PortfolioJson } from '../core/portfolio';
import { pad, padLeft } from './format-text';

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

export function formatPortfolioText(portfolio: PortfolioJson, projectNames: ReadonlyMap<string, string>, maxTrainSpreadDays: number): string {
  const { projects, summary } = portfolio;
  const lines: string[] = [];
  lines.push(`Planning levels of ${plural(projects.length, 'project')} as of ${portfolio.asOf}`);
  lines.push('');

  const names = LEVELS.map((level) => `${level} ${summary.levels.find((l) => l.level === level)!.name}`);
  const widths = names.map((n) => Math.max(n.length, 'absent'.length));
  const keyWidth = Math.max('Project'.length, 'Median'.length, 'Weakest in'.length, ...projects.map((p) => p.project.length));
  const row = (label: string, cells: string[], tail = '') =>
    `  ${pad(label, keyWidth)}  ${cells.map((c, i) => padLeft(c, widths[i]!)).join('  ')}${tail === '' ? '' : `  ${tail}`}`.trimEnd();

  lines.push(row('Project', names, 'Name'));
  for (const p of projects) {
    const cells = p.levels.map((l) => (p.findings.some((f) => f.kind === 'level-absent' && f.level === l.level) ? 'absent' : String(l.score)));
    lines.push(row(p.project, cells, projectNames.get(p.project) ?? ''));
  }
  lines.push(row('Median', summary.levels.map((l) => String(l.median))));
  lines.push(row('Absent in', summary.levels.map((l) => String(l.absent))));
  lines.push(row('Weakest in', summary.levels.map((l) => String(l.weakest))));
  lines.push('');

  const weakest = summary.levels.find((l) => l.level === summary.weakestLevel)!;
  lines.push(`Weakest level: ${weakest.level} ${weakest.name} (median ${weakest.median}; the weakest level of ${plural(weakest.weakest, 'project')}).`);
  if (summary.diagnosis.length === 0) {
    lines.push('Diagnosis: none of the four common planning failures applies to any project.');
  } else {
    lines.push('Diagnosis:');
    for (const d of summary.diagnosis) {
      lines.push(`  - ${DIAGNOSIS_SYMPTOMS[d.id as DiagnosisId]}: ${d.projects.length} of ${plural(projects.length, 'project')} (${d.projects.join(', ')})`);
    }
  }

  lines.push('');
  const trains = portfolio.releaseTrains;
  const misaligned = trains.filter((t) => t.misaligned);
  if (trains.length === 0) {
    lines.push('Release trains: no version name is shared by two projects.');
  } else if (misaligned.length === 0) {
    lines.push(`Release trains: ${plural(trains.length, 'shared version name')}, each released within ${plural(maxTrainSpreadDays, 'day')}.`);
  } else {
    lines.push(
      `Misaligned release trains: ${misaligned.length} of ${plural(trains.length, 'shared version name')} with release dates more than ${plural(maxTrainSpreadDays, 'day')} apart`,
    );
    for (const t of misaligned) {
      lines.push(`  ${t.name}: ${plural(t.spreadDays!, 'day')} from first to last`);
      const width = Math.max(...t.versions.map((v) => v.project.length));
      for (const v of t.versions) {
        const date = v.releaseDate ?? 'no release date';
        lines.push(`    ${pad(v.project, width)}  ${pad(date, 15)}  ${v.released ? 'released' : 'unreleased'} (version ${v.versionId})`);
      }
    }
  }
  return lines.join('\n') + '\n';
}
