/** Inline styles of both Custom UI resources; every colour, space, radius and font is a design token. */
import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';
import type { HealthBand } from '../../src/frontend/shared/health';

export const page: CSSProperties = {
  boxSizing: 'border-box',
  maxWidth: 1200,
  margin: '0 auto',
  padding: `${token('space.300')} ${token('space.400')}`,
  color: token('color.text'),
  font: token('font.body'),
};

export const card: CSSProperties = {
  flex: '1 1 320px',
  minWidth: 0,
  padding: token('space.250'),
  borderRadius: token('radius.large'),
  backgroundColor: token('elevation.surface.raised'),
  boxShadow: token('elevation.shadow.raised'),
};

export const cardRow: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: token('space.200'),
};

export const subtle: CSSProperties = { color: token('color.text.subtle') };
export const subtlest: CSSProperties = { color: token('color.text.subtlest'), font: token('font.body.small') };
export const eyebrow: CSSProperties = {
  margin: 0,
  color: token('color.text.subtle'),
  font: token('font.body.small'),
  fontWeight: token('font.weight.semibold'),
  textTransform: 'uppercase',
  letterSpacing: '0.04em',
};
export const bigNumber: CSSProperties = { font: token('font.heading.xlarge'), color: token('color.text') };

export const table: CSSProperties = { width: '100%', borderCollapse: 'collapse' };
export const caption: CSSProperties = { textAlign: 'left', paddingBlockEnd: token('space.100'), ...subtle };
export const th: CSSProperties = {
  textAlign: 'left',
  verticalAlign: 'bottom',
  padding: `${token('space.100')} ${token('space.150')}`,
  borderBottom: `${token('border.width.selected')} solid ${token('color.border')}`,
  color: token('color.text.subtle'),
  font: token('font.body.small'),
  fontWeight: token('font.weight.bold'),
  whiteSpace: 'nowrap',
};
export const td: CSSProperties = {
  padding: `${token('space.150')} ${token('space.150')}`,
  borderBottom: `${token('border.width')} solid ${token('color.border')}`,
  verticalAlign: 'middle',
};
export const numeric: CSSProperties = { textAlign: 'right', fontVariantNumeric: 'tabular-nums' };
export const expandedRow: CSSProperties = { backgroundColor: token('color.background.neutral.subtle.hovered') };
export const detailCell: CSSProperties = {
  padding: `${token('space.100')} ${token('space.300')} ${token('space.300')}`,
  borderBottom: `${token('border.width')} solid ${token('color.border')}`,
  backgroundColor: token('elevation.surface.sunken'),
};

export const levelBadge = (weakest: boolean): CSSProperties => ({
  display: 'inline-flex',
  alignItems: 'center',
  justifyContent: 'center',
  flex: 'none',
  width: token('space.400'),
  height: token('space.400'),
  borderRadius: token('radius.full'),
  backgroundColor: weakest ? token('color.background.danger') : token('color.background.neutral'),
  color: weakest ? token('color.text.danger') : token('color.text'),
  fontWeight: token('font.weight.bold'),
});

const BAND_FILL: Record<HealthBand, string> = {
  healthy: token('color.background.success.bold'),
  drifting: token('color.background.information.bold'),
  attention: token('color.background.warning.bold'),
  'at-risk': token('color.background.danger.bold'),
  absent: token('color.background.neutral.bold'),
};

export const track: CSSProperties = {
  position: 'relative',
  flex: '1 1 auto',
  minWidth: 80,
  height: token('space.100'),
  borderRadius: token('radius.small'),
  backgroundColor: token('color.background.neutral'),
  overflow: 'hidden',
};

export const fill = (band: HealthBand, value: number): CSSProperties => ({
  width: `${Math.max(0, Math.min(100, value))}%`,
  height: '100%',
  borderRadius: token('radius.small'),
  backgroundColor: BAND_FILL[band],
});

export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

export const stack = (space: Parameters<typeof token>[0]): CSSProperties => ({
  display: 'flex',
  flexDirection: 'column',
  gap: token(space),
});

export const inline = (space: Parameters<typeof token>[0]): CSSProperties => ({
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: token(space),
});

export const list: CSSProperties = { margin: 0, paddingInlineStart: token('space.250') };

/** A text button that opens a disclosure (Atlaskit's subtle link look). */
export const disclosure: CSSProperties = {
  display: 'inline-flex',
  alignItems: 'center',
  gap: token('space.050'),
  padding: `${token('space.050')} 0`,
  border: 0,
  background: 'none',
  color: token('color.link'),
  font: token('font.body'),
  fontWeight: token('font.weight.medium'),
  cursor: 'pointer',
};

export const explainBox: CSSProperties = {
  padding: token('space.200'),
  borderRadius: token('radius.medium'),
  backgroundColor: token('color.background.neutral.subtle.hovered'),
};

/** A column header that sorts: looks like the header text (left-aligned when it wraps). */
export const sortButton: CSSProperties = {
  padding: 0,
  textAlign: 'left',
  border: 0,
  background: 'none',
  color: 'inherit',
  font: 'inherit',
  fontWeight: 'inherit',
  cursor: 'pointer',
};

export const select: CSSProperties = {
  minHeight: token('space.400'),
  padding: `0 ${token('space.100')}`,
  borderRadius: token('radius.small'),
  border: `${token('border.width')} solid ${token('color.border.input')}`,
  backgroundColor: token('color.background.input'),
  color: token('color.text'),
  font: token('font.body'),
  maxWidth: '100%',
};
