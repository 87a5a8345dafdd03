/**
 * "How is this scored?": the score formula, what counts as an item at each level, the level-wide
 * penalty and the health bands, in words (src/core/score.ts and src/core/rules/presence.ts are
 * the source; docs/design-notes.md says the same).
 */
import { token } from '@atlaskit/tokens';
import { useId, useState } from 'react';
import { LEVEL_WIDE_PENALTY } from '../../../src/core/score';
import { LEVELS, LEVEL_INFO, type Level } from '../../../src/core/levels';
import { HEALTH_LABEL, HEALTH_RULES, type HealthBand } from '../../../src/frontend/shared/health';
import * as s from '../../shared/styles';

/** What counts as an item at each level (src/core/rules/presence.ts, levelItems). */
const ITEMS_COUNTED: Record<Level, string> = {
  1: 'initiatives and other issues at or above the vision level (also parents seen only through their children)',
  2: 'epics (also epics seen only through their children)',
  3: 'fix versions plus the open stories, tasks and bugs planned into an active or future sprint (each should carry a fix version)',
  4: 'the boards’ sprints plus the project’s stories, tasks and bugs',
  5: 'stories, tasks and bugs in progress plus all sub-tasks',
};

/** The same, in a few words for the Items column. */
export const ITEMS_SHORT: Record<Level, string> = {
  1: 'initiatives',
  2: 'epics',
  3: 'versions + planned issues',
  4: 'sprints + issues',
  5: 'in progress + sub-tasks',
};

const BANDS: HealthBand[] = ['healthy', 'drifting', 'attention', 'at-risk', 'absent'];

export function ScoringExplained() {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div style={s.stack('space.100')} data-testid="scoring-explained">
      <div>
        <button type="button" style={s.disclosure} aria-expanded={open} aria-controls={id} onClick={() => setOpen((v) => !v)}>
          <span aria-hidden="true" style={{ display: 'inline-block', width: '1em' }}>
            {open ? '▾' : '▸'}
          </span>
          How is this scored?
        </button>
      </div>
      {open && (
      <div id={id} style={{ ...s.stack('space.150'), ...s.explainBox }}>
        <p style={{ margin: 0 }}>
          <strong>Score.</strong> Each level starts at 100. It loses the share of its items that have at least one finding: 3 flagged
          items out of 30 cost 10 points. Then each finding about the level as a whole (“Nothing upcoming”) costs another{' '}
          {LEVEL_WIDE_PENALTY} points. The score stays between 0 and 100, and an absent level scores 0.
        </p>
        <div>
          <strong>Items</strong> are what a level holds:
          <ul style={s.list}>
            {LEVELS.map((l) => (
              <li key={l}>
                {LEVEL_INFO[l].name}: {ITEMS_COUNTED[l]}.
              </li>
            ))}
          </ul>
          <span style={s.subtle}>
            So a level can count more items than it has versions or sprints; an absent level is scored 0 whatever it counts.
          </span>
        </div>
        <div>
          <strong>Health</strong> reads the score and the findings together:
          <ul style={s.list}>
            {BANDS.map((b) => (
              <li key={b}>
                <span style={{ fontWeight: token('font.weight.semibold') }}>{HEALTH_LABEL[b]}</span>: {HEALTH_RULES[b]}
              </li>
            ))}
          </ul>
        </div>
        <p style={{ margin: 0 }}>
          <strong>Weakest level</strong>: the lowest score; on a tie, the level higher up, because it feeds the ones below. Where a level is
          absent the page lists only its “Level absent” finding; the report keeps the others.
        </p>
      </div>
      )}
    </div>
  );
}
