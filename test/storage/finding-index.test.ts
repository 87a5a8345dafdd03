/**
 * The findings-by-issue index: every finding about an issue in the one bucket of its key, each
 * bucket under its byte limit however many findings there are, and the panel's read of a few
 * issues costs the summary and one read per bucket.
 */
import type { FindingDto } from '../../src/contract/resolvers';
import { bucketOf, buildIndex, INDEX_BUCKET_LIMIT_BYTES } from '../../src/storage/finding-index';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { memoryScanResultStore } from '../../src/storage/scan-result-store';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import { issue, project, run } from '../helpers/builders';

const stale = (key: string, n: number): FindingDto => ({
  kind: 'stale',
  level: 5,
  issueKey: key,
  subjectLabel: key,
  message: `Story ${key} has been in progress without an update for ${n} business days (more than 2), while the team moved on around it.`,
});

test('each key in one bucket; buckets stay under the limit however many findings', () => {
  const findings = Array.from({ length: 40_000 }, (_, i) => stale(`BIG-${i % 20_000}`, i));
  findings.push({ kind: 'no-upcoming', level: 3, subjectLabel: 'Release (level 3)', message: 'No unreleased version is due.' });
  const buckets = buildIndex(findings);
  expect(buckets.length).toBeGreaterThan(1);
  for (const bucket of buckets) expect(Buffer.byteLength(JSON.stringify(bucket))).toBeLessThanOrEqual(INDEX_BUCKET_LIMIT_BYTES);
  const inBucket = buckets[bucketOf('BIG-7', buckets.length)]!;
  expect(inBucket['BIG-7']!.map((f) => f.message)).toEqual(findings.filter((f) => f.issueKey === 'BIG-7').map((f) => f.message));
  // Level-wide findings are about no issue: not indexed.
  expect(buckets.flatMap((b) => Object.values(b)).flat()).toHaveLength(40_000);
});

test('the stored result answers the findings of a few issues in a few reads, and a new result replaces the old buckets', async () => {
  const kv = new MemoryKeyValueStore();
  const results = memoryScanResultStore(kv);
  const data = project({ issues: Array.from({ length: 3000 }, (_, i) => issue(`T-${i + 1}`, { statusName: 'In Progress', statusCategory: 'indeterminate', updated: '2025-01-02T10:00:00.000+0000' })) });
  const report = run(data, '2025-04-10');
  await results.put({ projectKey: 'T', runId: 'run1', issueCount: 3000, scanDurationMs: 0, searchPages: 30 }, toStoredHealth(report, { projectKey: 'T', data }, '2025-04-10T06:00:00.000Z'));
  const before = kv.counts.get;
  const found = await results.findingsOfIssues('T', ['T-1', 'T-2', 'T-3000']);
  expect(kv.counts.get - before).toBeLessThanOrEqual(4);
  expect(found!.computedAt).toBe('2025-04-10T06:00:00.000Z');
  expect(found!.byIssue.get('T-3000')!.map((f) => f.kind)).toEqual(report.findings.filter((f) => f.issueKey === 'T-3000').map((f) => f.kind));
  await results.put({ projectKey: 'T', runId: 'run2', issueCount: 3000, scanDurationMs: 0, searchPages: 30 }, toStoredHealth(report, { projectKey: 'T', data }, '2025-04-11T06:00:00.000Z'));
  expect(kv.size('res:T:run1:').keys).toBe(0);
  expect((await results.findingsOfIssues('T', ['T-1']))!.runId).toBe('run2');
  expect(await results.findingsOfIssues('NONE', ['NONE-1'])).toBeNull();
});
