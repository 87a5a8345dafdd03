/**
 * The site the health and chain tests read: project ACME (initiative → epic → story → sub-task,
 * a story without an epic, a story under an epic of project OTHER, a done epic with an open
 * story), versions and sprints; and the viewers who see different parts of it.
 */
import { FakeSite, type Viewer } from './fakes';

export const SECRET_SUMMARY = 'Secret merger plan';
export const OTHER_SUMMARY = 'Confidential OTHER epic';

export function acmeSite(): FakeSite {
  const site = new FakeSite().add(
    { key: 'ACME-1', type: 'initiative', status: 'doing', summary: 'Grow the platform' },
    { key: 'ACME-2', type: 'epic', status: 'doing', parent: 'ACME-1', summary: 'Self-service onboarding' },
    { key: 'ACME-3', type: 'story', status: 'done', parent: 'ACME-2', sprints: [2], fixVersions: ['11'], summary: SECRET_SUMMARY },
    { key: 'ACME-4', type: 'story', sprints: [2], summary: 'Orphan story' },
    { key: 'ACME-5', type: 'story', parent: 'OTHER-1', sprints: [2], fixVersions: ['11'], summary: 'Story under another project' },
    { key: 'ACME-6', type: 'subtask', status: 'doing', parent: 'ACME-3', summary: 'Sub-task of the secret story' },
    { key: 'ACME-7', type: 'epic', status: 'done', parent: 'ACME-1', summary: 'Finished epic' },
    { key: 'ACME-8', type: 'story', parent: 'ACME-7', fixVersions: ['11'], summary: 'Open story under a done epic' },
    { key: 'OTHER-1', type: 'epic', status: 'done', summary: OTHER_SUMMARY },
  );
  site.versions.set('ACME', [
    { id: '10', name: '2.2', released: true, archived: false, releaseDate: '2025-01-10' },
    { id: '11', name: '2.3', released: false, archived: false, releaseDate: '2025-05-01' },
    { id: '12', name: '2.1.1', released: false, archived: false, releaseDate: '2025-03-01' },
  ]);
  site.sprints.set('ACME', [
    { id: 1, name: 'Sprint 1', state: 'closed', originBoardId: 1, startDate: '2025-03-24T09:00:00.000Z', endDate: '2025-04-07T09:00:00.000Z', completeDate: '2025-04-09T12:00:00.000Z' },
    { id: 2, name: 'Sprint 2', state: 'active', originBoardId: 1, startDate: '2025-04-07T09:00:00.000Z', endDate: '2025-04-21T09:00:00.000Z' },
  ]);
  return site;
}

/** May browse ACME but not OTHER. */
export const MEMBER_ACME: Viewer = { accountId: 'member-1', admin: false, projects: new Set(['ACME']) };
/** May browse ACME except ACME-3 (issue security). */
export const LIMITED: Viewer = { accountId: 'limited-1', admin: false, projects: new Set(['ACME']), restricted: new Set(['ACME-3']) };
