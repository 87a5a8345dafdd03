/**
 * Findings as CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote
 * or line break), one row per finding with its next step, and the browser download of it.
 * A field starting with = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.
 */
import type { FindingDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO } from '../../../src/core/levels';
import { findingKindLabel } from '../../../src/frontend/shared/words';
import { ageDays, assigneeLabel, createdDate, NOT_APPLICABLE, statusLabel } from './finding-columns';
import { nextStep } from './next-steps';

/** The report's fields first; the issue columns of the findings table after them ("—" becomes empty). */
export const CSV_HEADER = ['Level', 'Level name', 'Kind', 'Kind label', 'Subject', 'Finding', 'Next step', 'URL', 'Assignee', 'Status', 'Created', 'Age (days)'] as const;

function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const orEmpty = (label: string) => (label === NOT_APPLICABLE ? '' : label);

/** The findings, one row each; ages count up to `asOf` (the result's as-of date). */
export function findingsCsv(findings: readonly FindingDto[], asOf: string): string {
  const rows = findings.map((f) => [
    String(f.level),
    LEVEL_INFO[f.level].name,
    f.kind,
    findingKindLabel(f.kind),
    f.subjectLabel,
    f.message,
    nextStep(f),
    f.url ?? '',
    orEmpty(assigneeLabel(f)),
    orEmpty(statusLabel(f)),
    createdDate(f),
    String(ageDays(f, asOf) ?? ''),
  ]);
  return [[...CSV_HEADER], ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Offers the text as a file download (a Blob URL; Forge's Custom UI frame allows downloads). */
export function downloadCsv(fileName: string, csv: string): void {
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
