/**
 * The stored result: findings chunks cut by bytes under the KVS value limit, the summary
 * switched last (a write failing anywhere leaves the previous result whole), and the chunks of
 * runs that no longer head a result deleted by their known keys.
 */
import type { StoredProjectHealth } from '../../src/storage/schemas';
import { LEVELS } from '../../src/core/levels';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import { InjectedWriteFailure, KVS_VALUE_LIMIT_BYTES, MemoryKeyValueStore } from '../../src/storage/key-value';
import { cutChunks, KvScanResultStore } from '../../src/storage/scan-result-store';
import { issue, project, run } from '../helpers/builders';

const asOf = '2025-04-10';

/** 200 open stories, each carried over 45 sprints with long names. */
function carriedOver(tag = ''): StoredProjectHealth {
  const sprints = Array.from({ length: 45 }, (_, i) => ({ id: i + 1, name: `Platform Team Alpha Sprint ${2020 + Math.floor(i / 12)}-${i % 12} ${tag}`, state: 'closed' as const }));
  const data = project({ issues: Array.from({ length: 200 }, (_, i) => issue(`T-${i + 1}`, { sprints })) });
  const report = run(data, asOf);
  return toStoredHealth(report, { projectKey: 'T', data }, `${asOf}T00:00:00.000Z`);
}

async function allOfLevel(store: KvScanResultStore, level: 1 | 2 | 3 | 4 | 5, step: number) {
  const out = [];
  for (let offset = 0; ; offset += step) {
    const page = await store.findings('T', level, offset, step);
    if (page === null || page.findings.length === 0) break;
    out.push(...page.findings);
  }
  return out;
}

const meta = (runId: string) => ({ projectKey: 'T', runId, issueCount: 200, scanDurationMs: 1, searchPages: 2 });

describe('KvScanResultStore', () => {
  it('stores 200 carried-over issues with 45 sprints each, every value under the KVS limit, and pages them back', async () => {
    const kv = new MemoryKeyValueStore();
    const store = new KvScanResultStore(kv);
    const health = carriedOver();
    const carry = health.findings.filter((f) => f.kind === 'carry-over');
    expect(carry).toHaveLength(200);
    expect(carry[0]!.message).toMatch(/has been in 45 sprints \(.*and 40 more\) and is still open\./);
    await store.put(meta('run1'), health);
    for (const json of kv.snapshot().values()) expect(Buffer.byteLength(json)).toBeLessThanOrEqual(KVS_VALUE_LIMIT_BYTES);
    for (const step of [7, 100, 200]) expect(await allOfLevel(store, 4, step)).toEqual(health.findings.filter((f) => f.level === 4));
  });

  it('cuts chunks by bytes as well as by count', () => {
    const health = carriedOver();
    const level4 = health.findings.filter((f) => f.level === 4);
    const chunks = cutChunks(level4, 20 * 1024);
    expect(chunks.length).toBeGreaterThan(Math.ceil(level4.length / 200));
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(20 * 1024);
    expect(chunks.flat()).toEqual(level4);
  });

  it('a write failing midway leaves the previous result readable; the next one succeeds and deletes what both earlier runs left', async () => {
    const kv = new MemoryKeyValueStore();
    const store = new KvScanResultStore(kv, () => undefined);
    const first = carriedOver('a');
    await store.put(meta('run1'), first);
    const firstLevel4 = await allOfLevel(store, 4, 100);

    for (const failing of ['res:T:run2:f:4:0001', 'res:T:sum']) {
      kv.failWrites = (key) => key === failing;
      await expect(store.put(meta('run2'), carriedOver('b'))).rejects.toBeInstanceOf(InjectedWriteFailure);
      kv.failWrites = undefined;
      const summary = await store.summary('T');
      expect(summary?.runId).toBe('run1');
      expect(await allOfLevel(store, 4, 100)).toEqual(firstLevel4);
    }

    const third = carriedOver('c');
    await store.put(meta('run3'), third);
    expect((await store.summary('T'))?.runId).toBe('run3');
    expect(await allOfLevel(store, 4, 100)).toEqual(third.findings.filter((f) => f.level === 4));
    const left = [...kv.snapshot().keys()].filter((k) => /^res:T:run\d:/.test(k));
    expect(left.every((k) => k.startsWith('res:T:run3:'))).toBe(true);
    expect(left.length).toBeGreaterThan(0);
  });

  it('reads a summary of the previous schema (fixed chunks of 200)', async () => {
    const kv = new MemoryKeyValueStore();
    const health = carriedOver();
    const small = { ...health, findings: health.findings.filter((f) => f.level !== 4) };
    const totals = Object.fromEntries(LEVELS.map((l) => [l, small.findings.filter((f) => f.level === l).length]));
    await kv.set('res:T:sum', { inline: { schema: 1, projectKey: 'T', runId: 'old', health: small, findingTotals: totals, issueCount: 1, scanDurationMs: 1, searchPages: 1 } });
    for (const l of LEVELS) await kv.set(`res:T:old:f:${l}:0000`, small.findings.filter((f) => f.level === l));
    const store = new KvScanResultStore(kv);
    expect((await store.findings('T', 5, 0, 100))?.findings).toEqual(small.findings.filter((f) => f.level === 5).slice(0, 100));
  });
});
