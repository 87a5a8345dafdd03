/**
 * A link to a project's page in Jira (the app's project page, as the resolver gives its URL).
 * A plain click navigates Jira through the Forge router (the app runs in a frame); a modifier
 * click keeps the browser's own behaviour (a new tab) through the href.
 */
import { token } from '@atlaskit/tokens';
import type { CSSProperties, MouseEvent, ReactNode } from 'react';

export interface ProjectLinkProps {
  url: string;
  onOpenUrl?: (url: string) => void;
  children: ReactNode;
  /** The accessible name, when the visible text needs its context (a heat-map cell). */
  label?: string;
  style?: CSSProperties;
  'data-band'?: string;
}

const linkStyle: CSSProperties = { color: token('color.link') };

export function ProjectLink({ url, onOpenUrl, children, label, style, ...rest }: ProjectLinkProps) {
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!onOpenUrl || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    onOpenUrl(url);
  };
  return (
    <a href={url} target="_top" style={style ?? linkStyle} aria-label={label} onClick={open} {...rest}>
      {children}
    </a>
  );
}
