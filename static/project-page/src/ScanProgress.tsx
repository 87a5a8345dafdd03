/**
 * A scan in progress: a progress bar of the issues read so far (of the project's size when the
 * previous scan counted it, else indeterminate) and the count in words for assistive technology.
 */
import ProgressBar from '@atlaskit/progress-bar';
import type { ScanProgressDto } from '../../../src/contract/resolvers';
import { plural } from '../../../src/frontend/shared/words';
import * as s from '../../shared/styles';

export interface ScanProgressProps {
  progress: ScanProgressDto;
  /** The first scan of the project (nothing to show yet) or a rescan beside the last result. */
  first: boolean;
}

function progressWords(progress: ScanProgressDto): string {
  if (progress.phase === 'meta') return 'Reading the project’s versions, boards and sprints…';
  if (progress.phase === 'finish') return `All ${plural(progress.issuesScanned, 'issue')} read; checking the five levels…`;
  const total = progress.expectedIssues;
  return total !== null && total > 0
    ? `${progress.issuesScanned.toLocaleString('en-US')} of about ${total.toLocaleString('en-US')} issues scanned`
    : `${plural(progress.issuesScanned, 'issue')} scanned so far`;
}

export function ScanProgress({ progress, first }: ScanProgressProps) {
  const words = progressWords(progress);
  return (
    <div style={{ ...s.card, ...s.stack('space.100'), flex: 'none' }} data-testid="scan-progress">
      <strong>{first ? 'Checking the five planning levels…' : 'Rescanning the project…'}</strong>
      <ProgressBar
        ariaLabel={`Scan progress: ${words}`}
        value={progress.fraction ?? undefined}
        isIndeterminate={progress.fraction === null}
      />
      <span role="status" style={s.subtle}>
        {words}
      </span>
      {first && <span style={s.subtlest}>The first scan reads every issue of the project once; later views answer from its result at once.</span>}
    </div>
  );
}
