/**
 * The stored format belongs to storage (src/storage/schemas.ts), not to the resolver DTOs: a
 * result written by an earlier version of the app (when the wire DTO was the stored format) is
 * still read, fields that exist only on the DTO are never persisted, and a document that does
 * not match its schema is logged and read as missing.
 */
import { storedProjectHealthSchema, type StoredProjectHealth } from '../../src/storage/schemas';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { KvScanResultStore } from '../../src/storage/scan-result-store';
import { VersionedConfigStore } from '../../src/storage/config-store';
import { KvHistoryStore } from '../../src/storage/history-store';
import { KvScanStateStore } from '../../src/storage/scan-state-store';
import { configKeys, historyKey, resultKeys, scanKeys } from '../../src/storage/keys';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import { issue, project, run } from '../helpers/builders';

const data = project({ issues: [issue('T-1', { statusCategory: 'indeterminate', updated: '2025-01-02T10:00:00.000+0000' }), issue('T-2')] });
const health = (): StoredProjectHealth => toStoredHealth(run(data, '2025-04-10'), { projectKey: 'T', data }, '2025-04-10T06:00:00.000Z');
const meta = { projectKey: 'T', runId: 'run1', issueCount: 2, scanDurationMs: 5, searchPages: 1 };

/** A summary exactly as the app stored it before storage had its own format: the page's DTO, with `siteUrl` and a finding's `url`. */
function summaryOfTheDtoEra(h: StoredProjectHealth) {
  return {
    inline: {
      schema: 1,
      projectKey: 'T',
      runId: 'old1',
      health: { ...h, siteUrl: '', findings: h.findings.map((f) => ({ ...f, url: 'https://api.atlassian.com/ex/jira/x/browse/' + (f.issueKey ?? '') })) },
      findingTotals: { 1: 0, 2: 0, 3: 0, 4: 0, 5: h.findings.length },
      issueCount: 2,
      scanDurationMs: 5,
      searchPages: 1,
    },
  };
}

describe('stored documents have their own format', () => {
  it('reads a summary written when the DTO was the stored format, without the DTO-only fields', async () => {
    const h = health();
    expect(h.findings.length).toBeGreaterThan(0);
    const kv = new MemoryKeyValueStore();
    await kv.set(resultKeys.summary('T'), summaryOfTheDtoEra(h));
    const summary = await new KvScanResultStore(kv, () => undefined).summary('T');
    expect(summary).not.toBeNull();
    expect(summary!.runId).toBe('old1');
    expect(summary!.health.findings.map((f) => f.message)).toEqual(h.findings.map((f) => f.message));
    expect(summary!.health).not.toHaveProperty('siteUrl');
    for (const f of summary!.health.findings) expect(f).not.toHaveProperty('url');
    expect(summary!.chunkStarts[5]).toEqual([0]);
  });

  it('never persists a field the stored format does not have (a DTO field handed to put)', async () => {
    const kv = new MemoryKeyValueStore();
    const withDtoFields = { ...health(), siteUrl: 'https://acme.atlassian.net', findings: health().findings.map((f) => ({ ...f, url: 'https://acme.atlassian.net/browse/X' })) };
    await new KvScanResultStore(kv).put(meta, withDtoFields);
    const raw = JSON.stringify(await kv.get(resultKeys.summary('T'))) + JSON.stringify(await kv.get(resultKeys.chunk('T', 'run1', 5, 0)));
    expect(raw).toContain('"subjectLabel"');
    expect(raw).not.toContain('siteUrl');
    expect(raw).not.toContain('"url"');
    expect(raw).not.toContain('acme.atlassian.net');
  });

  it('the stored health schema lists no field of the DTO that is built when answering', () => {
    expect(Object.keys(storedProjectHealthSchema.shape)).not.toContain('siteUrl');
    expect(Object.keys(storedProjectHealthSchema.shape.findings.element.shape)).not.toContain('url');
  });

  it('logs and reads as missing a document that does not match its schema, and the next write replaces it', async () => {
    const kv = new MemoryKeyValueStore();
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    await kv.set(resultKeys.summary('T'), { inline: { schema: 2, projectKey: 'T', runId: 'r', health: { findings: [{ level: 9 }] } } });
    const results = new KvScanResultStore(kv, log);
    expect(await results.summary('T')).toBeNull();
    expect(lines.join('\n')).toMatch(/res:T:sum: not a result summary/);
    await results.put(meta, health());
    expect((await results.summary('T'))?.runId).toBe('run1');

    await kv.set(configKeys.head({ kind: 'site' }), 1);
    await kv.set(configKeys.version({ kind: 'site' }, 1), { version: 1, action: 'save', config: 'not a document', savedBy: 'a', savedAt: 'b' });
    expect(await new VersionedConfigStore(kv, log).current({ kind: 'site' })).toBeNull();
    expect(lines.join('\n')).toMatch(/cfg:site:v:0+1: not a config version/);

    await kv.set(historyKey('T'), { inline: { schema: 1, days: [['2025-04-10', 'x']], versions: {} } });
    expect((await new KvHistoryStore(kv, log).get('T')).days).toEqual([]);
    expect(lines.join('\n')).toMatch(/hist:T: not a history/);

    await kv.set(scanKeys.run('T'), { schema: 1, projectKey: 'T', runId: 'r', phase: 'nowhere', pagesDone: 0 });
    expect(await new KvScanStateStore(kv, log).getRun('T')).toBeNull();
    expect(lines.join('\n')).toMatch(/scan:T:run: not a scan run/);
  });
});
