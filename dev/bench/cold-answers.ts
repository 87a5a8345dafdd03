/**
 * The viewers' cold answers with assumed latencies (Jira 150 ms a request, KVS 50 ms a call):
 * the issue panel (./panel.ts, on the Forge-faithful runtime, a fresh function instance whose
 * limiter has no lease of the hour yet) and the global page over a stored portfolio of each size
 * (./portfolio.ts `measurePortfolioRead`, no scans). `npm run bench -- --only cold`.
 */
import { measurePanel } from './panel';
import { measurePortfolioRead } from './portfolio';

interface ColdAnswers {
  jiraLatencyMs: number;
  kvsLatencyMs: number;
  panel: { issues: number; medianMs: number; runsMs: number[]; requests: number; kvsGets: number };
  pages: Awaited<ReturnType<typeof measurePortfolioRead>>[];
}

export async function measureColdAnswers(options: { panelIssues?: number; projects?: readonly number[]; jiraLatencyMs?: number; kvsLatencyMs?: number; progress?: (line: string) => void } = {}): Promise<ColdAnswers> {
  const jiraLatencyMs = options.jiraLatencyMs ?? 150;
  const kvsLatencyMs = options.kvsLatencyMs ?? 50;
  const issues = options.panelIssues ?? 1000;
  options.progress?.(`… cold answers: the issue panel of a ${issues}-issue project, 5 fresh instances`);
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await measurePanel(issues, jiraLatencyMs, 7, { kvsLatencyMs }));
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const mid = sorted[2]!;
  if (!mid.response.ok) throw new Error(`chain/issue failed: ${mid.response.error.message}`);
  const pages = [];
  for (const projects of options.projects ?? [500]) pages.push(await measurePortfolioRead({ projects, jiraLatencyMs, kvsLatencyMs, ...(options.progress ? { progress: options.progress } : {}) }));
  return {
    jiraLatencyMs,
    kvsLatencyMs,
    panel: { issues, medianMs: mid.wallMs, runsMs: sorted.map((r) => r.wallMs), requests: mid.requests, kvsGets: mid.kvsReads },
    pages,
  };
}

export function printColdAnswers(f: ColdAnswers, log: (line: string) => void): void {
  const n = (v: number) => v.toLocaleString('en-US');
  const page = (p: ColdAnswers['pages'][number]['cold']) => `${Math.round(p.ms)} ms, ${n(p.gets)} gets, ${n(p.queries)} queries, ${n(Math.round(p.kb))} KB (${n(p.readUnits)} read units)`;
  log('');
  log(`Cold answers (Jira ${f.jiraLatencyMs} ms a request, KVS ${f.kvsLatencyMs} ms a call, median of 5):`);
  log(`  issue panel, ${n(f.panel.issues)}-issue project, fresh instance: ${Math.round(f.panel.medianMs)} ms (${f.panel.runsMs.map((ms) => Math.round(ms)).join(', ')}), ${f.panel.requests} Jira requests, ${f.panel.kvsGets} KVS gets`);
  for (const p of f.pages) {
    log(`  global page, ${n(p.projects)} projects (stored as ${n(p.stored.keys)} keys, ${n(Math.round(p.stored.kb))} KB, in ${Math.round(p.storeMs / 1000)} s): cold ${page(p.cold)}; warm ${page(p.warm)}; answer ${n(Math.round(p.responseKb))} KB`);
  }
}
