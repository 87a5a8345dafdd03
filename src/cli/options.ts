/**
 * The options `report` (and the commands built on it) share: where the data comes from,
 * which project, as of when, with which config.
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
  project: string;
}

export interface ReportOptions extends SourceOptions {
  asOf?: string;
  config: PlanningConfig;
  json: boolean;
}

export const REPORT_USAGE =
  'usage: npm run report -- (--snapshot DIR | --site https://NAME.atlassian.net) --project KEY [--as-of YYYY-MM-DD] [--config FILE] [--json]';

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
  if (values.project === undefined) throw new UsageError(`--project is required; ${REPORT_USAGE}`);
  const project = values.project.trim().toUpperCase();
  if (!isProjectKey(project)) {
    throw new UsageError(`--project "${values.project}" is not a Jira project key (capital letters, digits and _, like TINY)`);
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && !isCalendarDate(asOf)) {
    throw new UsageError(`--as-of "${asOf}" is not a date; write it as YYYY-MM-DD`);
  }
  return {
    ...(values.snapshot !== undefined ? { snapshot: values.snapshot } : {}),
    ...(values.site !== undefined ? { site: values.site } : {}),
    project,
    ...(asOf !== undefined ? { asOf } : {}),
    config: await loadConfigFile(values.config),
    json: values.json ?? false,
  };
}
