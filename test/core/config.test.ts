import { CONFIG_FIELDS, DEFAULT_CONFIG, configValue, diffFromDefaults, formatConfigErrors, validateConfig } from '../../src/core/config';

describe('validateConfig', () => {
  it('fills every key from the defaults for an empty document', () => {
    expect(validateConfig({})).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('keeps the DESIGN.md defaults', () => {
    expect(DEFAULT_CONFIG).toEqual({
      visionHierarchyLevel: 2,
      vision: { staleAfterDays: 365 },
      roadmap: { staleAfterDays: 91 },
      release: { minIntervalDays: 56, maxIntervalDays: 84, maxTrainSpreadDays: 14 },
      iteration: { lengthDays: 14, toleranceDays: 1, maxGapDays: 3, overrunToleranceDays: 1, carryOverSprints: 3 },
      daily: { staleAfterBusinessDays: 2 },
    });
  });

  it.each([
    ['constructor', JSON.parse('{"iteration":{"constructor":5}}') as unknown],
    ['__proto__', JSON.parse('{"iteration":{"__proto__":5}}') as unknown],
    ['toString', JSON.parse('{"daily":{"toString":1}}') as unknown],
  ])('checks own keys only: "%s" is an unknown key, not a crash', (name, input) => {
    const result = validateConfig(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]!.message).toMatch(new RegExp(`^unknown key "(iteration|daily)\\.${name}"`));
  });

  it('merges a partial document over the defaults without touching them', () => {
    const result = validateConfig({ iteration: { lengthDays: 7 } });
    expect(result.ok && result.config.iteration).toEqual({ ...DEFAULT_CONFIG.iteration, lengthDays: 7 });
    expect(DEFAULT_CONFIG.iteration.lengthDays).toBe(14);
    expect(Object.isFrozen(DEFAULT_CONFIG.iteration)).toBe(true);
  });

  it.each([
    [{ sprint: {} }, 'sprint', 'unknown key "sprint"'],
    [{ iteration: { length: 14 } }, 'iteration.length', 'unknown key "iteration.length"'],
    [{ iteration: { lengthDays: 0 } }, 'iteration.lengthDays', 'iteration.lengthDays must be between 1 and 90 days (got 0)'],
    [{ iteration: { lengthDays: 14.5 } }, 'iteration.lengthDays', 'iteration.lengthDays must be a whole number of days (got 14.5)'],
    [{ iteration: { lengthDays: '14' } }, 'iteration.lengthDays', 'must be a whole number'],
    [{ daily: { staleAfterBusinessDays: -1 } }, 'daily.staleAfterBusinessDays', 'daily.staleAfterBusinessDays must be between 1 and 60 business days'],
    [{ visionHierarchyLevel: 1 }, 'visionHierarchyLevel', 'visionHierarchyLevel must be between 2 and 10'],
    [{ release: { minIntervalDays: 90 } }, 'release.minIntervalDays', 'must not exceed release.maxIntervalDays'],
    [{ release: { maxTrainSpreadDays: 366 } }, 'release.maxTrainSpreadDays', 'release.maxTrainSpreadDays must be between 0 and 365 days (got 366)'],
    [{ release: { maxTrainSpreadDays: -1 } }, 'release.maxTrainSpreadDays', 'release.maxTrainSpreadDays must be between 0 and 365 days (got -1)'],
    [{ vision: 3 }, 'vision', 'vision must be an object'],
    [{ roadmap: null }, 'roadmap', 'roadmap must be an object (got null)'],
  ])('rejects %j naming %s', (input, key, message) => {
    const result = validateConfig(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.key).toBe(key);
    expect(result.errors[0]!.message).toContain(message);
  });

  it('rejects documents that are not objects', () => {
    for (const input of [null, 3, 'x', [], undefined]) {
      const result = validateConfig(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors[0]!.key).toBe('(root)');
    }
  });

  it('reports every bad key at once, and one line for a terminal', () => {
    const result = validateConfig({ iteration: { lengthDays: 0, maxGapDays: -2 }, daily: { x: 1 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.key)).toEqual(['iteration.lengthDays', 'iteration.maxGapDays', 'daily.x']);
    expect(formatConfigErrors(result.errors)).toMatch(/^iteration\.lengthDays .* \(and 2 more\)$/);
  });

  it('accepts every bound of every field and the keys it lists', () => {
    for (const spec of CONFIG_FIELDS) {
      for (const value of [spec.min, spec.max]) {
        const [a, b] = spec.key.split('.');
        const input = b === undefined ? { [a!]: value } : { [a!]: { [b]: value } };
        const extra = spec.key === 'release.minIntervalDays' ? { release: { minIntervalDays: value, maxIntervalDays: 730 } }
          : spec.key === 'release.maxIntervalDays' ? { release: { minIntervalDays: 1, maxIntervalDays: value } } : input;
        const result = validateConfig(extra);
        expect(result.ok).toBe(true);
        if (result.ok) expect(configValue(result.config, spec.key)).toBe(value);
      }
    }
  });

  it('gives back the smallest document for a config', () => {
    const result = validateConfig({ iteration: { lengthDays: 7 }, visionHierarchyLevel: 3 });
    expect(result.ok && diffFromDefaults(result.config)).toEqual({ visionHierarchyLevel: 3, iteration: { lengthDays: 7 } });
    expect(diffFromDefaults(DEFAULT_CONFIG)).toEqual({});
  });
});
