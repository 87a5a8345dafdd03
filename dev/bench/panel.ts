/**
 * The issue panel of a story in a synthetic project, on the Forge-faithful local runtime
 * (dev/forge-runtime: Forge's 25 s resolver limit, requestJira as the user, gateway `self` links)
 * against the emulator at a given latency: the project's result is stored as a scan would store
 * it, then `chain/issue` answers as a viewer, on a fresh function instance (a cold start: its
 * rate limiter has no lease of the hour yet). Counts the Jira requests and KVS reads and times the
 * answer; with `kvsLatencyMs` every KVS call (the stored result's and the points ledger's) takes
 * that long. Used by `npm run bench` and by test/resolvers/issue-panel-100k.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IssueChainDto, ResolverResponse } from '../../src/contract/resolvers';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { IssueRecord } from '../../src/core/model';
import { toProjectData } from '../../src/jira/project-data';
import { toStoredHealth } from '../../src/scan-job/stored-health';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { memoryScanResultStore } from '../../src/storage/scan-result-store';
import { startEmulator } from '../emulator/server';
import { ForgeRuntime } from '../forge-runtime/runtime';
import { withLatency } from './kvs-latency';
import { generateSite, rawProjectOf, SYNTH_SITE, writeSiteSnapshot } from './synth';

export interface PanelRun {
  issueKey: string;
  response: ResolverResponse<IssueChainDto>;
  /** Jira requests the answer took (the emulator's count). */
  requests: number;
  wallMs: number;
  /** Findings the stored result holds about the chain's issues. */
  storedChainFindings: number;
  /** KVS reads the answer took. */
  kvsReads: number;
}

/** A story under an epic under an initiative, with sub-tasks and a finding on its chain: the panel's telling case. */
function pickStory(issues: readonly IssueRecord[], flagged: ReadonlySet<string>): IssueRecord {
  const byKey = new Map(issues.map((i) => [i.key, i]));
  const withChildren = new Set(issues.flatMap((i) => (i.parent ? [i.parent.key] : [])));
  const chainOf = (issue: IssueRecord): IssueRecord[] => {
    const out = [issue];
    for (let p = issue.parent ? byKey.get(issue.parent.key) : undefined; p && out.length < 6; p = p.parent ? byKey.get(p.parent.key) : undefined) out.push(p);
    return out;
  };
  const stories = issues.filter((i) => i.hierarchyLevel === 0 && withChildren.has(i.key));
  const best =
    stories.find((s) => {
      const chain = chainOf(s);
      return chain.length === 3 && chain.some((n) => flagged.has(n.key));
    }) ?? stories.find((s) => chainOf(s).length === 3);
  if (best === undefined) throw new Error('the synthetic site has no story under an epic under an initiative with sub-tasks');
  return best;
}

export async function measurePanel(size: number, latencyMs: number, seed = 7, options: { kvsLatencyMs?: number } = {}): Promise<PanelRun> {
  const site = generateSite({ issues: size, seed });
  const dir = await mkdtemp(join(tmpdir(), `panel-${size}-`));
  await writeSiteSnapshot(site, dir);
  const emulator = await startEmulator({ snapshotDir: dir, faults: [{ kind: 'slow', delayMs: latencyMs }] });
  try {
    // The stored result, as a scan stores it (the bench measures scans on their own).
    const data = toProjectData(rawProjectOf(site));
    const report = analyze(data, DEFAULT_CONFIG, site.asOf);
    const kv = new MemoryKeyValueStore();
    const results = memoryScanResultStore(kv);
    await results.put(
      { projectKey: site.projectKey, runId: 'bench1', issueCount: data.issues.length, scanDurationMs: 0, searchPages: Math.ceil(size / 100) },
      toStoredHealth(report, { projectKey: site.projectKey, data }, `${site.asOf}T06:00:00.000Z`),
    );
    const flagged = new Set(report.findings.flatMap((f) => (f.issueKey ? [f.issueKey] : [])));
    const story = pickStory(data.issues, flagged);
    const kvsLatencyMs = options.kvsLatencyMs ?? 0;
    const runtime = new ForgeRuntime({ jiraBaseUrl: emulator.url, siteUrl: SYNTH_SITE, kv: kvsLatencyMs > 0 ? withLatency(kv, kvsLatencyMs) : kv, ...(kvsLatencyMs > 0 ? { queryLag: 0 } : {}), startAt: Date.parse(site.capturedAt), log: (m) => process.stderr.write(`${m}\n`) });
    const chainKeys = [story.key, story.parent!.key, data.issues.find((i) => i.key === story.parent!.key)!.parent!.key];
    const storedChainFindings = report.findings.filter((f) => f.issueKey !== undefined && chainKeys.includes(f.issueKey)).length;
    const context = { accountId: 'panel-viewer', extension: { type: 'jira:issueContext', project: { key: site.projectKey }, issue: { key: story.key } } };
    emulator.resetCounters();
    const readsBefore = kv.counts.get;
    const t0 = performance.now();
    const response = await runtime.resolve('chain/issue', {}, context);
    const wallMs = performance.now() - t0;
    if (runtime.requests.asUser !== emulator.counters.requests) throw new Error('every Jira request of the panel goes through requestJira as the user');
    return { issueKey: story.key, response, requests: emulator.counters.requests, wallMs, storedChainFindings, kvsReads: kv.counts.get - readsBefore };
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
