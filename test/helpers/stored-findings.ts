/** Every stored finding of a project's result, level by level, read page by page as the resolvers read them. */
import { LEVELS } from '../../src/core/levels';
import type { StoredFinding } from '../../src/storage/schemas';
import type { ScanResultStore } from '../../src/storage/scan-result-store';

export async function allStoredFindings(results: ScanResultStore, projectKey: string): Promise<StoredFinding[]> {
  const out: StoredFinding[] = [];
  for (const level of LEVELS) {
    for (let offset = 0; ; offset += 200) {
      const page = await results.findings(projectKey, level, offset, 200);
      if (page === null || page.findings.length === 0) break;
      out.push(...page.findings);
    }
  }
  return out;
}
