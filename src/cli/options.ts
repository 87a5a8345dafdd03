/**
 * The options `report` (and the commands built on it) share: where the data comes from,
 * which projects, as of when, with which config.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatConfigErrors, validateConfig, type PlanningConfig } from '../core/config';
import { isCalendarDate } from '../core/dates';
import { isProjectKey } from '../core/project-key';
import { UsageError } from './errors';

export interface SourceOptions {
  snapshot?: string;
  site?: string;
}

/** Which projects: one (`--project`), a list (`--projects`, in the order given) or every one (`--all`). */
export type ProjectSelection =
  | { kind: 'project'; key: string }
  | { kind: 'projects'; keys: string[] }
  | { kind: 'all' };

export interface ReportOptions extends SourceOptions {
  selection: ProjectSelection;
  asOf?: string;
  config: PlanningConfig;
  json: boolean;
}

export const REPORT_USAGE =
  'usage: npm run report -- (--snapshot DIR | --site https://NAME.atlassian.net) (--project KEY | --projects KEY1,KEY2 | --all) [--as-of YYYY-MM-DD] [--config FILE] [--json]';

/** What `report --help` prints. */
export const REPORT_HELP = `${REPORT_USAGE}

Reports whether Jira projects plan at all five levels of agile planning (vision, roadmap,
release, iteration, daily) and whether each level keeps its cadence.

Where the data comes from (exactly one):
  --snapshot DIR        a snapshot folder (npm run capture writes one)
  --site URL            a Jira Cloud site, e.g. https://NAME.atlassian.net; credentials from
                        JIRA_EMAIL and JIRA_API_TOKEN (an API token from id.atlassian.com)

Which projects (exactly one):
  --project KEY         one project: its levels, weakest level, diagnoses and findings
  --projects KEY1,KEY2  a portfolio of these projects, in this order (each key once)
  --all                 a portfolio of every project of the snapshot, or every project the
                        credentials may browse on the site, by key

Options:
  --as-of YYYY-MM-DD    the report date (default: the snapshot's capture date, else today)
  --config FILE         the JSON config document the admin page saves (defaults fill the rest)
  --json                print one JSON document instead of text
  -h, --help            print this help

Exit status: 0 on success, 2 with one line on stderr for bad input, 1 for anything else.
`;

/** True when the arguments ask for help (anywhere before a "--" that ends the options). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function projectKeyOf(option: string, value: string): string {
  const key = value.trim().toUpperCase();
  if (!isProjectKey(key)) {
    throw new UsageError(`${option} "${value}" is not a Jira project key (capital letters, digits and _, like TINY)`);
  }
  return key;
}

/** The keys of --projects: comma-separated, each a project key, each once. */
export function parseProjectList(value: string): string[] {
  const parts = value.split(',');
  if (parts.some((p) => p.trim() === '')) {
    throw new UsageError(`--projects "${value}" has an empty key; write the keys separated by commas, like ACME,OPS`);
  }
  const keys = parts.map((p) => projectKeyOf('--projects', p));
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined) throw new UsageError(`--projects names ${twice} twice; give each project once`);
  return keys;
}

export async function loadConfigFile(file: string | undefined): Promise<PlanningConfig> {
  const result = validateConfig(file === undefined ? {} : await readConfigJson(file));
  if (!result.ok) throw new UsageError(`config ${file}: ${formatConfigErrors(result.errors)}`);
  return result.config;
}

async function readConfigJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`config ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`config ${file} is not valid JSON (${(error as Error).message})`);
  }
}

export async function parseReportArgs(argv: string[]): Promise<ReportOptions> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        snapshot: { type: 'string' },
        site: { type: 'string' },
        project: { type: 'string' },
        projects: { type: 'string' },
        all: { type: 'boolean', default: false },
        'as-of': { type: 'string' },
        config: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}; ${REPORT_USAGE}`);
  }
  if ((values.snapshot === undefined) === (values.site === undefined)) {
    throw new UsageError(`give exactly one of --snapshot and --site; ${REPORT_USAGE}`);
  }
  const chosen = [values.project !== undefined && '--project', values.projects !== undefined && '--projects', values.all === true && '--all'].filter(
    (o): o is string => o !== false,
  );
  if (chosen.length === 0) throw new UsageError(`--project is required (or --projects or --all for a portfolio); ${REPORT_USAGE}`);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} exclude each other: give one project, a list or --all`);
  const selection: ProjectSelection =
    values.project !== undefined
      ? { kind: 'project', key: projectKeyOf('--project', values.project) }
      : values.projects !== undefined
        ? { kind: 'projects', keys: parseProjectList(values.projects) }
        : { kind: 'all' };
  const asOf = values['as-of'];
  if (asOf !== undefined && !isCalendarDate(asOf)) {
    throw new UsageError(`--as-of "${asOf}" is not a date; write it as YYYY-MM-DD`);
  }
  return {
    ...(values.snapshot !== undefined ? { snapshot: values.snapshot } : {}),
    ...(values.site !== undefined ? { site: values.site } : {}),
    selection,
    ...(asOf !== undefined ? { asOf } : {}),
    config: await loadConfigFile(values.config),
    json: values.json ?? false,
  };
}
