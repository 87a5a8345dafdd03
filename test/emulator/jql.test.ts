import { JqlError, matches, parseJql, sortSubjects, type JqlSubject } from '../../dev/emulator/jql';

const subject = (key: string, extra: Partial<JqlSubject> = {}): JqlSubject => ({
  id: String(1000 + Number(key.split('-')[1])),
  key,
  projectKey: key.split('-')[0]!,
  projectId: '10',
  parentKey: undefined,
  parentId: undefined,
  statusCategoryKey: 'new',
  created: '2025-01-01T00:00:00.000+0000',
  updated: '2025-01-01T00:00:00.000+0000',
  ...extra,
});

describe('the emulator JQL subset', () => {
  test('project, keys, parents and status categories, joined by AND', () => {
    const q = parseJql('project = "TINY" AND statusCategory != Done AND parent in (TINY-2, TINY-3)');
    expect(matches(q, subject('TINY-4', { parentKey: 'TINY-3', statusCategoryKey: 'indeterminate' }))).toBe(true);
    expect(matches(q, subject('TINY-4', { parentKey: 'TINY-3', statusCategoryKey: 'done' }))).toBe(false);
    expect(matches(q, subject('TINY-4', { parentKey: 'TINY-9' }))).toBe(false);
    expect(matches(q, subject('OTHER-4', { parentKey: 'TINY-3' }))).toBe(false);
    expect(matches(parseJql('issuekey in (TINY-1, 1002)'), subject('TINY-2'))).toBe(true);
    expect(matches(parseJql('key = tiny-1'), subject('TINY-1'))).toBe(true);
    expect(matches(parseJql('statusCategory in ("To Do", "In Progress")'), subject('TINY-1'))).toBe(true);
    expect(matches(parseJql('statusCategory not in ("To Do")'), subject('TINY-1'))).toBe(false);
    expect(matches(parseJql('project = 10'), subject('TINY-1'))).toBe(true);
  });

  test('ORDER BY key sorts by issue number, created and updated by time', () => {
    const items = [subject('A-10', { updated: '2025-03-01T00:00:00Z' }), subject('A-9', { updated: '2025-01-01T00:00:00Z' }), subject('A-100', { updated: '2025-02-01T00:00:00Z' })];
    expect(sortSubjects([...items], parseJql('project = A ORDER BY key ASC').orderBy).map((s) => s.key)).toEqual(['A-9', 'A-10', 'A-100']);
    expect(sortSubjects([...items], parseJql('project = A order by KEY desc').orderBy).map((s) => s.key)).toEqual(['A-100', 'A-10', 'A-9']);
    expect(sortSubjects([...items], parseJql('project = A ORDER BY updated DESC').orderBy).map((s) => s.key)).toEqual(['A-10', 'A-100', 'A-9']);
  });

  test('key >= / > / < / <= compare key numbers within the bound\'s project (PROJ-9 < PROJ-10), quoted or not', () => {
    const keys = ['A-1', 'A-9', 'A-10', 'A-99', 'A-100', 'B-50'];
    const keysOf = (jql: string) => keys.filter((k) => matches(parseJql(jql), subject(k)));
    expect(keysOf('key >= A-10')).toEqual(['A-10', 'A-99', 'A-100']);
    expect(keysOf('issuekey > "A-10"')).toEqual(['A-99', 'A-100']);
    expect(keysOf('key < A-10')).toEqual(['A-1', 'A-9']);
    expect(keysOf('key <= a-10')).toEqual(['A-1', 'A-9', 'A-10']);
    expect(keysOf('project = "A" AND key >= "A-9" AND key < "A-100" ORDER BY key ASC')).toEqual(['A-9', 'A-10', 'A-99']);
    // Another project's keys are outside the range whatever their number; a bound need not be an existing issue.
    expect(keysOf('key >= A-50')).toEqual(['A-99', 'A-100']);
    expect(keysOf('key > B-0')).toEqual(['B-50']);
    expect(parseJql('key >= A-10 AND key < A-20').keyRanges).toEqual([
      { op: '>=', projectKey: 'A', number: 10 },
      { op: '<', projectKey: 'A', number: 20 },
    ]);
  });

  test.each([
    ['key >= 10', /The issue key '10' for field 'key' is invalid/],
    ['key > A-x', /The issue key 'A-x' for field 'key' is invalid/],
    ['key >= (A-1)', /'\('/],
    ['parent > A-1', /'>'/],
  ])('rejects the key range %j', (jql, message) => {
    expect(() => parseJql(jql)).toThrow(JqlError);
    expect(() => parseJql(jql)).toThrow(message);
  });

  test.each([
    ['project = A OR project = B', /'OR'/],
    ['summary ~ "x"', /Field 'summary' does not exist/],
    ['ORDER BY key', /Unbounded JQL/],
    ['', /Unbounded JQL/],
    ['project = "A', /not closed/],
    ['project = A ORDER BY rank', /'rank'/],
    ['project in (A, ', /Expecting more input/],
    ['project = A; DROP', /reserved JQL character/],
  ])('rejects %j', (jql, message) => {
    expect(() => parseJql(jql)).toThrow(JqlError);
    expect(() => parseJql(jql)).toThrow(message);
  });
});

describe('updated and created against epoch milliseconds', () => {
  const subject = (updated: string): JqlSubject => ({
    id: '1', key: 'A-1', projectKey: 'A', projectId: '10', parentKey: undefined, parentId: undefined, statusCategoryKey: 'new', created: updated, updated,
  });
  const at = Date.parse('2026-03-02T10:00:00.000Z');

  test('reads unquoted numbers as milliseconds since the epoch, whatever the offset the timestamp is written in', () => {
    const q = parseJql(`project = A AND updated >= ${at} ORDER BY key ASC`);
    expect(q.times).toEqual([{ field: 'updated', op: '>=', epochMs: at }]);
    expect(matches(q, subject('2026-03-02T10:00:00.000+0000'))).toBe(true);
    expect(matches(q, subject('2026-03-02T11:59:59.000+0200'))).toBe(false); // 09:59:59 UTC
    expect(matches(q, subject('2026-03-02T05:00:00.000-0500'))).toBe(true); // 10:00 UTC
    expect(matches(parseJql(`created < ${at}`), subject('2026-03-02T09:59:59.999Z'))).toBe(true);
  });

  test('refuses quoted dates, which Jira would read in the user\'s time zone', () => {
    expect(() => parseJql('project = A AND updated >= "2026-03-02 10:00"')).toThrow(/milliseconds since the epoch, unquoted/);
  });
});
