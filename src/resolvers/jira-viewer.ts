/**
 * The resolvers' Jira port on top of the Jira client: bound to one client (in the app, a Forge
 * transport that calls Jira as the viewing user).
 */
import type { JiraClient } from '../jira/client';
import { JiraForbiddenError, JiraNotFoundError } from '../jira/errors';
import { scanProject } from '../jira/scan';
import type { ViewerJira } from './ports';

export function viewerJiraFromClient(client: JiraClient): ViewerJira {
  return {
    loadProject: (projectKey) => scanProject(client, projectKey),
    async issue(issueKey) {
      try {
        return await client.issueWithParent(issueKey);
      } catch (error) {
        // Jira answers 404 for an issue the viewer may not browse, exactly as for a missing one.
        if (error instanceof JiraNotFoundError || error instanceof JiraForbiddenError) return null;
        throw error;
      }
    },
    async myPermissions(projectKey) {
      const wanted = projectKey === undefined ? ['ADMINISTER'] : ['ADMINISTER', 'BROWSE_PROJECTS'];
      const granted = await client.myPermissions(wanted, projectKey);
      return { administer: granted.ADMINISTER === true, browseProject: projectKey !== undefined && granted.BROWSE_PROJECTS === true };
    },
  };
}
