/**
 * A link to a project's page of the app (jira:projectPage) for one project. Jira builds the
 * address: the links come from the Forge router (a `module` location with the project's key),
 * so a plain click navigates Jira and a modifier click opens the address in a new tab. Until the
 * address is known (or where the host cannot tell it) the link is a button that navigates.
 */
import { token } from '@atlaskit/tokens';
import type { CSSProperties, MouseEvent, ReactNode } from 'react';

/** How the views reach a project's page: its address (when known) and the navigation. */
export interface ProjectLinks {
  href: (projectKey: string) => string | undefined;
  open: (projectKey: string) => void;
}

export interface ProjectLinkProps {
  project: { key: string; url?: string };
  links: ProjectLinks;
  children: ReactNode;
  /** The accessible name, when the visible text needs its context (a heat-map cell). */
  label?: string;
  style?: CSSProperties;
  'data-band'?: string;
}

const linkStyle: CSSProperties = { color: token('color.link') };
const asLink: CSSProperties = { padding: 0, border: 0, background: 'none', font: 'inherit', textAlign: 'inherit', cursor: 'pointer', textDecoration: 'underline' };

export function ProjectLink({ project, links, children, label, style, ...rest }: ProjectLinkProps) {
  const href = project.url ?? links.href(project.key);
  const open = (event: MouseEvent<HTMLElement>) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    links.open(project.key);
  };
  if (href === undefined) {
    return (
      <button type="button" style={{ ...asLink, ...linkStyle, ...style }} aria-label={label} onClick={open} {...rest}>
        {children}
      </button>
    );
  }
  return (
    <a href={href} target="_top" style={style ?? linkStyle} aria-label={label} onClick={open} {...rest}>
      {children}
    </a>
  );
}
