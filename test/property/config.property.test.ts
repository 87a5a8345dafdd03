import fc from 'fast-check';
import { CONFIG_FIELDS, configValue, validateConfig } from '../../src/core/config';

const keys = CONFIG_FIELDS.map((f) => f.key);
const anyValue = fc.oneof(fc.integer({ min: -1000, max: 5000 }), fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.integer()), fc.object());

/** Documents that look like configs: known and unknown keys with values of any type. */
const configLike = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 }), fc.constantFrom('iteration.x', 'vision', 'daily')), anyValue), { maxLength: 8 })
  .map((entries) => {
    const doc: Record<string, unknown> = {};
    for (const [key, value] of entries) {
      const [a, b] = key.split('.');
      if (b === undefined) doc[a!] = value;
      else {
        const section = (typeof doc[a!] === 'object' && doc[a!] !== null && !Array.isArray(doc[a!]) ? doc[a!] : {}) as Record<string, unknown>;
        section[b] = value;
        doc[a!] = section;
      }
    }
    return doc;
  });

describe('validateConfig under generated input', () => {
  it('accepts or rejects anything with clear, keyed errors, and never crashes', () => {
    fc.assert(
      fc.property(fc.oneof(configLike, fc.anything()), (input) => {
        const result = validateConfig(input);
        if (result.ok) {
          for (const spec of CONFIG_FIELDS) {
            const value = configValue(result.config, spec.key);
            expect(Number.isInteger(value) && value >= spec.min && value <= spec.max).toBe(true);
          }
          expect(result.config.release.minIntervalDays).toBeLessThanOrEqual(result.config.release.maxIntervalDays);
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) {
            expect(error.key.length).toBeGreaterThan(0);
            expect(error.message).toContain(error.key === '(root)' ? 'config' : error.key.split('.')[0]!);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts every in-range document and reads back what it was given', () => {
    const inRange = fc.record(
      Object.fromEntries(CONFIG_FIELDS.filter((f) => !f.key.startsWith('release')).map((f) => [f.key, fc.integer({ min: f.min, max: f.max })])),
    );
    fc.assert(
      fc.property(inRange, (values) => {
        const doc: Record<string, Record<string, number> | number> = {};
        for (const [key, value] of Object.entries(values)) {
          const [a, b] = key.split('.');
          if (b === undefined) doc[a!] = value;
          else doc[a!] = { ...((doc[a!] as Record<string, number>) ?? {}), [b]: value };
        }
        const result = validateConfig(doc);
        expect(result.ok).toBe(true);
        if (result.ok) for (const [key, value] of Object.entries(values)) expect(configValue(result.config, key)).toBe(value);
      }),
      { numRuns: 1000 },
    );
  });
});
