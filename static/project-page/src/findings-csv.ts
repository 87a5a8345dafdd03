/**
 * Findings as CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote
 * or line break), one row per finding with its next step, and the browser download of it.
 * A field starting with = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.
 */
import type { FindingDto } from '../../../src/contract/resolvers';
import { LEVEL_INFO } from '../../../src/core/levels';
import { findingKindLabel } from '../../../src/frontend/shared/words';
import { nextStep } from './next-steps';

export const CSV_HEADER = ['Level', 'Level name', 'Kind', 'Kind label', 'Subject', 'Finding', 'Next step', 'URL'] as const;

function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function findingsCsv(findings: readonly FindingDto[]): string {
  const rows = findings.map((f) => [
    String(f.level),
    LEVEL_INFO[f.level].name,
    f.kind,
    findingKindLabel(f.kind),
    f.subjectLabel,
    f.message,
    nextStep(f),
    f.url ?? '',
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
