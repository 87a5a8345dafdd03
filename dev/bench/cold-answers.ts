/**
 * The viewers' cold answers with assumed latencies (Jira 150 ms a request, KVS 50 ms a call):
 * the issue panel (./panel.ts, on the Forge-faithful runtime, a fresh function instance) and the
 * global page over a stored portfolio of each size (./portfolio.ts `measurePortfolioRead`, no
 * scans). Prints one line each.
 *
 *   npx tsx dev/bench/cold-answers.ts [--panel 1000] [--projects 500,10000] [--jira-ms 150] [--kvs-ms 50]
 *
 * `--panel 0` or `--projects ''` leaves that part out.
 */
import { cpus } from 'node:os';
import { measurePanel } from './panel';
import { measurePortfolioRead } from './portfolio';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const jiraMs = Number(arg('jira-ms') ?? 150);
  const kvsMs = Number(arg('kvs-ms') ?? 50);
  const panelSize = Number(arg('panel') ?? 1000);
  const sizes = (arg('projects') ?? '500').split(',').filter((s) => s !== '').map(Number);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const cpu0 = process.cpuUsage();
  log(`Cold answers — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}; Jira ${jiraMs} ms a request, KVS ${kvsMs} ms a call`);
  if (panelSize > 0) {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await measurePanel(panelSize, jiraMs, 7, { kvsLatencyMs: kvsMs }));
    const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
    const mid = sorted[2]!;
    if (!mid.response.ok) throw new Error(`chain/issue failed: ${mid.response.error.message}`);
    log(`issue panel (${panelSize} issues), fresh instance: ${Math.round(mid.wallMs)} ms (median of 5; ${sorted.map((r) => Math.round(r.wallMs)).join(', ')}), ${mid.requests} Jira requests, ${mid.kvsReads} KVS gets`);
  }
  for (const projects of sizes) {
    const f = await measurePortfolioRead({ projects, jiraLatencyMs: jiraMs, kvsLatencyMs: kvsMs, progress: (line) => process.stderr.write(`${line}\n`) });
    const page = (p: typeof f.cold) => `${Math.round(p.ms)} ms, ${p.gets} gets, ${p.queries} queries, ${Math.round(p.kb)} KB (${p.readUnits} read units)`;
    log(`global page (${projects} projects; stored in ${Math.round(f.storeMs / 1000)} s as ${f.stored.keys} keys, ${Math.round(f.stored.kb)} KB): cold ${page(f.cold)}; warm ${page(f.warm)}; answer ${Math.round(f.responseKb)} KB`);
  }
  const cpu = process.cpuUsage(cpu0);
  log(`CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
