/**
 * "Download all findings as CSV": the findings that came with the result plus, for a large
 * project, every further page of each level (scan/findings), as one file. Absent levels list only
 * "Level absent", as on the page.
 */
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { useState } from 'react';
import type { FindingDto, LevelHealthDto } from '../../../src/contract/resolvers';
import type { Level } from '../../../src/core/levels';
import { findingsToShow } from '../../../src/frontend/shared/health';
import { downloadCsv, findingsCsv } from './findings-csv';
import type { LoadFindings } from './LevelFindings';

export interface AllFindingsCsvProps {
  projectKey: string;
  /** The result's as-of date: the findings' ages count up to it. */
  asOf: string;
  levels: LevelHealthDto[];
  findings: FindingDto[];
  nextOffset: Record<Level, number | null>;
  loadMore: LoadFindings;
}

/** Every finding the viewer may see, level by level, paging the stored result where needed. */
export async function allFindings({ levels, findings, nextOffset, loadMore }: Omit<AllFindingsCsvProps, 'projectKey' | 'asOf'>): Promise<FindingDto[]> {
  const all: FindingDto[] = [];
  for (const level of [...levels].sort((a, b) => a.level - b.level)) {
    const mine = findings.filter((f) => f.level === level.level);
    let next = level.absent ? null : nextOffset[level.level];
    while (next !== null) {
      const response = await loadMore(level.level, next);
      if (!response.ok) throw new Error(response.error.message);
      mine.push(...response.data.findings);
      next = response.data.nextOffset;
    }
    all.push(...findingsToShow(level.absent, mine));
  }
  return all;
}

export function AllFindingsCsv(props: AllFindingsCsvProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      downloadCsv(`${props.projectKey}-findings.csv`, findingsCsv(await allFindings(props), props.asOf));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.100'), flexWrap: 'wrap' }}>
      <Button onClick={() => void run()} isLoading={busy} testId="all-findings-csv">
        Download all findings as CSV
      </Button>
      {error !== null && (
        <span role="alert" style={{ color: token('color.text.danger') }}>
          The findings could not be loaded: {error}
        </span>
      )}
    </span>
  );
}
