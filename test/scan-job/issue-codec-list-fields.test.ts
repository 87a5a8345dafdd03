/**
 * The stored issue codec keeps the findings table's columns (assignee, creation) exactly, and
 * still reads the 12-element tuples stored before them.
 */
import { decodeIssue, encodeIssue, isIssueTuple } from '../../src/scan-state/issue-codec';
import { toIssueRecord } from '../../src/jira/project-data';
import { searchFieldsFor } from '../../src/jira/scan';
import { CORE_ISSUE_FIELDS } from '../../src/jira/client';
import { issue } from '../helpers/builders';

describe('the list fields of an issue', () => {
  it('round-trip through the codec: assigned, unassigned, and neither known', () => {
    for (const record of [
      issue('FIX-1', { assignee: 'Mia Krystof', created: '2025-01-02T09:00:00.000+0100' }),
      issue('FIX-2', { assignee: null, created: '2025-01-02T09:00:00.000+0100' }),
      issue('FIX-3'),
    ]) {
      const tuple = encodeIssue(record);
      expect(isIssueTuple(JSON.parse(JSON.stringify(tuple)))).toBe(true);
      expect(decodeIssue(JSON.parse(JSON.stringify(tuple)))).toEqual(record);
    }
    expect(encodeIssue(issue('FIX-3'))).toHaveLength(12);
  });

  it('refuses a tuple whose list fields are of the wrong type', () => {
    const tuple = [...encodeIssue(issue('FIX-1', { assignee: 'A', created: 'x' }))];
    tuple[12] = 5 as never;
    expect(isIssueTuple(tuple)).toBe(false);
    expect(isIssueTuple(tuple.slice(0, 13))).toBe(false);
  });

  it('come from the search: the display name, null when unassigned, nothing when not asked for', () => {
    const base = { id: '1', key: 'FIX-1', fields: { summary: 's', issuetype: { name: 'Story', hierarchyLevel: 0 }, status: { name: 'To Do', statusCategory: { key: 'new' } }, updated: '2025-04-09T10:00:00.000+0000' } };
    const types = new Map();
    expect(toIssueRecord({ ...base, fields: { ...base.fields, assignee: { displayName: 'Mia Krystof' }, created: '2025-01-02T09:00:00.000+0100' } }, { sprintFieldId: undefined }, types)).toMatchObject({
      assignee: 'Mia Krystof',
      created: '2025-01-02T09:00:00.000+0100',
    });
    expect(toIssueRecord({ ...base, fields: { ...base.fields, assignee: null } }, { sprintFieldId: undefined }, types).assignee).toBeNull();
    const neither = toIssueRecord(base, { sprintFieldId: undefined }, types);
    expect(neither).not.toHaveProperty('assignee');
    expect(neither).not.toHaveProperty('created');
  });

  it('are asked for by the scan once each, beside the core fields and the sprint field', () => {
    const fields = searchFieldsFor('customfield_10020');
    expect(fields).toEqual(expect.arrayContaining([...CORE_ISSUE_FIELDS, 'assignee', 'created', 'customfield_10020']));
    expect(new Set(fields).size).toBe(fields.length);
    expect(searchFieldsFor(undefined)).not.toContain(undefined);
  });
});
