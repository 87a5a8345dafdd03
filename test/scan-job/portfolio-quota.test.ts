/**
 * Issue 12 §4: on a site whose hourly points quota is far below what analysing every project
 * costs, every project is still analysed, without one 429: the app's scans go through the site
 * queue and the app's rate limiter (its hourly points leased from the ledger in KVS), against the
 * emulator's quota, over KVS with its per-minute quotas, on a simulated clock (no test here waits
 * for real time).
 */
import { runPortfolio, type PortfolioRun } from '../../dev/bench/portfolio-run';

const HOUR = 3_600_000;

describe('a portfolio under the emulated hourly quota', () => {
  let run: PortfolioRun;
  const quota = 600;

  beforeAll(async () => {
    run = await runPortfolio({ projects: 16, issues: 60, pointsPerHour: quota });
  }, 180_000);

  afterAll(async () => {
    await run?.close();
  });

  it('analyses every project without a 429, never spending more than the quota in an hour', () => {
    expect(run.analysed).toBe(16);
    // It needed more than two hours' points: the limiter, not luck, kept it under the quota.
    expect(run.jira.points).toBeGreaterThan(2 * quota);
    expect(run.jira.rateLimited).toBe(0);
    expect(run.limiter.rateLimited).toBe(0);
    expect(run.jira.maxPointsInAnHour).toBeLessThanOrEqual(quota);
    // The limiter learned the site's quota from its answers (its own default is the global pool's 65,000).
    expect(run.limiter.quota).toBe(quota);
    expect(run.jira.hours).toBeGreaterThanOrEqual(3);
    expect(run.lastAnalysedMs).toBeGreaterThan(HOUR);
    // Nor did storage refuse a call: KVS's per-minute quotas are enforced on the same clock.
    expect(run.kvs.rateLimited).toBe(0);
  });

  it('leaves the site queue empty and every summary in the portfolio index', async () => {
    const store = run.app.services.portfolio!.store;
    const queue = (await store.queue.current()).doc;
    expect(queue?.pending ?? []).toEqual([]);
    expect(queue?.active ?? []).toEqual([]);
    const index = (await store.currentIndex())!;
    const summaries = await store.getProjects(index.projects);
    expect([...summaries.keys()].sort()).toEqual(index.projects.map((p) => p.key).sort());
  });
});
