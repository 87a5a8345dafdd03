/**
 * npm run report -- (--snapshot DIR | --site URL) --project KEY [--as-of YYYY-MM-DD] [--config FILE] [--json]
 */
import { analyze } from '../core/analyze';
import { calendarDateOf, todayUtc } from '../core/dates';
import { toReportJson } from '../core/report-json';
import { formatTextReport } from './format-text';
import { parseReportArgs } from './options';
import { runCli } from './run';
import { loadProject } from './sources';

export async function reportMain(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  const options = await parseReportArgs(argv);
  const { data, capturedAt } = await loadProject(options);
  const asOf = options.asOf ?? (capturedAt ? calendarDateOf(capturedAt) : todayUtc());
  const report = analyze(data, options.config, asOf);
  out(options.json ? `${JSON.stringify(toReportJson(report), null, 2)}\n` : formatTextReport(report));
}

if (require.main === module) runCli(reportMain, 'report');
