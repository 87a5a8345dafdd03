/** A project without issues or boards added to a snapshot folder: somewhere to move issues to. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function writeEmptyProject(snapshotDir: string, key: string, id: string): Promise<void> {
  const dir = join(snapshotDir, 'projects', key);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'project.json'), JSON.stringify({ id, key, name: 'Other', self: `https://synthetic.atlassian.net/rest/api/3/project/${id}` }));
  await writeFile(join(dir, 'versions.json'), '[]');
  await writeFile(join(dir, 'boards.json'), JSON.stringify({ startAt: 0, maxResults: 50, total: 0, isLast: true, values: [] }));
  await writeFile(join(dir, 'search-001.json'), JSON.stringify({ issues: [], isLast: true }));
}
