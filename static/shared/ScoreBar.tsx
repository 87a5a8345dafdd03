import { token } from '@atlaskit/tokens';
import type { HealthBand } from '../../src/frontend/shared/health';
import * as s from './styles';

export interface ScoreBarProps {
  score: number;
  /** The colour: the level's health (score and findings together), so bar and label agree. */
  band: HealthBand;
  /** What the bar measures, for assistive technology. */
  label: string;
  showNumber?: boolean;
}

/** A horizontal bar coloured by the level's health, with the number beside it. */
export function ScoreBar({ score, band, label, showNumber = true }: ScoreBarProps) {
  return (
    <div style={{ ...s.inline('space.100'), flexWrap: 'nowrap' }}>
      <div
        style={s.track}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={score}
        aria-valuetext={band === 'absent' ? 'absent' : `${score} out of 100`}
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
