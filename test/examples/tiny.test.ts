import { readFileSync } from 'node:fs';
import { analyze } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { toReportJson } from '../../src/core/report-json';
import { toProjectData } from '../../src/jira/project-data';
import { readSnapshotProject } from '../../src/snapshot/reader';
import { describeWithShared, sharedPath } from '../helpers/shared';

interface Expected {
  project: string;
  asOf: string;
  findings: { kind: string; level: number; issueKey?: string; sprintId?: number; versionId?: string }[];
}

const key = (f: Expected['findings'][number]) =>
  JSON.stringify([f.kind, f.level, f.issueKey ?? null, f.sprintId ?? null, f.versionId ?? null]);

describeWithShared('shared/examples/tiny', ['examples', 'tiny'], (dir) => {
  it('gives exactly the findings of tiny.expected.json', async () => {
    const expected = JSON.parse(readFileSync(sharedPath('examples', 'tiny.expected.json')!, 'utf8')) as Expected;
    const { raw } = await readSnapshotProject(dir, expected.project);
    const json = toReportJson(analyze(toProjectData(raw), DEFAULT_CONFIG, expected.asOf));
    expect(json.findings.map(key).sort()).toEqual(expected.findings.map(key).sort());
    expect(json.project).toBe('TINY');
    expect(json.asOf).toBe('2025-04-10');
  });
});
