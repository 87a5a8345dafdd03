/**
 * The admin form's model, pure: form values (strings, as typed) ↔ config documents, client-side
 * validation with the core's validateConfig, and the words the form shows.
 */
import type { ConfigHistoryEntryDto, ConfigStateDto } from '../../contract/resolvers';
import {
  CONFIG_FIELDS,
  configValue,
  validateConfig,
  type ConfigFieldSpec,
  type ConfigInput,
  type PlanningConfig,
} from '../../core/config';
import { LEVEL_INFO, type Level } from '../../core/levels';
import { capitalize } from '../shared/words';

/** What the admin typed, per dotted key. */
export type FormValues = Record<string, string>;
/** One message per dotted key. */
export type FieldErrors = Record<string, string>;

export function valuesFromConfig(config: PlanningConfig): FormValues {
  return Object.fromEntries(CONFIG_FIELDS.map((f) => [f.key, String(configValue(config, f.key))]));
}

function setPath(doc: Record<string, unknown>, key: string, value: unknown): void {
  const [a, b] = key.split('.');
  if (b === undefined) {
    doc[a!] = value;
    return;
  }
  const section = (doc[a!] ??= {}) as Record<string, unknown>;
  section[b] = value;
}

function hasPath(doc: ConfigInput | null, key: string): boolean {
  if (!doc) return false;
  const [a, b] = key.split('.');
  const top = (doc as Record<string, unknown>)[a!];
  if (b === undefined) return top !== undefined;
  return typeof top === 'object' && top !== null && (top as Record<string, unknown>)[b] !== undefined;
}

/** A typed value as the document holds it: a number when it reads as one, else the text. */
function parse(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const n = Number(trimmed);
  return Number.isNaN(n) ? trimmed : n;
}

/** The whole form as a document (every key), for validation. */
function fullDocument(values: FormValues): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const f of CONFIG_FIELDS) setPath(doc, f.key, parse(values[f.key] ?? ''));
  return doc;
}

/**
 * The document to save: the keys already stored plus the keys the admin changed, so settings
 * nobody touched keep following the defaults (or, for a project, the site).
 */
export function documentToSave(values: FormValues, state: ConfigStateDto): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const f of CONFIG_FIELDS) {
    const value = parse(values[f.key] ?? '');
    if (hasPath(state.stored, f.key) || value !== configValue(state.config, f.key)) setPath(doc, f.key, value);
  }
  return doc;
}

export function isDirty(values: FormValues, config: PlanningConfig): boolean {
  return CONFIG_FIELDS.some((f) => parse(values[f.key] ?? '') !== configValue(config, f.key));
}

/**
 * A core message in the form's words: "iteration.lengthDays must be between …" becomes
 * "Must be between …" (the field's label is right above), and other keys become their labels.
 */
function fieldMessage(key: string, message: string): string {
  let text = message.startsWith(`${key} must`) ? `M${message.slice(key.length + 2)}` : message;
  const byLength = [...CONFIG_FIELDS].sort((a, b) => b.key.length - a.key.length);
  for (const f of byLength) {
    if (!f.key.includes('.')) continue;
    text = text.split(f.key).join(f.label.toLowerCase());
  }
  return capitalize(text);
}

/** Validates the whole form on the client; returns one message per invalid key. */
export function validateValues(values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of CONFIG_FIELDS) {
    if ((values[f.key] ?? '').trim() === '') errors[f.key] = `Enter a whole number of ${f.unit} from ${f.min} to ${f.max}.`;
  }
  const result = validateConfig(fullDocument(values));
  if (!result.ok) {
    for (const e of result.errors) {
      if (errors[e.key] === undefined) errors[e.key] = `${fieldMessage(e.key, e.message)}.`;
    }
  }
  return errors;
}

/** Server field errors by key; keys the form has no field for go to `other`. */
export function splitServerErrors(fieldErrors: { key: string; message: string }[] | undefined): {
  byKey: FieldErrors;
  other: string[];
} {
  const byKey: FieldErrors = {};
  const other: string[] = [];
  for (const fe of fieldErrors ?? []) {
    if (CONFIG_FIELDS.some((f) => f.key === fe.key)) byKey[fe.key] ??= fieldMessage(fe.key, fe.message);
    else other.push(fe.message);
  }
  return { byKey, other };
}

export interface FieldGroup {
  level: Level;
  title: string;
  fields: ConfigFieldSpec[];
}

const SECTION_LEVEL: Record<string, Level> = { visionHierarchyLevel: 1, vision: 1, roadmap: 2, release: 3, iteration: 4, daily: 5 };

/** The fields grouped by the planning level they tune, in level order. */
export function fieldGroups(): FieldGroup[] {
  const groups = new Map<Level, FieldGroup>();
  for (const f of CONFIG_FIELDS) {
    const level = SECTION_LEVEL[f.key.split('.')[0]!] ?? 1;
    const group = groups.get(level) ?? { level, title: `Level ${level} · ${LEVEL_INFO[level].name}`, fields: [] };
    group.fields.push(f);
    groups.set(level, group);
  }
  return [...groups.values()].sort((a, b) => a.level - b.level);
}

export function helpText(f: ConfigFieldSpec, defaults: PlanningConfig): string {
  return `${f.help} From ${f.min} to ${f.max} ${f.unit}; default ${configValue(defaults, f.key)}.`;
}

/** The settings a history entry stored, in words: "Sprint length 10 days, …" or "All defaults". */
export function describeDocument(doc: ConfigInput): string {
  const parts = CONFIG_FIELDS.filter((f) => hasPath(doc, f.key)).map((f) => {
    const [a, b] = f.key.split('.');
    const top = (doc as Record<string, unknown>)[a!];
    const value = b === undefined ? top : (top as Record<string, unknown>)[b];
    return `${f.label} ${String(value)}${f.unit === 'hierarchy level' ? '' : ` ${f.unit}`}`;
  });
  return parts.length > 0 ? parts.join(', ') : 'All defaults';
}

export const ACTION_LABEL: Record<ConfigHistoryEntryDto['action'], string> = {
  save: 'Saved',
  reset: 'Reset to defaults',
  restore: 'Restored',
};

/** Whether a "who" is an Atlassian account id (rendered with the User component) or a name. */
export function isAccountId(who: string): boolean {
  return /^(\d+:)?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(who) || /^[0-9a-f]{24}$/i.test(who);
}

export const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}$/;

/** Where a field's value comes from, in words, for the scope being edited. */
export type FieldSource = 'site-set' | 'default' | 'overridden' | 'inherited';

export function fieldSource(state: Pick<ConfigStateDto, 'scope' | 'stored'>, key: string): FieldSource {
  const set = hasPath(state.stored, key);
  if (state.scope.kind === 'project') return set ? 'overridden' : 'inherited';
  return set ? 'site-set' : 'default';
}

export const FIELD_SOURCE_LABEL: Record<FieldSource, string> = {
  'site-set': 'Set for the site',
  default: 'Default',
  overridden: 'Overridden for this project',
  inherited: 'Inherited from the site settings',
};

/** Whether a project's stored document overrides anything (a removed override is stored empty). */
export function hasOverride(state: Pick<ConfigStateDto, 'scope' | 'stored'>): boolean {
  return state.scope.kind === 'project' && state.stored !== null && Object.keys(state.stored).length > 0;
}

/** The choices of the vision level: each hierarchy level with the site's issue types at it. */
export function hierarchyOptions(spec: ConfigFieldSpec, levels: readonly { level: number; issueTypes: string[] }[] | undefined): { label: string; value: string }[] {
  if (levels !== undefined && levels.length > 0) {
    return levels.filter((l) => l.level >= spec.min && l.level <= spec.max).map((l) => ({ label: `${l.level} · ${l.issueTypes.join(', ')}`, value: String(l.level) }));
  }
  // Jira did not say: the levels by number.
  const options: { label: string; value: string }[] = [];
  for (let n = spec.min; n <= spec.max; n++) options.push({ label: n === 2 ? '2 · Initiative (the first level above Epic)' : `${n} · a level above Epic`, value: String(n) });
  return options;
}
