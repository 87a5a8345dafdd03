/**
 * The issue panel of a story in a synthetic project, through the emulator at a given latency: the
 * project's result is stored as a scan would store it, then `chain/issue` answers as a viewer
 * over HTTP. Counts the Jira requests and times the answer. Used by `npm run bench` and by
 * test/scale/issue-panel.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IssueChainDto, ResolverResponse } from '../../src/contract/resolvers';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { IssueRecord } from '../../src/core/model';
import { createJiraClient } from '../../src/jira/client';
import { createNodeTransport } from '../../src/jira/node-transport';
import { toProjectData } from '../../src/jira/project-data';
import { createResolverHandlers } from '../../src/resolvers';
import { toProjectHealthDto } from '../../src/resolvers/dto';
import { viewerJiraFromClient } from '../../src/resolvers/jira-viewer';
import type { ScanWorkerDeps } from '../../src/scan-job/scan-worker';
import { memoryConfigStore } from '../../src/storage/config-store';
import { memoryHistoryStore } from '../../src/storage/history-store';
import { MemoryKeyValueStore } from '../../src/storage/key-value';
import { memoryScanResultStore } from '../../src/storage/scan-result-store';
import { memoryScanStateStore } from '../../src/storage/scan-state-store';
import { startEmulator } from '../emulator/server';
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

export async function measurePanel(size: number, latencyMs: number, seed = 7): Promise<PanelRun> {
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
      toProjectHealthDto(report, { projectKey: site.projectKey, data }, `${site.asOf}T06:00:00.000Z`),
    );
    const flagged = new Set(report.findings.flatMap((f) => (f.issueKey ? [f.issueKey] : [])));
    const story = pickStory(data.issues, flagged);
    const notHere = (): ScanWorkerDeps => {
      throw new Error('the panel starts no scan');
    };
    const handlers = createResolverHandlers({
      jiraForViewer: () => viewerJiraFromClient(createJiraClient(createNodeTransport({ baseUrl: emulator.url }))),
      store: memoryConfigStore(),
      now: () => new Date(Date.parse(site.capturedAt)),
      logError: (m) => process.stderr.write(`${m}\n`),
      scale: { states: memoryScanStateStore(kv), results, history: memoryHistoryStore(kv), worker: notHere },
    });
    const chainKeys = [story.key, story.parent!.key, data.issues.find((i) => i.key === story.parent!.key)!.parent!.key];
    const storedChainFindings = report.findings.filter((f) => f.issueKey !== undefined && chainKeys.includes(f.issueKey)).length;
    const context = {
      accountId: 'panel-viewer',
      siteUrl: SYNTH_SITE,
      extension: { type: 'jira:issueContext', project: { key: site.projectKey }, issue: { key: story.key } },
    };
    emulator.resetCounters();
    const readsBefore = kv.counts.get;
    const t0 = performance.now();
    const response = await handlers['chain/issue']({ payload: {}, context });
    const wallMs = performance.now() - t0;
    return { issueKey: story.key, response, requests: emulator.counters.requests, wallMs, storedChainFindings, kvsReads: (kv.counts.get) - readsBefore };
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
