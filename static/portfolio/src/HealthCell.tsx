/**
 * One heat-map cell's content: the score as a number and its health band in words, on the
 * band's colour (design tokens, so both themes work). The words and the number carry the
 * meaning; the colour only repeats it.
 */
import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';
import { HEALTH_LABEL, type HealthBand } from '../../../src/frontend/shared/health';
import { visuallyHidden } from '../../shared/styles';
import { ProjectLink, type ProjectLinks } from './ProjectLink';

const BAND_BACKGROUND: Record<HealthBand, string> = {
  healthy: token('color.background.success'),
  drifting: token('color.background.information'),
  attention: token('color.background.warning'),
  'at-risk': token('color.background.danger'),
  absent: token('color.background.neutral'),
};

const BAND_EDGE: Record<HealthBand, string> = {
  healthy: token('color.border.success'),
  drifting: token('color.border.information'),
  attention: token('color.border.warning'),
  'at-risk': token('color.border.danger'),
  absent: token('color.border.bold'),
};

const bandSwatch = (band: HealthBand): CSSProperties => ({
  display: 'flex',
  flexDirection: 'column',
  alignItems: 'flex-start',
  gap: token('space.025'),
  minWidth: 0,
  padding: `${token('space.075')} ${token('space.100')}`,
  borderRadius: token('radius.small'),
  borderInlineStart: `${token('border.width.selected')} solid ${BAND_EDGE[band]}`,
  backgroundColor: BAND_BACKGROUND[band],
  color: token('color.text'),
  textDecoration: 'none',
});

const number: CSSProperties = { font: token('font.heading.small'), fontVariantNumeric: 'tabular-nums' };
const word: CSSProperties = { font: token('font.body.small'), color: token('color.text.subtle') };

export interface HealthCellProps {
  score: number;
  band: HealthBand;
  /** The project page the cell opens, and what the link's name starts with (project and level), before the cell's own words. */
  link?: { project: { key: string; url?: string }; links: ProjectLinks; label: string };
}

export function HealthCell({ score, band, link }: HealthCellProps) {
  const content = (
    <>
      <span style={number} data-testid="score">
        {score}
      </span>{' '}
      <span style={word} data-testid="band">
        {HEALTH_LABEL[band]}
      </span>
    </>
  );
  if (link === undefined) {
    return (
      <span style={bandSwatch(band)} data-band={band}>
        {content}
      </span>
    );
  }
  return (
    <ProjectLink project={link.project} links={link.links} style={bandSwatch(band)} data-band={band}>
      <span style={visuallyHidden}>{link.label}: </span>
      {content}
    </ProjectLink>
  );
}
