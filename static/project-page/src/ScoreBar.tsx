import { token } from '@atlaskit/tokens';
import { scoreBand } from '../../../src/frontend/shared/words';
import * as s from './styles';

export interface ScoreBarProps {
  score: number;
  absent: boolean;
  /** What the bar measures, for assistive technology. */
  label: string;
  showNumber?: boolean;
}

/** A horizontal bar coloured by the score's band, with the number beside it. */
export function ScoreBar({ score, absent, label, showNumber = true }: ScoreBarProps) {
  const band = scoreBand(score, absent);
  return (
    <div style={{ ...s.inline('space.100'), flexWrap: 'nowrap' }}>
      <div
        style={s.track}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={score}
        aria-valuetext={absent ? 'absent' : `${score} out of 100`}
      >
        <div style={s.fill(band, score)} data-band={band} />
      </div>
      {showNumber && (
        <span style={{ ...s.numeric, minWidth: '3ch', fontWeight: token('font.weight.semibold') }} data-testid="score">
          {score}
        </span>
      )}
    </div>
  );
}
