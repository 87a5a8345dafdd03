import { token } from '@atlaskit/tokens';

/** The page's own background, text colour and font, all from design tokens. */
export function applyPageSurface(doc: Document): void {
  const { style } = doc.body;
  style.margin = '0';
  style.backgroundColor = token('elevation.surface');
  style.color = token('color.text');
  style.font = token('font.body');
}
