/**
 * The config document the admin page saves and `report --config` reads (DESIGN.md):
 * every key optional, defaults fill the rest, unknown keys and out-of-range values are
 * rejected with a message that names the key.
 */

export interface PlanningConfig {
  visionHierarchyLevel: number;
  vision: { staleAfterDays: number };
  roadmap: { staleAfterDays: number };
  release: { minIntervalDays: number; maxIntervalDays: number; maxTrainSpreadDays: number };
  iteration: {
    lengthDays: number;
    toleranceDays: number;
    maxGapDays: number;
    overrunToleranceDays: number;
    carryOverSprints: number;
  };
  daily: { staleAfterBusinessDays: number };
}

export const DEFAULT_CONFIG: PlanningConfig = deepFreeze({
  visionHierarchyLevel: 2,
  vision: { staleAfterDays: 365 },
  roadmap: { staleAfterDays: 91 },
  release: { minIntervalDays: 56, maxIntervalDays: 84, maxTrainSpreadDays: 14 },
  iteration: { lengthDays: 14, toleranceDays: 1, maxGapDays: 3, overrunToleranceDays: 1, carryOverSprints: 3 },
  daily: { staleAfterBusinessDays: 2 },
});

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}

/** The range and unit of every number in the document: one table for validation and the admin form. */
export interface ConfigFieldSpec {
  /** Dotted key, e.g. "iteration.lengthDays". */
  key: string;
  label: string;
  unit: 'days' | 'business days' | 'sprints' | 'hierarchy level';
  min: number;
  max: number;
  help: string;
}

export const CONFIG_FIELDS: readonly ConfigFieldSpec[] = [
  { key: 'visionHierarchyLevel', label: 'Vision hierarchy level', unit: 'hierarchy level', min: 2, max: 10,
    help: 'Issues at this Jira hierarchy level and above carry the product vision (2 = Initiative).' },
  { key: 'vision.staleAfterDays', label: 'Vision item stale after', unit: 'days', min: 1, max: 3650,
    help: 'An open vision item not updated for longer than this is stale.' },
  { key: 'roadmap.staleAfterDays', label: 'Epic stale after', unit: 'days', min: 1, max: 3650,
    help: 'An open epic not updated for longer than this is stale.' },
  { key: 'release.minIntervalDays', label: 'Shortest release interval', unit: 'days', min: 1, max: 730,
    help: 'Consecutive releases closer together than this break the release cadence.' },
  { key: 'release.maxIntervalDays', label: 'Longest release interval', unit: 'days', min: 1, max: 730,
    help: 'Consecutive releases further apart than this break the release cadence; an upcoming release is expected within this window.' },
  { key: 'release.maxTrainSpreadDays', label: 'Release train spread', unit: 'days', min: 0, max: 365,
    help: 'Versions of the same name in several projects (a release train) whose release dates lie further apart than this are misaligned.' },
  { key: 'iteration.lengthDays', label: 'Sprint length', unit: 'days', min: 1, max: 90,
    help: 'The planned length of a sprint.' },
  { key: 'iteration.toleranceDays', label: 'Sprint length tolerance', unit: 'days', min: 0, max: 30,
    help: 'How far a sprint may differ from the sprint length.' },
  { key: 'iteration.maxGapDays', label: 'Longest gap between sprints', unit: 'days', min: 0, max: 90,
    help: 'More time than this between one sprint ending and the next starting on a board is a cadence gap.' },
  { key: 'iteration.overrunToleranceDays', label: 'Sprint overrun tolerance', unit: 'days', min: 0, max: 30,
    help: 'A sprint completed later than this after its end date has overrun.' },
  { key: 'iteration.carryOverSprints', label: 'Carry-over after', unit: 'sprints', min: 2, max: 50,
    help: 'An open issue that has been in this many sprints is carried over.' },
  { key: 'daily.staleAfterBusinessDays', label: 'In-progress work stale after', unit: 'business days', min: 1, max: 60,
    help: 'In-progress work not updated for longer than this (weekends excluded) is stale.' },
] as const;

/** A partial document, as a file or the admin page may hold it. */
export type ConfigInput = {
  visionHierarchyLevel?: number;
  vision?: Partial<PlanningConfig['vision']>;
  roadmap?: Partial<PlanningConfig['roadmap']>;
  release?: Partial<PlanningConfig['release']>;
  iteration?: Partial<PlanningConfig['iteration']>;
  daily?: Partial<PlanningConfig['daily']>;
};

export interface ConfigError {
  /** Dotted key the message is about, or "(root)". */
  key: string;
  message: string;
}

export type ConfigResult =
  | { ok: true; config: PlanningConfig }
  | { ok: false; errors: ConfigError[] };

const SECTIONS = ['vision', 'roadmap', 'release', 'iteration', 'daily'] as const;
type Section = (typeof SECTIONS)[number];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const specByKey = new Map(CONFIG_FIELDS.map((spec) => [spec.key, spec]));

function checkNumber(key: string, value: unknown, errors: ConfigError[]): number | undefined {
  const spec = specByKey.get(key)!;
  if (typeof value !== 'number' || !Number.isFinite(value) || !Number.isInteger(value)) {
    errors.push({ key, message: `${key} must be a whole number of ${spec.unit} (got ${describe(value)})` });
    return undefined;
  }
  if (value < spec.min || value > spec.max) {
    errors.push({ key, message: `${key} must be between ${spec.min} and ${spec.max} ${spec.unit} (got ${value})` });
    return undefined;
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * Validates a config document and fills defaults. Reports every problem, each naming its key.
 * Schema-free by design: the messages must name keys the way an admin reads them.
 */
export function validateConfig(input: unknown): ConfigResult {
  const errors: ConfigError[] = [];
  if (!isPlainObject(input)) {
    return { ok: false, errors: [{ key: '(root)', message: `the config must be a JSON object (got ${describe(input)})` }] };
  }
  const config: PlanningConfig = structuredClone(DEFAULT_CONFIG);
  for (const [topKey, topValue] of Object.entries(input)) {
    if (topKey === 'visionHierarchyLevel') {
      const n = checkNumber(topKey, topValue, errors);
      if (n !== undefined) config.visionHierarchyLevel = n;
      continue;
    }
    if (!(SECTIONS as readonly string[]).includes(topKey)) {
      errors.push({ key: topKey === '' ? '""' : topKey, message: `unknown key "${topKey}" (known: visionHierarchyLevel, ${SECTIONS.join(', ')})` });
      continue;
    }
    const section = topKey as Section;
    if (!isPlainObject(topValue)) {
      errors.push({ key: section, message: `${section} must be an object (got ${describe(topValue)})` });
      continue;
    }
    const target = config[section] as Record<string, number>;
    for (const [subKey, subValue] of Object.entries(topValue)) {
      const key = `${section}.${subKey}`;
      if (!Object.hasOwn(target, subKey)) {
        errors.push({ key: subKey === '' ? `${section}.""` : key, message: `unknown key "${key}" (known: ${Object.keys(target).map((k) => `${section}.${k}`).join(', ')})` });
        continue;
      }
      const n = checkNumber(key, subValue, errors);
      if (n !== undefined) target[subKey] = n;
    }
  }
  if (errors.length === 0 && config.release.minIntervalDays > config.release.maxIntervalDays) {
    errors.push({
      key: 'release.minIntervalDays',
      message: `release.minIntervalDays (${config.release.minIntervalDays}) must not exceed release.maxIntervalDays (${config.release.maxIntervalDays})`,
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

/** One line for a terminal: the first error, and how many more there are. */
export function formatConfigErrors(errors: ConfigError[]): string {
  const [first, ...rest] = errors;
  if (!first) return 'invalid config';
  return rest.length > 0 ? `${first.message} (and ${rest.length} more)` : first.message;
}

/** Reads the value of a dotted key from a full config (for forms and messages). */
export function configValue(config: PlanningConfig, key: string): number {
  const [a, b] = key.split('.');
  const value = b === undefined ? (config as unknown as Record<string, unknown>)[a!] : (config as unknown as Record<string, Record<string, unknown>>)[a!]?.[b];
  if (typeof value !== 'number') throw new Error(`no config key ${key}`);
  return value;
}

/** The smallest document that gives `config` (only keys that differ from the defaults). */
export function diffFromDefaults(config: PlanningConfig): ConfigInput {
  const out: Record<string, unknown> = {};
  if (config.visionHierarchyLevel !== DEFAULT_CONFIG.visionHierarchyLevel) out.visionHierarchyLevel = config.visionHierarchyLevel;
  for (const section of SECTIONS) {
    const changed: Record<string, number> = {};
    for (const [k, v] of Object.entries(config[section])) {
      if ((DEFAULT_CONFIG[section] as Record<string, number>)[k] !== v) changed[k] = v;
    }
    if (Object.keys(changed).length > 0) out[section] = changed;
  }
  return out as ConfigInput;
}
