/**
 * npm run report -- (--snapshot DIR | --site URL) (--project KEY | --projects KEY1,KEY2 | --all)
 *                   [--as-of YYYY-MM-DD] [--config FILE] [--json]
 */
import { analyze } from '../core/analyze';
import { calendarDateOf, todayUtc } from '../core/dates';
import { toPortfolioJson, type PortfolioEntry } from '../core/portfolio';
import { toReportJson } from '../core/report-json';
import { formatPortfolioText } from './format-portfolio-text';
import { formatTextReport, subjectNamesOf } from './format-text';
import { parseReportArgs, REPORT_HELP, wantsHelp } from './options';
import { runCli } from './run';
import { openSource } from './sources';

export async function reportMain(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  if (wantsHelp(argv)) {
    out(REPORT_HELP);
    return;
  }
  const options = await parseReportArgs(argv);
  const source = await openSource(options, options.selection);
  const asOf = options.asOf ?? (source.capturedAt ? calendarDateOf(source.capturedAt) : todayUtc());

  if (options.selection.kind === 'project') {
    const { data } = await source.load(options.selection.key);
    const report = analyze(data, options.config, asOf);
    out(options.json ? `${JSON.stringify(toReportJson(report), null, 2)}\n` : formatTextReport(report, subjectNamesOf(data)));
    return;
  }

  // Each project is analysed on its own, exactly as --project analyses it; only its report and
  // versions are kept, so a large portfolio never holds every project's issues at once.
  const entries: PortfolioEntry[] = [];
  for (const key of source.keys) {
    const { data } = await source.load(key);
    entries.push({ report: analyze(data, options.config, asOf), versions: data.versions });
  }
  const portfolio = toPortfolioJson(entries, options.config, asOf);
  out(
    options.json
      ? `${JSON.stringify(portfolio, null, 2)}\n`
      : formatPortfolioText(portfolio, new Map(entries.map((e) => [e.report.project.key, e.report.project.name])), options.config.release.maxTrainSpreadDays),
  );
}

if (require.main === module) runCli(reportMain, 'report');
