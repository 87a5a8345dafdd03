import type { FindingDto } from '../../src/contract/resolvers';
import { allFindings } from '../../static/project-page/src/AllFindingsCsv';
import { CSV_HEADER, findingsCsv } from '../../static/project-page/src/findings-csv';
import { issueSearch, issueSearchLabel, MAX_SEARCH_JQL_LENGTH, nextStep, whereToFix } from '../../static/project-page/src/next-steps';
import { parseCsv } from '../helpers/csv';
import { health, healthFindings } from './fixtures';

describe('findings as CSV', () => {
  it('holds exactly the findings, one row each, with the next step and the link', () => {
    const tricky: FindingDto = { kind: 'stale', level: 2, issueKey: 'ACME-3', subjectLabel: 'ACME-3', message: 'Epic "Payments, EU" is stale\nsince May.' };
    const findings = [...healthFindings, tricky];
    const rows = parseCsv(findingsCsv(findings, '2026-11-20'));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.slice(1)).toEqual(
      findings.map((f) => [String(f.level), expect.any(String), f.kind, expect.any(String), f.subjectLabel, f.message, nextStep(f), f.url ?? '', expect.any(String), expect.any(String), expect.any(String), expect.any(String)]),
    );
    expect(rows[rows.length - 1]![5]).toBe('Epic "Payments, EU" is stale\nsince May.');
  });

  it('adds the issue columns: assignee (empty for a sprint), status, creation date and age in days at the as-of date', () => {
    const rows = parseCsv(
      findingsCsv(
        [
          { kind: 'stale', level: 5, issueKey: 'ACME-3', subjectLabel: 'ACME-3', message: 'm', assignee: 'Mia Krystof', status: { name: 'In Review', category: 'indeterminate' }, created: '2026-11-01T23:30:00.000-0700' },
          { kind: 'carry-over', level: 4, issueKey: 'ACME-4', subjectLabel: 'ACME-4', message: 'm', assignee: null, status: { name: 'To Do', category: 'new' }, created: '2026-11-20T08:00:00.000+0100' },
          { kind: 'sprint-length', level: 4, sprintId: 5, subjectLabel: 'Sprint 5', message: 'm' },
        ],
        '2026-11-20',
      ),
    );
    expect(rows.slice(1).map((r) => r.slice(8))).toEqual([
      ['Mia Krystof', 'In Review', '2026-11-01', '19'],
      ['Unassigned', 'To Do', '2026-11-20', '0'],
      ['', '', '', ''],
    ]);
  });

  it('keeps a spreadsheet from running a field as a formula', () => {
    const evil: FindingDto = { kind: 'stale', level: 2, issueKey: 'ACME-3', subjectLabel: '=HYPERLINK("x")', message: '+1' };
    const rows = parseCsv(findingsCsv([evil], '2026-11-20'));
    expect(rows[1]![4]).toBe('\'=HYPERLINK("x")');
    expect(rows[1]![5]).toBe("'+1");
  });

  it('exports all findings: the result’s and every further page, only "Level absent" for an absent level', async () => {
    const extra: FindingDto = { kind: 'missing-release', level: 3, issueKey: 'ACME-77', subjectLabel: 'ACME-77', message: 'ACME-77 has no fix version.' };
    const levels = health.levels.map((l) => (l.level === 1 ? { ...l, findings: 2 } : l));
    const findings = [...healthFindings, { kind: 'no-upcoming' as const, level: 1 as const, subjectLabel: '', message: 'Nothing upcoming.' }];
    const calls: [number, number][] = [];
    const all = await allFindings({
      levels,
      findings,
      nextOffset: { 1: null, 2: null, 3: 2, 4: null, 5: null },
      loadMore: async (level, offset) => {
        calls.push([level, offset]);
        return { ok: true, data: { level, offset, total: 3, findings: [extra], hidden: 0, nextOffset: null } };
      },
    });
    expect(calls).toEqual([[3, 2]]);
    expect(all.map((f) => `${f.level} ${f.kind} ${f.subjectLabel}`)).toEqual([
      '1 level-absent ',
      '2 stale ACME-2',
      '3 release-interval Version 2.0',
      '3 missing-release ACME-9',
      '3 missing-release ACME-77',
      '4 sprint-length ACME Sprint 5',
    ]);
    expect(parseCsv(findingsCsv(all, '2026-11-20'))).toHaveLength(all.length + 1);
  });
});

describe('next steps', () => {
  it('names a Jira action for every kind and where to do it', () => {
    expect(nextStep({ kind: 'missing-release', level: 3 })).toBe('Set a Fix version on it.');
    expect(nextStep({ kind: 'level-absent', level: 3 })).toMatch(/^In Releases, create a version/);
    const links = { siteUrl: 'https://acme.atlassian.net/', projectKey: 'ACME' };
    expect(whereToFix({ kind: 'no-upcoming', level: 3 }, links)).toEqual({ url: 'https://acme.atlassian.net/projects/ACME/versions', label: 'Open Releases' });
    expect(whereToFix({ kind: 'stale', level: 2, url: 'https://acme.atlassian.net/browse/ACME-2' }, links)?.url).toBe('https://acme.atlassian.net/browse/ACME-2');
    expect(whereToFix({ kind: 'level-absent', level: 5 }, links)).toBeNull();
  });

  it('builds the JQL search only from valid issue keys', () => {
    const search = issueSearch('https://acme.atlassian.net', ['ACME-2', 'ACME-2', 'ACME-10', 'x) OR project = SECRET', 'acme-1']);
    expect(search?.url).toBe(`https://acme.atlassian.net/issues/?jql=${encodeURIComponent('key in (ACME-2, ACME-10) ORDER BY key ASC')}`);
    expect(search && issueSearchLabel(search)).toBe('Open these 2 issues in Jira');
    expect(issueSearch('https://acme.atlassian.net', ['not a key'])).toBeNull();
    expect(issueSearch('', ['ACME-1'])).toBeNull();
  });

  it('caps the JQL of a long list, keeps the first keys whole, and says so', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `ACME-${i + 1}`);
    const search = issueSearch('https://acme.atlassian.net', keys)!;
    const jql = decodeURIComponent(search.url.slice(search.url.indexOf('jql=') + 4));
    expect(jql.length).toBeLessThanOrEqual(MAX_SEARCH_JQL_LENGTH);
    expect(search.total).toBe(1000);
    expect(search.included).toBeLessThan(1000);
    expect(jql).toBe(`key in (${keys.slice(0, search.included).join(', ')}) ORDER BY key ASC`);
    // One more key would not have fitted.
    expect(`key in (${keys.slice(0, search.included + 1).join(', ')}) ORDER BY key ASC`.length).toBeGreaterThan(MAX_SEARCH_JQL_LENGTH);
    expect(issueSearchLabel(search)).toBe(`Open the first ${search.included} of 1000 issues in Jira`);
  });
});
